// The language server: wires LSP capabilities to features, a few lines each. Every feature
// reads the one analysis of the current document version (documents.ts); nothing here parses
// text. State lives in three objects: the configuration (config.ts), the open documents with
// one record each (documents.ts) and the workspace index (workspace/).
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type CodeActionParams,
  type CodeLens,
  type CodeLensParams,
  type CompletionParams,
  type Connection,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type DocumentFormattingParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type FoldingRangeParams,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type PrepareRenameParams,
  type RenameParams,
  ProposedFeatures,
  type ServerCapabilities,
  type SymbolInformation,
  TextDocumentSyncKind,
  type TextEdit,
  WatchKind,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { reanalyse } from './analysis';
import { packageInfo } from '../cli/packageInfo';
import { documentPath, ServerConfig } from './serverConfig';
import { CONFIG_FILE_NAME, invalidate as invalidateTeamConfig } from '../config/teamConfig';
import { DocumentStore } from './documents';
import { cleanUpTextEdits } from '../features/cleanup';
import { getCodeActions } from '../features/codeActions';
import { getCompletions } from '../features/completion';
import { getFoldingRanges } from '../features/folding';
import { getHover } from '../features/hover';
import { isRefused, prepareItemRename, type Refused, renameItem } from '../features/rename';
import { flatDocumentSymbols, getDocumentSymbols } from '../features/symbols';
import { pageStarts } from '../features/pages';
import {
  handle,
  hasDoc,
  hasPosition,
  hasQuery,
  hasUri,
  initializationOptionsOf,
  isCodeActionParams,
  isRenameParams,
  isSimilarLens,
  onCustomRequest,
  sendCustomNotification,
} from './params';
import { isPdfViewUri, pdfText } from '../pdf/pdfDocuments';
import { endIdleReaders } from '../pdf/reader';
import { CLEAN_UP_REQUEST, LETTERS_CHANGED_NOTIFICATION, PAGES_REQUEST, PDF_TEXT_REQUEST, SETTINGS_SECTION } from '../protocol';
import { Publisher } from './publisher';
import { checkText, knowledgeBaseFileFor, summaryContext } from '../pipeline/checkText';
import { KnowledgeBaseWatch } from './knowledgeBaseWatch';
import { normalizeSettings } from './settings';
import { LibraryService } from '../library/libraryService';
import { wireLibraryRequests } from './libraryRequests';
import { SimilarDecisionsService, type SimilarLens } from './similarDecisions';
import { createNodeFileSystem } from '../workspace/nodeFileSystem';
import { WorkspaceIndex } from '../workspace/workspaceIndex';

const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  documentSymbolProvider: { label: 'IMR determination' },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
  foldingRangeProvider: true,
  hoverProvider: true,
  codeLensProvider: { resolveProvider: true },
  completionProvider: { triggerCharacters: [' ', ':'], resolveProvider: false },
  workspaceSymbolProvider: true,
  documentFormattingProvider: true,
  renameProvider: { prepareProvider: true },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

const fileRoot = (uri: string | null | undefined): string | null => (uri?.startsWith('file:') ? fileURLToPath(uri) : null);

export class ImrServer {
  private readonly config: ServerConfig;
  private readonly docs: DocumentStore;
  private readonly library: LibraryService;
  private readonly similar: SimilarDecisionsService;
  private readonly index: WorkspaceIndex;
  private readonly publisher: Publisher;
  private readonly kbWatch: KnowledgeBaseWatch;
  /** The knowledge-base files the library's letters use, as of the end of the last indexing. */
  private libraryKbFiles = new Set<string>();
  private canPullConfiguration = false;
  /** What the client lets the server register after initialize: a server asks for nothing else (LSP's client/registerCapability). */
  private canRegister = { watchedFiles: false, configuration: false };
  /** The client takes the outline as a tree (DocumentSymbol); else as a flat list (SymbolInformation). */
  private treeOutline = true;
  private hasWorkspaceFolders = false;
  private docsBase: string | undefined;

  constructor(private readonly connection: Connection) {
    this.config = new ServerConfig((message) => void connection.window.showErrorMessage(message));
    this.docs = new DocumentStore(this.config);
    this.publisher = new Publisher(
      connection,
      this.docs,
      () => this.docsBase,
      (uri) => this.config.teamFor(uri),
    );
    this.library = this.createLibrary();
    this.similar = new SimilarDecisionsService(this.library, connection);
    this.index = new WorkspaceIndex(createNodeFileSystem({ maxFiles: () => this.config.settings.libraryMaxFiles }), { library: this.library });
    this.library.attach(this.index);
    this.kbWatch = new KnowledgeBaseWatch({
      changed: (file) => this.knowledgeBaseChanged(file),
      publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
    });
    this.wireLifecycle();
    this.wireDocuments();
    this.wireRequests();
    this.wireRename();
    this.wireCustomRequests();
  }

  /** The letter library (library/libraryService.ts): summaries from the index, kept on disk. */
  private createLibrary(): LibraryService {
    return new LibraryService({
      check: (uri, text) => checkText(text, this.config.forDocument(uri)),
      context: () => summaryContext(packageInfo().version, this.config.user()),
      settings: () => this.config.user(),
      notify: (p) => {
        sendCustomNotification(this.connection, LETTERS_CHANGED_NOTIFICATION, p);
        this.similar.libraryChanged(p.indexing);
        // The library's letters known: follow the knowledge-base files their team files name.
        if (!p.indexing) this.followKnowledgeBases(true);
      },
      log: (message) => this.connection.console.info(message),
    });
  }

  listen(): void {
    this.docs.documents.listen(this.connection);
    this.connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.canPullConfiguration = !!params.capabilities.workspace?.configuration;
    this.treeOutline = !!params.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
    this.canRegister = {
      watchedFiles: !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      configuration: !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration,
    };
    this.hasWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    this.similar.canRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    // Settings only: initialize answers at once; a knowledge-base file is read with the first refresh.
    const options = initializationOptionsOf(params.initializationOptions);
    this.config.settings = normalizeSettings(options.settings ?? {});
    this.library.start(options.storagePath);
    // Rule pages ship next to the bundle (dist/server.js -> docs/rules).
    this.docsBase = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).toString();
    for (const folder of params.workspaceFolders ?? []) this.addRoot(folder.uri);
    if (!params.workspaceFolders) this.addRoot(params.rootUri);
    return { capabilities: CAPABILITIES, serverInfo: { name: 'imr-determination-language-server', version: packageInfo().version } };
  }

  private addRoot(uri: string | null | undefined): void {
    const root = fileRoot(uri);
    if (root) this.index.addRoot(root);
  }

  private async initialized(): Promise<void> {
    const { client, workspace } = this.connection;
    // Letters change on disk (git pull, another editor): keep the workspace index current.
    // A deleted folder is reported as the folder, hence the second watcher.
    const watchers = [{ globPattern: '**/*.{txt,imr,pdf}' }, { globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: '**/*', kind: WatchKind.Delete }];
    // A client that cannot register watchers: letters changed on disk are read again at the next start.
    if (this.canRegister.watchedFiles) void client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
    if (this.hasWorkspaceFolders) {
      workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) if (fileRoot(f.uri)) this.index.removeRoot(fileRoot(f.uri)!);
        for (const f of e.added) this.addRoot(f.uri);
      });
    }
    if (this.canPullConfiguration) {
      // Refused or not offered, the settings are still pulled now (and pushed changes still read).
      if (this.canRegister.configuration) await client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
      await this.refreshSettings();
    }
  }

  private async refreshSettings(pushed?: unknown): Promise<void> {
    let raw = pushed;
    if (this.canPullConfiguration) raw = await this.connection.workspace.getConfiguration(SETTINGS_SECTION).catch(() => pushed);
    await this.config.update(raw);
    // Problems and guideline names in the library follow the rule levels and the knowledge base.
    this.library.settingsChanged();
    this.recheckOpen();
    this.followKnowledgeBases(true);
    this.similar.refresh();
  }

  /** The open letters are checked again (settings, a team file or a knowledge base changed). */
  private recheckOpen(): void {
    this.docs.invalidate();
    for (const doc of this.docs.all()) this.publisher.publish(doc);
  }

  /**
   * The knowledge-base files in force are followed on disk (knowledgeBaseWatch.ts): the setting's,
   * and those named by the team files over the open documents and (`rescanLibrary`, when indexing
   * ends) the library's letters: one look-up per folder.
   */
  private followKnowledgeBases(rescanLibrary = false): void {
    const user = this.config.user();
    const kbFiles = (uris: string[]): Set<string> => {
      const files = new Set<string>();
      const folders = new Set<string>();
      for (const uri of uris) {
        const file = documentPath(uri);
        if (!file || folders.has(path.dirname(file))) continue;
        folders.add(path.dirname(file));
        files.add(knowledgeBaseFileFor(file, user));
      }
      return files;
    };
    const follow = () => this.kbWatch.follow([user.knowledgeBaseFile, ...this.libraryKbFiles, ...kbFiles(this.docs.all().map((d) => d.uri))]);
    if (!rescanLibrary) return follow();
    void this.library.uris().then(
      (uris) => {
        this.libraryKbFiles = kbFiles(uris);
        follow();
      },
      () => follow(),
    );
  }

  /** A knowledge-base file changed on disk: the open letters are checked again, and the library's letters that use it. */
  private knowledgeBaseChanged(file: string): void {
    const user = this.config.user();
    this.library.knowledgeBaseChanged((p) => knowledgeBaseFileFor(p, user) === file);
    this.recheckOpen();
  }

  private wireLifecycle(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.initialized());
    c.onDidChangeConfiguration((change) => void this.refreshSettings((change.settings as { imr?: unknown } | undefined)?.imr));
    c.onDidChangeWatchedFiles((p) => {
      for (const change of p?.changes ?? []) {
        if (typeof change?.uri !== 'string') continue;
        if (this.teamConfigChanged(change.uri)) continue;
        if (change.type === 3 /* Deleted */) this.index.fileDeleted(change.uri);
        else this.index.fileChanged(change.uri);
      }
    });
    c.onShutdown(async () => {
      this.kbWatch.dispose();
      this.index.dispose();
      await this.library.shutdown();
      // The PDF reader's idle worker is ended now rather than torn down by process exit.
      await endIdleReaders();
    });
  }

  /** A `.imr.json` was created, changed or deleted: the open letters under it are checked again. */
  private teamConfigChanged(uri: string): boolean {
    const file = documentPath(uri);
    if (!file || path.basename(file) !== CONFIG_FILE_NAME) return false;
    invalidateTeamConfig(file);
    this.publisher.forgetTeamConfig(file);
    this.recheckOpen();
    this.followKnowledgeBases(true);
    return true;
  }

  private wireDocuments(): void {
    const { documents } = this.docs;
    documents.onDidOpen((e) => {
      this.publisher.publish(e.document);
      this.followKnowledgeBases();
    });
    documents.onDidChangeContent((e) => {
      // The index reads the model of whatever version is current when typing pauses: the parse
      // diagnostics made for it, not a second one.
      const uri = e.document.uri;
      // A PDF's view is indexed from the PDF itself (one entry per PDF).
      if (!isPdfViewUri(uri)) this.index.update(uri, () => this.withDoc(uri, null, (doc) => this.docs.analysis(doc).checked));
      if (this.config.settings.run === 'onType') this.publisher.schedule(e.document);
    });
    documents.onDidSave((e) => {
      if (this.config.settings.run === 'onSave') this.publisher.publish(e.document);
    });
    documents.onDidClose((e) => {
      this.docs.close(e.document.uri);
      if (!isPdfViewUri(e.document.uri)) this.index.remove(e.document.uri);
      this.publisher.clear(e.document.uri);
    });
  }

  private withDoc<T>(uri: string, empty: T, f: (doc: TextDocument) => T): T {
    const doc = this.docs.get(uri);
    return doc ? f(doc) : empty;
  }

  private wireRequests(): void {
    const c = this.connection;
    const analysis = (doc: TextDocument) => this.docs.analysis(doc);
    // Outline and folding are asked for again and again without an edit (the outline view, the
    // breadcrumbs, sticky scroll): computed once per version.
    c.onDocumentSymbol(
      handle(hasDoc, (p: DocumentSymbolParams) =>
        this.withDoc<DocumentSymbol[] | SymbolInformation[]>(p.textDocument.uri, [], (doc) => {
          const tree = analysis(doc).cached('symbols', getDocumentSymbols);
          return this.treeOutline ? tree : flatDocumentSymbols(tree, doc.uri);
        }),
      ),
    );
    c.onFoldingRanges(
      handle(hasDoc, (p: FoldingRangeParams) => this.withDoc(p.textDocument.uri, [], (doc) => analysis(doc).cached('folding', getFoldingRanges))),
    );
    c.onCodeAction(
      handle(isCodeActionParams, (p: CodeActionParams) =>
        this.withDoc(p.textDocument.uri, [], (doc) => {
          // A PDF's view is read-only: no fix could be applied to it.
          if (isPdfViewUri(doc.uri)) return [];
          const a = analysis(doc);
          return getCodeActions(a.model, doc.uri, a.findings(), p.context.diagnostics, p.context.only, (text) => reanalyse(text, doc.uri, this.config));
        }),
      ),
    );
    c.onHover(
      handle(hasPosition, (p: HoverParams) =>
        this.withDoc(p.textDocument.uri, null, async (doc): Promise<Hover | null> => {
          const a = analysis(doc);
          const hover = getHover(a.model, doc.offsetAt(p.position), this.config.forDocument(doc.uri).kb);
          if (!hover) return null;
          // On an item's name: how the library decided similar requests (its thread answers; nothing waits here).
          const similar = hover.item && (await this.similar.hoverLine(doc.uri, a, a.model.lines.range(hover.item.name.span).start));
          return {
            contents: { kind: 'markdown', value: similar ? `${hover.contents}\n\n${similar}` : hover.contents },
            range: a.model.lines.range(hover.span),
          };
        }),
      ),
    );
    c.onCodeLens(
      handle(hasDoc, (p: CodeLensParams) =>
        this.withDoc(p.textDocument.uri, [], (doc) => this.similar.codeLenses(doc.uri, analysis(doc), this.config.settings.similarDecisionsLens)),
      ),
    );
    // The counts, for the lenses the editor shows (their query runs on the library's thread).
    c.onCodeLensResolve(
      handle(isSimilarLens, (lens: CodeLens) => {
        const similar = lens as SimilarLens;
        return this.withDoc(similar.data.uri, Promise.resolve(lens), (doc) => this.similar.resolve(similar, analysis(doc)));
      }),
    );
    c.onCompletion(
      handle(hasPosition, (p: CompletionParams) =>
        this.withDoc(p.textDocument.uri, [], (doc) =>
          analysis(doc).declined ? [] : getCompletions(analysis(doc).model, doc.offsetAt(p.position), this.config.forDocument(doc.uri).kb),
        ),
      ),
    );
    c.onWorkspaceSymbol(handle(hasQuery, (p: WorkspaceSymbolParams) => this.index.query(p.query)));
    c.onDocumentFormatting(handle(hasDoc, (p: DocumentFormattingParams) => this.cleanUp(p.textDocument.uri)));
  }

  /** The clean-up of PDF text: both a command (imr/cleanUp) and the document formatter. */
  private cleanUp(uri: string): TextEdit[] {
    return this.withDoc(uri, [], (doc) => (isPdfViewUri(uri) || this.docs.analysis(doc).declined ? [] : cleanUpTextEdits(doc.getText())));
  }

  /** Rename of an item's name; a refusal is an error whose message the editor shows. */
  private wireRename(): void {
    const c = this.connection;
    const analysis = (doc: TextDocument) => this.docs.analysis(doc);
    const rename = <T extends object>(uri: string, f: (doc: TextDocument) => T | Refused): T | ResponseError | null =>
      this.withDoc(uri, null, (doc) => {
        const r = isPdfViewUri(uri)
          ? { refused: "A PDF's text is read-only." }
          : analysis(doc).declined
            ? { refused: 'This document was not checked.' }
            : f(doc);
        return isRefused(r) ? new ResponseError(LSPErrorCodes.RequestFailed, r.refused) : r;
      });
    c.onPrepareRename(
      handle(hasPosition, (p: PrepareRenameParams) => rename(p.textDocument.uri, (doc) => prepareItemRename(analysis(doc).model, doc.offsetAt(p.position)))),
    );
    c.onRenameRequest(
      handle(isRenameParams, (p: RenameParams) =>
        rename(p.textDocument.uri, (doc) => renameItem(analysis(doc).model, doc.offsetAt(p.position), p.newName, doc.uri)),
      ),
    );
  }

  /** The requests of protocol.ts. */
  private wireCustomRequests(): void {
    const c = this.connection;
    const analysis = (doc: TextDocument) => this.docs.analysis(doc);
    onCustomRequest(
      c,
      CLEAN_UP_REQUEST,
      handle(hasUri, (p) => this.cleanUp(p.uri)),
    );
    onCustomRequest(
      c,
      PAGES_REQUEST,
      handle(hasUri, (p) => this.withDoc(p.uri, { starts: [] }, (doc) => analysis(doc).cached('pages', pageStarts))),
    );
    // The text of a PDF for its read-only view; one that cannot be read is an error naming it and why.
    onCustomRequest(c, PDF_TEXT_REQUEST, async (p, token) => {
      if (!hasUri(p)) return new ResponseError(ErrorCodes.InvalidParams, 'invalid params');
      const r = await pdfText(p.uri);
      if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      return r.ok ? r.result : new ResponseError(LSPErrorCodes.RequestFailed, r.reason);
    });
    wireLibraryRequests(c, this.library);
  }
}

export function startServer(connection: Connection): ImrServer {
  const server = new ImrServer(connection);
  server.listen();
  return server;
}

/** Started by dist/server.js (server/src/lsp/bootstrap.ts), or directly: node dist/server-main.js --stdio. */
export function main(): void {
  startServer(createConnection(ProposedFeatures.all));
}

if (require.main === module) main();
