// IMR: Export Letters as CSV: one row per disputed item of every letter in the workspace,
// with the columns of `imr-check --format csv`, to a file the user picks.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { letterRows, toCsv } from '../../../server/src/csv/csv';
import { EXPORT_PAGE_SIZE, LETTERS_REQUEST, type LetterSummary } from '../../../server/src/protocol';

/** Relative to the workspace folder when inside one (as the CLI prints paths), else the path or URI. */
export function csvFileOf(uri: string): string {
  const u = vscode.Uri.parse(uri);
  return vscode.workspace.getWorkspaceFolder(u) ? vscode.workspace.asRelativePath(u, false) : u.scheme === 'file' ? u.fsPath : uri;
}

/** Every letter of the library (`library`: an opened library file's id), page by page. */
export async function allLetters(client: LanguageClient, library?: string): Promise<LetterSummary[]> {
  const out: LetterSummary[] = [];
  for (;;) {
    const page = await client.sendRequest(LETTERS_REQUEST, { ...(library ? { library } : {}), offset: out.length, limit: EXPORT_PAGE_SIZE });
    out.push(...page);
    if (page.length < EXPORT_PAGE_SIZE) return out;
  }
}

/** `target` skips the save dialog (tests, other commands). Returns where it wrote, or undefined when cancelled. */
export async function exportLettersCsv(client: LanguageClient, target?: vscode.Uri, library?: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Export IMR Letters as CSV',
      saveLabel: 'Export',
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'imr-letters.csv') : undefined,
      filters: { 'CSV files': ['csv'] },
    }));
  if (!uri) return undefined;
  const letters = await allLetters(client, library);
  const rows = letterRows(letters, csvFileOf);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(toCsv(rows), 'utf8'));
  if (!target)
    void vscode.window.showInformationMessage(`IMR: exported ${rows.length} items of ${letters.length} letters to ${vscode.workspace.asRelativePath(uri)}.`);
  return uri;
}
