// How similar requests were decided, in the real editor: a code lens above an item of an open
// letter ("4 similar: 3 upheld, 1 overturned"), its counts those of the library's letters its
// filter lists, and its command sets that filter on the IMR Letters view, which then shows
// exactly those letters (the open letter not among them).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LibraryApi } from '../../../client/src/library/register';
import { COMMANDS, LETTERS_REQUEST, type LettersFilter } from '../../../server/src/protocol';
import { EXTENSION_ID, noAutoSave, openLetter, revertAndCloseAll, sendRequest, waitFor, workspaceFile } from './util';

describe('similar decisions', () => {
  let library: LibraryApi;
  let client: LanguageClient;
  before(async () => {
    await noAutoSave();
    ({ library, client } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { library: LibraryApi; client: LanguageClient });
  });
  after(async () => {
    await library.view.setFilter({});
    await revertAndCloseAll();
  });

  it('a code lens above the item counts the similar requests, and its command filters the IMR Letters view to them', async () => {
    const uri = workspaceFile('draft-missing-rationale.imr');
    const doc = await openLetter(uri);
    const itemLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('Physical therapy 2 times a week'));
    // The lenses come once the library has read the workspace (the server asks the editor to refresh them then).
    const lens = await waitFor('the similar-decisions lens above the physical therapy item', async () => {
      // The lenses come without their counts, resolved as the editor shows them: resolve them all, as it would.
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      return lenses?.find((l) => l.command?.command === COMMANDS.lettersShowSimilar && l.range.start.line === itemLine);
    });
    const title = lens.command!.title;
    const filter = lens.command!.arguments![0] as LettersFilter;
    assert.deepStrictEqual(filter, { treatment: 'physical', bodyPart: 'lumbar spine', exclude: `${uri.toString()}#1` });
    // The counts are those of the letters the filter lists: never the open letter itself.
    const letters = await sendRequest(client, LETTERS_REQUEST, { filter });
    const items = letters.flatMap((l) => l.items);
    const count = (d: string) => items.filter((i) => i.decision === d).length;
    const undecided = items.length - count('Upheld') - count('Overturned');
    assert.strictEqual(
      title,
      `${items.length} similar: ${count('Upheld')} upheld, ${count('Overturned')} overturned${undecided ? `, ${undecided} undecided` : ''}`,
    );
    // Earlier tests may leave another letter open with an edit (the library follows open texts): at least one other letter.
    assert.ok(items.length >= 1, title);
    assert.ok(!letters.some((l) => l.uri === uri.toString() && l.letter === 1), 'the letter counts itself');

    await vscode.commands.executeCommand(lens.command!.command, ...lens.command!.arguments!);
    assert.deepStrictEqual(library.view.filter, filter);
    const shown = new Set<string>();
    for (const g of await library.view.getChildren())
      for (const n of await library.view.getChildren(g))
        if (n.kind === 'letter') shown.add(`${path.basename(vscode.Uri.parse(n.letter.uri).fsPath)}#${n.letter.letter}`);
    assert.deepStrictEqual([...shown].sort(), letters.map((l) => `${path.basename(vscode.Uri.parse(l.uri).fsPath)}#${l.letter}`).sort());
  });
});
