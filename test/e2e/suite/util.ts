// Helpers shared by the e2e suites (bundled into each test file by scripts/e2e/build-tests.mjs).
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'imr-tools.imr-determinations';
export const LANGUAGE_ID = 'imr-determination';

/** Project root: out/test/e2e/<suite>/ is four levels below it. */
export const ROOT = process.env.IMR_E2E_ROOT || path.resolve(__dirname, '..', '..', '..', '..');
export const sample = (name: string) => vscode.Uri.file(path.join(ROOT, 'samples', name));
export const workspaceFile = (name: string) => vscode.Uri.file(path.join(ROOT, 'test', 'e2e', 'workspace', name));

/** Polls fn until it returns something other than undefined (no fixed sleeps). */
export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The live document for uri: the client may re-open it under another language id. */
export const liveDocument = (uri: vscode.Uri) =>
  vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

/** Opens uri in an editor and waits until it has the IMR language id. */
export async function openLetter(uri: vscode.Uri): Promise<vscode.TextDocument> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return waitFor(`${path.basename(uri.fsPath)} to become ${LANGUAGE_ID}`, () => {
    const d = liveDocument(uri);
    return d?.languageId === LANGUAGE_ID ? d : undefined;
  });
}

/** Document symbols once the language server answers with a non-empty outline. */
export async function documentSymbols(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  return waitFor(`document symbols for ${path.basename(uri.fsPath)}`, async () => {
    const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
    return s && s.length ? s : undefined;
  });
}
