// The thin client: starts the language server, recognises letters saved as .txt, and
// offers the few commands that need the editor (turning a rule off writes a setting).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerCheckTask } from './checkTask';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { looksLikeLetter } from '../../server/src/parse/looksLikeLetter';
import {
  CLEAN_UP_REQUEST,
  COMMANDS,
  type InitializationOptions,
  LANGUAGE_ID,
  PDF_SCHEME,
  SERVER_NODE_FLAGS,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  type StatusParams,
} from '../../server/src/protocol';
import { registerPdfView } from './pdfView';
import { registerPdfEditor } from './pdfEditor';
import { PageMarkers } from './pages';
import { type LibraryApi, registerLibrary } from './library/register';

let client: LanguageClient | undefined;

function detect(doc: vscode.TextDocument): void {
  if (doc.languageId !== 'plaintext' || !/\.txt$/i.test(doc.uri.path)) return;
  if (!vscode.workspace.getConfiguration(SETTINGS_SECTION, doc.uri).get<boolean>('detectLettersInTextFiles', true)) return;
  if (looksLikeLetter(doc.getText(new vscode.Range(0, 0, 400, 0)))) void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient; library: LibraryApi; pages: PageMarkers }> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps a V8 code cache of its bundle in the extension's own storage (start-up ~20 ms faster).
  const env = { ...process.env, IMR_CODE_CACHE_DIR: context.globalStorageUri.fsPath };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: SERVER_NODE_FLAGS } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every letter, including the read-only views of PDFs (imr-pdf:, see pdfView.ts).
    documentSelector: [{ language: LANGUAGE_ID }, { scheme: PDF_SCHEME, language: LANGUAGE_ID }],
    // storagePath: where the server keeps the letter library between sessions (none: memory only).
    initializationOptions: {
      settings: vscode.workspace.getConfiguration(SETTINGS_SECTION),
      storagePath: context.storageUri?.fsPath,
    } satisfies InitializationOptions,
  };
  client = new LanguageClient('imr', 'IMR Determinations', serverOptions, clientOptions);

  // Status bar: counts of the active letter, pushed by the server with each diagnostics run.
  const status = vscode.window.createStatusBarItem('imr.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'IMR Determination';
  status.command = 'outline.focus';
  const latest = new Map<string, StatusParams>();
  const showStatus = () => {
    const editor = vscode.window.activeTextEditor;
    const s = editor && editor.document.languageId === LANGUAGE_ID ? latest.get(editor.document.uri.toString()) : undefined;
    if (!s || !s.isLetter) return status.hide();
    status.text = s.text;
    // The server's tooltip already says what a click does.
    status.tooltip = s.tooltip || s.text;
    status.show();
  };

  context.subscriptions.push(
    status,
    vscode.window.onDidChangeActiveTextEditor(showStatus),
    vscode.workspace.onDidCloseTextDocument((d) => latest.delete(d.uri.toString())),
    vscode.workspace.onDidOpenTextDocument(detect),
    vscode.commands.registerTextEditorCommand(COMMANDS.cleanUpText, async (editor) => {
      if (!client) return;
      const edits = await client.sendRequest(CLEAN_UP_REQUEST, { uri: editor.document.uri.toString() });
      if (edits.length === 0) return void vscode.window.showInformationMessage('IMR: the text is already clean.');
      // One WorkspaceEdit = one undo step.
      const edit = new vscode.WorkspaceEdit();
      edit.set(
        editor.document.uri,
        edits.map((e) => vscode.TextEdit.replace(client!.protocol2CodeConverter.asRange(e.range), e.newText)),
      );
      await vscode.workspace.applyEdit(edit);
    }),
    vscode.commands.registerCommand(COMMANDS.disableRule, async (code: string) => {
      const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
      const inspect = config.inspect<Record<string, string>>('rules');
      const target = inspect?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      const current = (target === vscode.ConfigurationTarget.Workspace ? inspect?.workspaceValue : inspect?.globalValue) ?? {};
      await config.update('rules', { ...current, [code]: 'off' }, target);
    }),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => client?.restart()),
    registerCheckTask(context),
  );
  for (const doc of vscode.workspace.textDocuments) detect(doc);
  const started = client.start();
  // Registered before the server runs (a restored PDF tab asks at once); reads wait for it.
  registerPdfView(context, LANGUAGE_ID, () => started.then(() => client!));
  registerPdfEditor(context);
  await started;
  const pages = new PageMarkers(client);
  context.subscriptions.push(pages);
  context.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, (p) => {
      latest.set(p.uri, p);
      showStatus();
    }),
  );
  const library = registerLibrary(context, client);
  return { client, library, pages };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
