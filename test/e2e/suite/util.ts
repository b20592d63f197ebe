// Helpers shared by the e2e suites (bundled into each test file by scripts/e2e/build-tests.mjs).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RequestType } from 'vscode-jsonrpc';
import type { LanguageClient } from 'vscode-languageclient/node';

export const EXTENSION_ID = 'imr-tools.imr-determinations';
export const LANGUAGE_ID = 'imr-determination';

/**
 * One of protocol.ts's requests, sent through the extension's client and typed by its
 * RequestType. By its method: this test bundle has its own copy of vscode-jsonrpc, whose request
 * types the extension's copy (in dist/extension.js) does not take at run time.
 */
export function sendRequest<P, R>(client: LanguageClient, type: RequestType<P, R, void>, params: P): Promise<R> {
  return client.sendRequest<R>(type.method, params);
}

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
export const liveDocument = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

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

/** A diagnostic's code as a string (the client turns a code with a rule page into {value, target}). */
export const codeOf = (d: vscode.Diagnostic): string | undefined =>
  d.code === undefined ? undefined : String(typeof d.code === 'object' ? d.code.value : d.code);

/** This extension's diagnostics of uri (other extensions may report on the same file). */
export const imrDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'imr');

/** Polls the diagnostics of uri until ok(diagnostics) holds; returns them. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, ok: (ds: vscode.Diagnostic[]) => boolean, ms = 30000): Promise<vscode.Diagnostic[]> {
  return waitFor(
    `diagnostics of ${path.basename(uri.fsPath)}: ${what}`,
    () => {
      const ds = imrDiagnostics(uri);
      return ok(ds) ? ds : undefined;
    },
    ms,
  ).catch((e: Error) => {
    // Say what was there instead.
    const seen = imrDiagnostics(uri).map((d) => `${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} @${d.range.start.line}:${d.range.start.character}`);
    throw new Error(`${e.message}; last seen: ${JSON.stringify(seen)}`);
  });
}

/** The range of the first occurrence of text in doc (after `from`, when given). */
export function rangeOf(doc: vscode.TextDocument, text: string, from = 0): vscode.Range {
  const at = doc.getText().indexOf(text, from);
  if (at < 0) throw new Error(`"${text}" not found in ${path.basename(doc.uri.fsPath)}`);
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + text.length));
}

/** Replaces the first occurrence of `from` in the document by `to`, as one WorkspaceEdit. */
export async function replaceText(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, rangeOf(doc, from), to);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`edit "${from}" -> "${to}" was not applied`);
}

/** Hover contents as one markdown string. */
export function hoverMarkdown(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n\n');
}

/**
 * Closes every editor without a save prompt: dirty documents (edited by a test) are reverted
 * first, untitled ones discarded. A prompt would otherwise hang the run.
 */
export async function revertAndCloseAll(): Promise<void> {
  const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty || d.isUntitled);
  for (const doc of dirty) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  // The extension host hears of it a little later. An untitled document must be gone before the
  // next test opens one: it would get the same name (Untitled-1) and could be handed this one.
  await waitFor('reverted documents to be clean and untitled ones closed', () =>
    dirty.every((d) => (d.isUntitled ? d.isClosed : !d.isDirty)) ? true : undefined,
  );
}

/** Process ids of this extension's language servers: children of this extension host running dist/server.js. */
export function languageServerPids(): number[] {
  const pids: number[] = [];
  if (process.platform === 'linux') {
    // /proc needs no `ps` (slim images lack procps).
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        // stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid !== process.pid) continue;
        const args = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
        if (args.some((a) => /[\\/]dist[\\/]server\.js$/.test(a))) pids.push(Number(name));
      } catch {
        // The process ended while we looked.
      }
    }
    return pids;
  }
  const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m && Number(m[2]) === process.pid && /[\\/]dist[\\/]server\.js\b/.test(m[3])) pids.push(Number(m[1]));
  }
  return pids;
}

/** The one running language server (waits for it to be started). */
export const languageServerPid = (except?: number): Promise<number> =>
  waitFor(`the language server process${except ? ` other than ${except}` : ''}`, () => {
    const pids = languageServerPids().filter((p) => p !== except);
    return pids.length === 1 ? pids[0] : undefined;
  });

/** A process's environment (Linux /proc; null elsewhere or when it is gone). */
export function processEnv(pid: number): Record<string, string> | null {
  if (process.platform !== 'linux') return null;
  try {
    const env: Record<string, string> = {};
    for (const entry of fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return env;
  } catch {
    return null;
  }
}

/** Whether a process exists (signal 0). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Tests edit the shared letters of test/e2e/workspace and revert them; nothing may save them.
 * The web workbench (code-server) auto-saves after a second by default (desktop VS Code does
 * not), which under load wrote a test's edit to disk. Turned off in the throw-away profile.
 */
export async function noAutoSave(): Promise<void> {
  const files = vscode.workspace.getConfiguration('files');
  if (files.get('autoSave') !== 'off') await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  await waitFor('files.autoSave to be off', () => (vscode.workspace.getConfiguration('files').get('autoSave') === 'off' ? true : undefined));
}
