// Wires the letter library into the extension: the IMR Letters view, its commands, the summary
// panel and the CSV export. extension.ts calls registerLibrary once the client has started.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type LanguageClient, State } from 'vscode-languageclient/node';
import { COMMANDS, LETTERS_SUMMARY_REQUEST, type LetterItemSummary, type LettersFilter, type LettersSummary } from '../../../server/src/protocol';
import { exportLettersCsv } from './exportCsv';
import { askFilter, type LetterNode, LettersView, openLetterAt, pickGrouping } from './lettersView';
import { closeLibrary, libraryOf, openLibrary } from './libraryRoots';
import { SummaryPanel } from './summaryPanel';

export interface LibraryApi {
  view: LettersView;
  summary: () => SummaryPanel | undefined;
  exportCsv: (target?: vscode.Uri) => Promise<vscode.Uri | undefined>;
}

export function registerLibrary(context: vscode.ExtensionContext, client: LanguageClient): LibraryApi {
  const view = new LettersView(client, context.workspaceState);
  // The summary shows every letter, whatever the view's filter: the server sends its figures.
  let figures: LettersSummary = { totals: { letters: 0, items: 0, upheld: 0, overturned: 0, other: 0, files: 0 }, charts: [] };
  /** The summary shows the opened library file (asked from its root's context menu) while it is open; else the workspace's. */
  let summaryOfOpened = false;
  const summaryTitle = () => {
    const opened = summaryOfOpened ? view.roots?.opened.library : undefined;
    if (SummaryPanel.current) SummaryPanel.current.panel.title = opened ? `IMR Letters Summary: ${path.basename(opened.file)}` : 'IMR Letters Summary';
  };
  const refreshAll = async () => {
    // Undefined (the workspace's, or the file was closed) is not sent.
    figures = await client.sendRequest(LETTERS_SUMMARY_REQUEST, { library: summaryOfOpened ? view.roots?.opened.library?.id : undefined }).then(
      (r) => r,
      () => figures,
    );
    summaryTitle();
    SummaryPanel.current?.update();
  };
  const filterFromSummary = async (f: LettersFilter) => {
    await view.setFilter(f);
    await view.revealFirst();
  };
  context.subscriptions.push(
    view,
    view.onDidFetch.event(() => {
      if (SummaryPanel.current) void refreshAll();
    }),
    // From a node's click (uri, range) or its inline button (the node itself).
    vscode.commands.registerCommand(COMMANDS.lettersOpenItem, (a: string | LetterNode, range?: LetterItemSummary['range']) => {
      if (typeof a === 'string' && range) return openLetterAt(a, range);
      if (a && typeof a === 'object' && (a.kind === 'letter' || a.kind === 'item') && a.letter.notOnThisMachine)
        return vscode.window.showInformationMessage(`IMR: this letter's file is not on this machine (it was at ${a.letter.notOnThisMachine}).`);
      if (a && typeof a === 'object' && (a.kind === 'letter' || a.kind === 'item')) {
        const r = a.kind === 'item' ? a.item.range : a.letter.items[0]?.range;
        if (r) return openLetterAt(a.letter.uri, r);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.lettersLoadMore, (node: LetterNode) => view.loadMore(node)),
    // A similar-decisions code lens (the server's): its filter, this letter left out.
    vscode.commands.registerCommand(COMMANDS.lettersShowSimilar, (f: LettersFilter) => {
      if (f && typeof f === 'object') return filterFromSummary(f);
    }),
    vscode.commands.registerCommand(COMMANDS.lettersFilter, () => askFilter(view)),
    vscode.commands.registerCommand(COMMANDS.lettersClearFilter, () => view.setFilter({})),
    vscode.commands.registerCommand(COMMANDS.lettersGroupBy, () => pickGrouping(view)),
    vscode.commands.registerCommand(COMMANDS.lettersRefresh, () => view.refresh()),
    // From a root's context menu (the node): that library's summary; elsewhere, the workspace's.
    vscode.commands.registerCommand(COMMANDS.showLettersSummary, async (node?: unknown) => {
      summaryOfOpened = libraryOf(node) !== undefined;
      await refreshAll();
      SummaryPanel.show(
        context.extensionUri,
        () => figures,
        (f) => void filterFromSummary(f),
      );
      summaryTitle();
    }),
    // Arguments: a target Uri (no dialog), or a root node (its library) and optionally the target.
    vscode.commands.registerCommand(COMMANDS.exportLettersCsv, (a?: unknown, b?: unknown) => {
      const target = [a, b].find((x) => x instanceof vscode.Uri);
      return exportLettersCsv(client, target, libraryOf(a));
    }),
    vscode.commands.registerCommand(COMMANDS.openLibrary, (arg?: unknown) => openLibrary(client, view, arg)),
    vscode.commands.registerCommand(COMMANDS.closeLibrary, () => closeLibrary(client, view)),
    // A restarted server (IMR: Restart Language Server, or after a crash) has no file open: the opened one is opened again.
    client.onDidChangeState((e) => {
      const file = view.roots?.opened.library?.file;
      if (e.newState === State.Running && file) void openLibrary(client, view, file);
    }),
  );
  void vscode.commands.executeCommand('setContext', 'imr.lettersFiltered', false);
  return { view, summary: () => SummaryPanel.current, exportCsv: (t) => exportLettersCsv(client, t) };
}
