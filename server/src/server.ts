// The language server: wires LSP capabilities to features. Every feature reads the one
// analysis of the current document version (see analysis.ts); nothing here parses text.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  type Connection,
  createConnection,
  DidChangeConfigurationNotification,
  type InitializeParams,
  type InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer } from './analysis';
import { getCodeActions } from './features/codeActions';
import { toDiagnostics } from './features/diagnostics';
import { getFoldingRanges } from './features/folding';
import { getDocumentSymbols } from './features/symbols';
import { defaultKnowledgeBase, type KnowledgeBase } from './mtus/knowledgeBase';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from './settings';

/** Typing pauses this long before diagnostics are recomputed. */
const DIAGNOSTICS_DELAY_MS = 150;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let settings: Settings = DEFAULT_SETTINGS;
  let kb: KnowledgeBase = defaultKnowledgeBase();
  const analyzer = new Analyzer(() => settings, () => kb);
  let canPullConfiguration = false;
  let docsBase: string | undefined;
  const timers = new Map<string, NodeJS.Timeout>();
  const declinedShown = new Set<string>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    settings = normalizeSettings(params.initializationOptions?.settings ?? {});
    // Rule pages ship next to the bundle (dist/server.js -> docs/rules).
    docsBase = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).toString();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        documentSymbolProvider: { label: 'IMR determination' },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
        foldingRangeProvider: true,
      },
      serverInfo: { name: 'imr-determination-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (canPullConfiguration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'imr' });
      await refreshSettings();
    }
  });

  async function refreshSettings(pushed?: unknown): Promise<void> {
    let raw = pushed;
    if (canPullConfiguration) raw = await connection.workspace.getConfiguration('imr').catch(() => pushed);
    settings = normalizeSettings(raw);
    analyzer.invalidate();
    for (const doc of documents.all()) publishDiagnostics(doc);
  }

  connection.onDidChangeConfiguration((change) => {
    void refreshSettings((change.settings as { imr?: unknown } | undefined)?.imr);
  });

  function publishDiagnostics(doc: TextDocument): void {
    const analysis = analyzer.get(doc);
    if (analysis.declined) {
      if (!declinedShown.has(doc.uri)) {
        declinedShown.add(doc.uri);
        void connection.window.showWarningMessage(`IMR: this document was not checked (${analysis.declined}).`);
      }
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
      return;
    }
    const diagnostics = toDiagnostics(analysis.model, analysis.findings(), docsBase);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  function schedule(doc: TextDocument, delay: number): void {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (current) publishDiagnostics(current);
      }, delay),
    );
  }

  documents.onDidOpen((e) => publishDiagnostics(e.document));
  documents.onDidChangeContent((e) => {
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
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const withDoc = <T>(uri: string, empty: T, f: (doc: TextDocument) => T): T => {
    const doc = documents.get(uri);
    return doc ? f(doc) : empty;
  };

  connection.onDocumentSymbol((p) => withDoc(p.textDocument.uri, [], (doc) => getDocumentSymbols(analyzer.get(doc).model)));
  connection.onFoldingRanges((p) => withDoc(p.textDocument.uri, [], (doc) => getFoldingRanges(analyzer.get(doc).model)));
  connection.onCodeAction((p) =>
    withDoc(p.textDocument.uri, [], (doc) => {
      const a = analyzer.get(doc);
      return getCodeActions(a.model, doc.uri, a.findings(), p.context.diagnostics, p.context.only);
    }),
  );

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) startServer(createConnection(ProposedFeatures.all));
