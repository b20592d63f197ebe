// Wires the letter library into the extension: the IMR Letters view, its commands, the summary
// panel and the CSV export. extension.ts calls registerLibrary once the client has started.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, LETTERS_REQUEST, VIEW_ITEM_FIELDS, type LetterItemSummary, type LetterSummary, type LettersFilter } from '../../../server/src/protocol';
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
  // The summary shows every letter, whatever the view's filter: it fetches its own copy.
  let all: LetterSummary[] = [];
  const refreshAll = async () => {
    all = await client.sendRequest<LetterSummary[]>(LETTERS_REQUEST, { itemFields: VIEW_ITEM_FIELDS }).then((r) => r, () => all);
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
      if (a && typeof a === 'object' && a.kind !== 'group') {
        const r = a.kind === 'item' ? a.item.range : a.letter.items[0]?.range;
        if (r) return openLetterAt(a.letter.uri, r);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.lettersFilter, () => askFilter(view)),
    vscode.commands.registerCommand(COMMANDS.lettersClearFilter, () => view.setFilter({})),
    vscode.commands.registerCommand(COMMANDS.lettersGroupBy, () => pickGrouping(view)),
    vscode.commands.registerCommand(COMMANDS.lettersRefresh, () => view.refresh()),
    vscode.commands.registerCommand(COMMANDS.showLettersSummary, async () => {
      await refreshAll();
      SummaryPanel.show(context.extensionUri, () => all, (f) => void filterFromSummary(f));
    }),
    vscode.commands.registerCommand(COMMANDS.exportLettersCsv, (target?: vscode.Uri) => exportLettersCsv(client, target instanceof vscode.Uri ? target : undefined)),
  );
  void vscode.commands.executeCommand('setContext', 'imr.lettersFiltered', false);
  return { view, summary: () => SummaryPanel.current, exportCsv: (t) => exportLettersCsv(client, t) };
}
