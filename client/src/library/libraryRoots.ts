// IMR: Open Letters Library…: a library file built anywhere (`imr-check --library`, `imr-check
// merge`) opened read-only by the server (imr/openLibrary) and shown in the IMR Letters view as a
// second root beside the workspace's own library, until its Close Library action. A bad file is
// refused with the server's message (the file and the reason) and nothing in the view changes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CLOSE_LIBRARY_REQUEST, type LetterGroupsResult, OPEN_LIBRARY_REQUEST, type OpenLibraryResult } from '../../../server/src/protocol';
import type { GroupNode, LettersView } from './lettersView';

/** A root of the view while a library file is open: the workspace's library (`library` absent) or the file's. */
export interface RootNode {
  kind: 'root';
  library: OpenLibraryResult | undefined;
  /** The opened file's groups (the workspace's are the view's own). */
  groups: GroupNode[];
  result?: LetterGroupsResult;
}

/** The library a command was run for: an opened file's id from its root's context menu, else the workspace's (undefined). */
export const libraryOf = (node: unknown): string | undefined =>
  node && typeof node === 'object' && (node as { kind?: unknown }).kind === 'root' ? (node as RootNode).library?.id : undefined;

export function rootItem(node: RootNode, workspace: LetterGroupsResult): vscode.TreeItem {
  const count = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'letter' : 'letters'}`;
  if (!node.library) {
    const t = new vscode.TreeItem('Workspace', vscode.TreeItemCollapsibleState.Expanded);
    t.id = 'root:workspace';
    t.description = count(workspace.letters);
    t.tooltip = 'The letters of this workspace’s folders';
    t.contextValue = 'workspaceLibrary';
    t.iconPath = new vscode.ThemeIcon('root-folder');
    return t;
  }
  const t = new vscode.TreeItem(path.basename(node.library.file), vscode.TreeItemCollapsibleState.Expanded);
  t.id = `root:${node.library.id}`;
  t.description = `${count(node.result?.letters ?? node.library.letters)} · read-only`;
  t.tooltip = `${node.library.file}\nA letters library, opened read-only (never changed). Letters whose files are not on this machine say where they were.`;
  t.contextValue = 'openedLibrary';
  t.iconPath = new vscode.ThemeIcon('database');
  return t;
}

export async function closeOpenedLibrary(client: LanguageClient, id: string): Promise<void> {
  await client.sendRequest(CLOSE_LIBRARY_REQUEST, { id }).then(undefined, () => undefined);
}

/** The command: `arg` (a Uri or a path) skips the dialog. Answers what was opened, or undefined (cancelled, or refused and said). */
export async function openLibrary(client: LanguageClient, view: LettersView, arg?: unknown): Promise<OpenLibraryResult | undefined> {
  const picked =
    arg instanceof vscode.Uri
      ? arg
      : typeof arg === 'string'
        ? vscode.Uri.file(arg)
        : (
            await vscode.window.showOpenDialog({
              title: 'Open Letters Library',
              openLabel: 'Open Library',
              canSelectMany: false,
              filters: { 'Letters libraries': ['sqlite', 'db'], 'All files': ['*'] },
            })
          )?.[0];
  if (!picked) return undefined;
  let opened: OpenLibraryResult;
  try {
    opened = await client.sendRequest(OPEN_LIBRARY_REQUEST, { file: picked.fsPath });
  } catch (e) {
    // The server's message names the file and the reason (libraryFile.ts); never a stack.
    const m = e instanceof Error ? e.message : '';
    void vscode.window.showErrorMessage(
      `IMR: cannot open the letters library ${m.includes(picked.fsPath) ? m : `${picked.fsPath}: ${m || 'the language server did not answer'}`}`,
    );
    return undefined;
  }
  const previous = view.roots?.opened.library;
  if (previous && previous.id !== opened.id) await closeOpenedLibrary(client, previous.id);
  view.roots = { workspace: { kind: 'root', library: undefined, groups: [] }, opened: { kind: 'root', library: opened, groups: [] } };
  await vscode.commands.executeCommand('setContext', 'imr.libraryOpen', true);
  await view.refresh();
  return opened;
}

/** Close Library: the view shows the workspace's library alone again. Answers the id closed. */
export async function closeLibrary(client: LanguageClient, view: LettersView): Promise<string | undefined> {
  const id = view.roots?.opened.library?.id;
  view.roots = undefined;
  if (id) await closeOpenedLibrary(client, id);
  await vscode.commands.executeCommand('setContext', 'imr.libraryOpen', false);
  await view.refresh();
  return id;
}
