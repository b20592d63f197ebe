// The language server: wires LSP capabilities to features. Every feature reads the one
// analysis of the current document version (see analysis.ts); nothing here parses text.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CancellationToken,
  CodeActionKind,
  type CodeActionParams,
  type CompletionParams,
  type DocumentFormattingParams,
  type DocumentSymbolParams,
  ErrorCodes,
  type FoldingRangeParams,
  type HoverParams,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  type WorkspaceSymbolParams,
  type Connection,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from './analysis';
import { cleanUpTextEdits } from './features/cleanup';
import { getCodeActions } from './features/codeActions';
import { getCompletions } from './features/completion';
import { toDiagnostics } from './features/diagnostics';
import { getFoldingRanges } from './features/folding';
import { getHover } from './features/hover';
import { statusCounts } from './features/statusCounts';
import { getDocumentSymbols } from './features/symbols';
import { createNodeFileSystem, WorkspaceIndex } from './features/workspaceIndex';
import { defaultKnowledgeBase, type KnowledgeBase, loadKnowledgeBase, parseUserKnowledgeBaseFile } from './mtus/knowledgeBase';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';
import { LETTERS_CHANGED_NOTIFICATION, LETTERS_REQUEST, type LettersParams } from './protocol';
import { runRules } from './rules/engine';
import { IndexStore } from './workspace/indexStore';
import { summarizeLetters } from './workspace/library';

/** Typing pauses this long before diagnostics are recomputed. */
const DIAGNOSTICS_DELAY_MS = 150;

/** Custom requests/notifications of this server (the client uses them for commands and the status bar). */
export const CLEAN_UP_REQUEST = 'imr/cleanUp';
export const STATUS_NOTIFICATION = 'imr/status';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let settings: Settings = DEFAULT_SETTINGS;
  let userKb: KnowledgeBase | null = null;
  /** The bundled knowledge base is built on first use, not at start: initialize answers sooner. */
  const kbNow = (): KnowledgeBase => userKb ?? defaultKnowledgeBase();
  const analyzer = new Analyzer(() => settings, kbNow);
  let canPullConfiguration = false;
  let hasWorkspaceFolders = false;
  let docsBase: string | undefined;
  const timers = new Map<string, NodeJS.Timeout>();
  const declinedShown = new Set<string>();
  /** Version last published per document: opening fires both open and change events. */
  const published = new Map<string, number>();
  /** Status-bar counts last sent per document: typing rarely changes them, so most runs send nothing. */
  const statusSent = new Map<string, string>();
  // The letter library: summaries per letter, kept on disk when the client gives a storage folder.
  const libraryContext = () => `0.1.0|${settings.knowledgeBaseFile}|${JSON.stringify(settings.rules)}`;
  const libraryStore = new IndexStore(undefined);
  let lastLibraryContext = '';
  let lettersTimer: NodeJS.Timeout | undefined;
  let awaitingIdle = false;
  const lettersChanged = () => {
    if (lettersTimer) return;
    lettersTimer = setTimeout(() => {
      lettersTimer = undefined;
      const indexing = index.indexing();
      if (indexing && !awaitingIdle) {
        awaitingIdle = true;
        void index.ready().then(() => ((awaitingIdle = false), lettersChanged()));
      }
      void connection.sendNotification(LETTERS_CHANGED_NOTIFICATION, { indexing, letters: index.letterCount(), queued: index.stats().queued });
    }, 150);
  };
  const index = new WorkspaceIndex(createNodeFileSystem(), {
    store: libraryStore,
    onDidChange: lettersChanged,
    summarize: (uri, model) => {
      // An open document's findings are already computed for its diagnostics: reuse them.
      const doc = documents.get(uri);
      const a = doc ? analyzer.get(doc) : undefined;
      const findings = a && a.model === model ? a.findings() : runRules(model, kbNow(), settings.rules);
      return summarizeLetters(uri, model, kbNow(), findings);
    },
  });
  let kbFileLoaded = '';

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    hasWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
    settings = normalizeSettings(params.initializationOptions?.settings ?? {});
    const storagePath = params.initializationOptions?.storagePath;
    libraryStore.setFolder(typeof storagePath === 'string' && storagePath ? storagePath : undefined);
    lastLibraryContext = libraryContext();
    libraryStore.setContext(lastLibraryContext);
    lettersChanged();
    // Rule pages ship next to the bundle (dist/server.js -> docs/rules).
    docsBase = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).toString();
    for (const folder of params.workspaceFolders ?? []) if (folder.uri.startsWith('file:')) index.addRoot(fileURLToPath(folder.uri));
    if (!params.workspaceFolders && params.rootUri?.startsWith('file:')) index.addRoot(fileURLToPath(params.rootUri));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        documentSymbolProvider: { label: 'IMR determination' },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
        foldingRangeProvider: true,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ':'], resolveProvider: false },
        workspaceSymbolProvider: true,
        documentFormattingProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'imr-determination-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    // Letters change on disk (git pull, another editor): keep the workspace index current.
    // A deleted folder is reported as the folder, hence the second watcher.
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{txt,imr}' }, { globPattern: '**/*', kind: WatchKind.Delete }] })
      .catch(() => undefined);
    if (hasWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) if (f.uri.startsWith('file:')) index.removeRoot(fileURLToPath(f.uri));
        for (const f of e.added) if (f.uri.startsWith('file:')) index.addRoot(fileURLToPath(f.uri));
      });
    }
    if (canPullConfiguration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'imr' });
      await refreshSettings();
    }
  });

  /** Reads the user's knowledge-base file when the setting names a new one; reports bad entries. */
  async function refreshKnowledgeBase(): Promise<void> {
    const file = settings.knowledgeBaseFile;
    if (file === kbFileLoaded) return;
    kbFileLoaded = file;
    if (!file) {
      userKb = null;
      return;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      userKb = null;
      void connection.window.showErrorMessage(`IMR: cannot read the knowledge-base file '${file}': ${(e as NodeJS.ErrnoException).code ?? 'error'}.`);
      return;
    }
    // A syntax error discards the file; a bad entry only itself (listed in loadErrors).
    const parsed = parseUserKnowledgeBaseFile(text);
    const loaded = parsed.value === undefined ? defaultKnowledgeBase() : loadKnowledgeBase(parsed.value);
    const errors = parsed.value === undefined ? parsed.errors : loaded.loadErrors;
    userKb = loaded;
    if (errors.length > 0) {
      const shown = errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; ');
      void connection.window.showErrorMessage(`IMR: ${errors.length} problem(s) in the knowledge-base file '${file}' (those entries are ignored): ${shown}`);
    }
  }

  async function refreshSettings(pushed?: unknown): Promise<void> {
    let raw = pushed;
    if (canPullConfiguration) raw = await connection.workspace.getConfiguration('imr').catch(() => pushed);
    settings = normalizeSettings(raw);
    await refreshKnowledgeBase();
    // Problems and guideline names in the library follow the rule levels and the knowledge base.
    const context = libraryContext();
    if (context !== lastLibraryContext) {
      lastLibraryContext = context;
      libraryStore.setContext(context);
      index.reindexAll();
    }
    analyzer.invalidate();
    for (const doc of documents.all()) publishDiagnostics(doc);
  }

  connection.onDidChangeConfiguration((change) => {
    void refreshSettings((change.settings as { imr?: unknown } | undefined)?.imr);
  });

  function publishDiagnostics(doc: TextDocument): void {
    published.set(doc.uri, doc.version);
    const analysis = analyzer.get(doc);
    if (analysis.declined) {
      if (!declinedShown.has(doc.uri)) {
        declinedShown.add(doc.uri);
        // A plain notification: nothing to answer, so nothing waits on the user.
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `IMR: this document was not checked (${analysis.declined}).` });
      }
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
      sendStatus(doc, statusCounts(analysis.model, []));
      return;
    }
    const findings = analysis.findings();
    const diagnostics = toDiagnostics(analysis.model, findings, docsBase);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    sendStatus(doc, statusCounts(analysis.model, findings));
  }

  function sendStatus(doc: TextDocument, counts: ReturnType<typeof statusCounts>): void {
    const key = JSON.stringify(counts);
    if (statusSent.get(doc.uri) === key) return;
    statusSent.set(doc.uri, key);
    void connection.sendNotification(STATUS_NOTIFICATION, { uri: doc.uri, version: doc.version, ...counts });
  }

  function schedule(doc: TextDocument, delay: number): void {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (current && published.get(current.uri) !== current.version) publishDiagnostics(current);
      }, delay),
    );
  }

  documents.onDidOpen((e) => publishDiagnostics(e.document));
  documents.onDidChangeContent((e) => {
    // The index reads the model of whatever version is current when typing pauses: the parse
    // diagnostics made for it, not a second one.
    const uri = e.document.uri;
    index.update(uri, () => {
      const doc = documents.get(uri);
      return doc ? analyzer.get(doc).model : null;
    });
    if (settings.run === 'onType') schedule(e.document, DIAGNOSTICS_DELAY_MS);
  });
  documents.onDidSave((e) => {
    if (settings.run === 'onSave') publishDiagnostics(e.document);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    analyzer.delete(e.document.uri);
    declinedShown.delete(e.document.uri);
    published.delete(e.document.uri);
    statusSent.delete(e.document.uri);
    index.remove(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const withDoc = <T>(uri: string, empty: T, f: (doc: TextDocument) => T): T => {
    const doc = documents.get(uri);
    return doc ? f(doc) : empty;
  };

  /**
   * Every request goes through here: malformed params get InvalidParams (not an exception from
   * deep inside a feature), and a request cancelled before it ran does no work at all.
   */
  function handle<P, R>(valid: (p: P) => boolean, run: (p: P) => R) {
    return (p: P, token?: CancellationToken): R | ResponseError => {
      if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
      if (!valid(p)) return new ResponseError(ErrorCodes.InvalidParams, 'invalid params');
      return run(p);
    };
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const hasDoc = (p: unknown) => isObject(p) && isObject(p.textDocument) && typeof p.textDocument.uri === 'string';
  const isPosition = (v: unknown) => isObject(v) && Number.isFinite(v.line) && Number.isFinite(v.character);
  const hasPosition = (p: unknown) => hasDoc(p) && isPosition((p as { position: unknown }).position);
  const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);

  // Outline and folding are asked for again and again without an edit (the outline view, the
  // breadcrumbs, sticky scroll): computed once per version.
  connection.onDocumentSymbol(handle(hasDoc, (p: DocumentSymbolParams) => withDoc(p.textDocument.uri, [], (doc) => analyzer.get(doc).cached('symbols', getDocumentSymbols))));
  connection.onFoldingRanges(handle(hasDoc, (p: FoldingRangeParams) => withDoc(p.textDocument.uri, [], (doc) => analyzer.get(doc).cached('folding', getFoldingRanges))));
  connection.onCodeAction(
    handle(
      (p: CodeActionParams) => hasDoc(p) && isRange(p.range) && isObject(p.context) && Array.isArray(p.context.diagnostics),
      (p: CodeActionParams) =>
        withDoc(p.textDocument.uri, [], (doc) => {
          const a = analyzer.get(doc);
          return getCodeActions(a.model, doc.uri, a.findings(), p.context.diagnostics, p.context.only, (t) => analyzer.reanalyse(t));
        }),
    ),
  );
  connection.onHover(
    handle(hasPosition, (p: HoverParams): Hover | null =>
      withDoc(p.textDocument.uri, null, (doc) => {
        const a = analyzer.get(doc);
        const hover = getHover(a.model, doc.offsetAt(p.position), kbNow());
        return hover ? { contents: { kind: 'markdown', value: hover.contents }, range: a.model.lines.range(hover.span) } : null;
      }),
    ),
  );
  connection.onCompletion(
    handle(hasPosition, (p: CompletionParams) =>
      withDoc(p.textDocument.uri, [], (doc) => {
        const a = analyzer.get(doc);
        return a.declined ? [] : getCompletions(a.model, doc.offsetAt(p.position), kbNow());
      }),
    ),
  );
  connection.onWorkspaceSymbol(handle((p: WorkspaceSymbolParams) => isObject(p) && typeof p.query === 'string', (p: WorkspaceSymbolParams) => index.query(p.query)));
  connection.onDidChangeWatchedFiles((p) => {
    for (const change of p?.changes ?? []) {
      if (typeof change?.uri !== 'string') continue;
      if (change.type === 3 /* Deleted */) index.fileDeleted(change.uri);
      else index.fileChanged(change.uri);
    }
  });
  // The clean-up of PDF text is both a command (imr/cleanUp) and the document formatter.
  const cleanUp = (uri: string) => withDoc(uri, [], (doc) => (analyzer.get(doc).declined ? [] : cleanUpTextEdits(doc.getText())));
  connection.onDocumentFormatting(handle(hasDoc, (p: DocumentFormattingParams) => cleanUp(p.textDocument.uri)));
  const hasUri = (p: unknown) => isObject(p) && typeof p.uri === 'string';
  connection.onRequest(CLEAN_UP_REQUEST, handle(hasUri, (p: { uri: string }) => cleanUp(p.uri)));
  connection.onRequest(
    'imr/statusCounts',
    handle(hasUri, (p: { uri: string }) =>
      withDoc(p.uri, null, (doc) => {
        const a = analyzer.get(doc);
        return a.declined ? null : statusCounts(a.model, a.findings());
      }),
    ),
  );
  const isFilter = (f: unknown) =>
    f === undefined || (isObject(f) && ['text', 'outcome', 'guideline', 'section', 'specialty', 'month'].every((k) => f[k] === undefined || typeof f[k] === 'string'));
  connection.onRequest(
    LETTERS_REQUEST,
    handle((p: LettersParams | undefined) => p === undefined || p === null || (isObject(p) && isFilter(p.filter)), (p: LettersParams | undefined) => index.letters(p?.filter)),
  );
  connection.onShutdown(async () => {
    index.dispose();
    await libraryStore.flush();
  });

  documents.listen(connection);
  connection.listen();
}

/** Started by dist/server.js (server/src/bootstrap.ts), or directly: node dist/server-main.js --stdio. */
export function main(): void {
  startServer(createConnection(ProposedFeatures.all));
}

if (require.main === module) main();
