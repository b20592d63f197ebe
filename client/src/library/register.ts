// Wires the letter library into the extension: the IMR Letters view, its commands, the summary
// panel and the CSV export. extension.ts calls registerLibrary once the client has started.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, LETTERS_SUMMARY_REQUEST, type LetterItemSummary, type LettersFilter, type LettersSummary } from '../../../server/src/protocol';
import { exportLettersCsv } from './exportCsv';
import { askFilter, type LetterNode, LettersView, openLetterAt, pickGrouping } from './lettersView';
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
  const refreshAll = async () => {
    figures = await client.sendRequest(LETTERS_SUMMARY_REQUEST, {}).then(
      (r) => r,
      () => figures,
    );
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
    vscode.commands.registerCommand(COMMANDS.showLettersSummary, async () => {
      await refreshAll();
      SummaryPanel.show(
        context.extensionUri,
        () => figures,
        (f) => void filterFromSummary(f),
      );
    }),
    vscode.commands.registerCommand(COMMANDS.exportLettersCsv, (target?: vscode.Uri) =>
      exportLettersCsv(client, target instanceof vscode.Uri ? target : undefined),
    ),
  );
  void vscode.commands.executeCommand('setContext', 'imr.lettersFiltered', false);
  return { view, summary: () => SummaryPanel.current, exportCsv: (t) => exportLettersCsv(client, t) };
}
