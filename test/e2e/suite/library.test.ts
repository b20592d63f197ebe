// The letter library in the real editor: the IMR Letters view lists the workspace's letters
// grouped by outcome, the filter narrows it, a click opens the letter at the item; the summary
// webview draws its charts; the CSV export reads back equal to imr/letters.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LibraryApi } from '../../../client/src/library/register';
import type { LetterNode, LettersView } from '../../../client/src/library/lettersView';
import { csvFileOf } from '../../../client/src/library/exportCsv';
import { CSV_COLUMNS, letterRows, parseCsv } from '../../../server/src/csv/csv';
import { COMMANDS, LETTERS_REQUEST, LETTERS_SUMMARY_REQUEST, type LetterSummary } from '../../../server/src/protocol';
import { EXTENSION_ID, noAutoSave, revertAndCloseAll, sendRequest, waitFor, workspaceFile } from './util';

/** test/e2e/workspace: six letters in five files (one QA batch of two); notes.txt is no letter. */
const FILES = ['batch-two-letters.imr', 'draft-missing-rationale.imr', 'physical-therapy-lumbar.txt', 'physical-therapy-upheld.txt', 'x-rays-and-pt.txt'];

async function api(): Promise<{ library: LibraryApi; client: LanguageClient }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  return (await ext.activate()) as { library: LibraryApi; client: LanguageClient };
}

const labelOf = (t: vscode.TreeItem) => (typeof t.label === 'string' ? t.label : (t.label?.label ?? ''));
const fileOf = (l: LetterSummary) => path.basename(vscode.Uri.parse(l.uri).fsPath);

/** Every letter the view shows: each group opened (as a user expands it), each letter once. */
async function lettersShown(view: LettersView): Promise<LetterSummary[]> {
  const seen = new Map<string, LetterSummary>();
  for (const g of await view.getChildren()) {
    for (const n of await view.getChildren(g)) if (n.kind === 'letter') seen.set(`${n.letter.uri}#${n.letter.letter}`, n.letter);
  }
  return [...seen.values()];
}

describe('letter library', () => {
  let library: LibraryApi;
  let client: LanguageClient;
  before(async () => {
    await noAutoSave();
    ({ library, client } = await api());
    await vscode.commands.executeCommand('imr.letters.focus');
    // The index builds in the background; the view refreshes on imr/lettersChanged.
    await waitFor('the view to list every letter of the workspace', async () => {
      const shown = await lettersShown(library.view);
      const files = new Set(shown.map(fileOf));
      return FILES.every((f) => files.has(f)) && shown.length >= 6 ? true : undefined;
    });
  });
  after(revertAndCloseAll);

  it('groups the letters by outcome, each group with its count', async () => {
    await library.view.setGrouping('outcome');
    const groups = await library.view.getChildren();
    const shown = groups.map((g) => {
      const t = library.view.getTreeItem(g);
      return `${labelOf(t)}: ${t.description}`;
    });
    assert.deepStrictEqual(shown, ['All upheld: 5 letters', 'Mixed: 1 letter'], JSON.stringify(shown));
    const mixed = await library.view.getChildren(groups[1]);
    assert.strictEqual(mixed.length, 1);
    const letter = library.view.getTreeItem(mixed[0]);
    assert.strictEqual(labelOf(letter), 'CM99-0000456');
    const items = (await library.view.getChildren(mixed[0])).map((n) => library.view.getTreeItem(n));
    assert.deepStrictEqual(
      items.map((t) => `${labelOf(t)}: ${t.description}`),
      ['Physical therapy 2 times a week for 4 weeks, lumbar spine: Upheld', 'MRI of the right knee: Overturned'],
    );
    assert.strictEqual((items[1].iconPath as vscode.ThemeIcon).id, 'pass');
    // The batch file's two letters are listed one by one.
    const upheld = (await library.view.getChildren(groups[0])).map((n) => labelOf(library.view.getTreeItem(n)));
    assert.ok(upheld.includes('CM99-0000011') && upheld.includes('CM99-0000012'), JSON.stringify(upheld));
  });

  it('the filter narrows the view to items named so, and says so in the view', async () => {
    await library.view.setFilter({ text: 'acupuncture' });
    try {
      const letters = await lettersShown(library.view);
      assert.deepStrictEqual(letters.map((l) => l.caseNumber).sort(), ['CM99-0000011', 'CM99-0000012']);
      assert.ok(letters.every((l) => l.items.every((i) => /acupuncture/i.test(i.name))));
      assert.match(library.view.view.description ?? '', /filter: acupuncture/);
      const items = letters.reduce((n, l) => n + l.items.length, 0);
      assert.strictEqual(library.view.view.message, `2 letters, ${items} items match “acupuncture” (by outcome)`);
      await library.view.setFilter({ text: 'physical therapy', outcome: 'mixed' });
      const mixed = await lettersShown(library.view);
      assert.deepStrictEqual(mixed.map(fileOf), ['draft-missing-rationale.imr']);
      assert.strictEqual(mixed[0].items.length, 1);
    } finally {
      await library.view.setFilter({});
    }
    assert.ok((await lettersShown(library.view)).length >= 6);
  });

  it('a group opens a page of letters at a time, and "Show more" adds the next page', async () => {
    library.view.pageSize = 2;
    try {
      // A new grouping starts every group at its first page (a refresh keeps as many letters as were shown).
      await library.view.setGrouping('outcome');
      const upheld = (await library.view.getChildren())[0];
      assert.strictEqual(upheld.kind === 'group' && upheld.group.letters, 5);
      const first = await library.view.getChildren(upheld);
      assert.deepStrictEqual(
        first.map((n) => n.kind),
        ['letter', 'letter', 'more'],
      );
      const more = library.view.getTreeItem(first[2]);
      assert.deepStrictEqual([labelOf(more), more.description], ['Show 2 more…', '3 not shown']);
      // The node's own command, as a click runs it.
      await vscode.commands.executeCommand(more.command!.command, ...(more.command!.arguments ?? []));
      const second = await library.view.getChildren(upheld);
      assert.deepStrictEqual(
        second.map((n) => n.kind),
        ['letter', 'letter', 'letter', 'letter', 'more'],
      );
      await vscode.commands.executeCommand(COMMANDS.lettersLoadMore, second[4]);
      const all = (await library.view.getChildren(upheld)).filter((n) => n.kind === 'letter');
      assert.strictEqual(all.length, 5);
      assert.strictEqual(new Set(all.map((n) => n.kind === 'letter' && `${n.letter.uri}#${n.letter.letter}`)).size, 5, 'no letter twice');
    } finally {
      library.view.pageSize = 200;
      await library.view.refresh();
    }
  });

  it('a click on an item opens its letter with the item selected', async () => {
    await library.view.setGrouping('guideline');
    const groups = await library.view.getChildren();
    let target: Extract<LetterNode, { kind: 'item' }> | undefined;
    for (const g of groups)
      for (const l of await library.view.getChildren(g))
        for (const i of await library.view.getChildren(l)) {
          if (i.kind === 'item' && i.item.name === 'MRI of the right knee') target = i;
        }
    assert.ok(target, 'the knee MRI item is listed');
    const cmd = library.view.getTreeItem(target).command!;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    const editor = await waitFor('the letter in an editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === workspaceFile('draft-missing-rationale.imr').toString() ? e : undefined;
    });
    assert.strictEqual(editor.document.getText(editor.selection), 'MRI of the right knee');
    await library.view.setGrouping('outcome');
  });

  it('the summary webview draws its four charts and the table', async () => {
    await vscode.commands.executeCommand(COMMANDS.showLettersSummary);
    const report = await waitFor('the summary to report its drawing', () => library.summary()?.lastRendered);
    assert.strictEqual(report.charts, 4);
    assert.ok(report.bars >= 4, JSON.stringify(report));
    assert.ok(report.rows >= report.bars, JSON.stringify(report));
    library.summary()?.dispose();
  });

  it('each bar of the summary ends inside its box, at three widths, with its label whole', async () => {
    await vscode.commands.executeCommand(COMMANDS.showLettersSummary);
    const panel = await waitFor('the summary to draw', () => (library.summary()?.lastRendered ? library.summary() : undefined));
    const figures = await sendRequest(client, LETTERS_SUMMARY_REQUEST, {});
    const labels = new Set(figures.charts.flatMap((c) => c.rows.map((r) => r.label)));
    try {
      // One column (a narrow panel), two, and three side by side (where the longest bar ran off the screen).
      for (const [width, columns] of [
        [360, 1],
        [900, 2],
        [1500, 3],
      ]) {
        const m = await panel.measure(width);
        assert.strictEqual(m.page.right - m.page.left, width);
        assert.strictEqual(new Set(m.charts.map((c) => c.left)).size, columns, `${width}px: ${JSON.stringify(m.charts)}`);
        assert.ok(m.bars.length >= 4, `${width}px: ${JSON.stringify(m)}`);
        for (const b of m.bars) {
          const where = `${width}px, ${b.chart} "${b.label}": ${JSON.stringify(b)}`;
          assert.ok(b.bar.right <= b.track.right && b.track.right <= b.box.right, `bar past its box at ${where}`);
          assert.ok(b.count.right <= b.box.right && b.labelBox.right <= b.track.left, `count or label out of place at ${where}`);
          assert.ok(b.box.left >= m.page.left && b.box.right <= m.page.right, `chart past the page (${JSON.stringify(m.page)}) at ${where}`);
          assert.ok(labels.has(b.label), `label cut at ${where}`);
        }
        // The longest bar fills its track: the bars scale to the box, not to a fixed width.
        const guideline = m.bars.filter((b) => b.chart === 'guideline');
        assert.ok(
          guideline.some((b) => b.bar.right >= b.track.right - 1),
          `${width}px: no bar fills its track ${JSON.stringify(guideline)}`,
        );
      }
    } finally {
      library.summary()?.dispose();
    }
  });

  it('a misspelt decision needs a decision, a file left out says why, a misspelt facet is named, the whole filter is in a tooltip', async () => {
    // Written for this test only (and removed after): a letter with `Uphled`, a batch over the library's 2 MB limit.
    const letter = fs.readFileSync(workspaceFile('physical-therapy-upheld.txt').fsPath, 'utf8');
    const misspelt = workspaceFile('needs-decision.txt');
    const big = workspaceFile('big-batch.txt');
    fs.writeFileSync(misspelt.fsPath, letter.replace('lumbar spine: Upheld', 'lumbar spine: Uphled'));
    fs.writeFileSync(big.fsPath, letter + '\n'.repeat(3 * 1024 * 1024));
    try {
      await library.view.setGrouping('outcome');
      const groups = await waitFor('the new letter and the file left out in the view', async () => {
        await library.view.refresh();
        const gs = await library.view.getChildren();
        const shown = gs.map((g) => `${labelOf(library.view.getTreeItem(g))}: ${library.view.getTreeItem(g).description}`);
        return shown.includes('Needs a decision: 1 letter') && shown.includes('Not in the library: 1 file') ? gs : undefined;
      });
      assert.deepStrictEqual(
        groups.map((g) => labelOf(library.view.getTreeItem(g))),
        ['All upheld', 'Mixed', 'Needs a decision', 'Not in the library'],
      );
      const undecided = await library.view.getChildren(groups[2]);
      assert.deepStrictEqual(
        undecided.map((n) => n.kind === 'letter' && fileOf(n.letter)),
        ['needs-decision.txt'],
      );
      const [left] = (await library.view.getChildren(groups[3])).map((n) => library.view.getTreeItem(n));
      assert.deepStrictEqual([labelOf(left), left.description], ['big-batch.txt', "larger than the library's limit (3.0 MB; limit 2 MB)"]);

      // The filter: `outcome:undecided` finds it; a misspelt facet is named, with the facets.
      await library.view.setFilterText('outcome:undecided');
      assert.deepStrictEqual((await lettersShown(library.view)).map(fileOf), ['needs-decision.txt']);
      await library.view.setFilterText('outcom:overturned');
      assert.match(
        library.view.view.message ?? '',
        /^'outcom' is not a facet: the facets are outcome, guideline, section, specialty, month, treatment, bodyPart\./,
      );
      assert.deepStrictEqual(library.view.filter, { outcome: 'undecided' }, 'the filter stays as it was');

      // A long filter: the description is cut to the view's width, the badge's tooltip and the message hold it whole.
      const guideline = 'Chronic Pain Medical Treatment Guidelines (2009)';
      await library.view.setFilter({ text: 'physical therapy', guideline });
      const whole = `physical therapy guideline:"${guideline}"`;
      assert.strictEqual(library.view.view.description, `filter: ${whole}`);
      assert.match(library.view.view.badge?.tooltip ?? '', new RegExp(`^Filter: ${whole.replace(/[()]/g, '\\$&')}\n`));
      assert.ok((library.view.view.message ?? '').includes(`“${whole}”`), library.view.view.message);
    } finally {
      await library.view.setFilter({});
      fs.rmSync(misspelt.fsPath, { force: true });
      fs.rmSync(big.fsPath, { force: true });
    }
    await waitFor('the view without the test files', async () => {
      await library.view.refresh();
      const labels = (await library.view.getChildren()).map((g) => labelOf(library.view.getTreeItem(g)));
      return labels.join() === 'All upheld,Mixed' ? true : undefined;
    });
  });

  it('the CSV export reads back equal to imr/letters, one row per item', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-csv-'));
    const target = vscode.Uri.file(path.join(dir, 'letters.csv'));
    await vscode.commands.executeCommand(COMMANDS.exportLettersCsv, target);
    const rows = parseCsv(fs.readFileSync(target.fsPath, 'utf8'));
    assert.deepStrictEqual(rows[0], [...CSV_COLUMNS]);
    const letters = await sendRequest(client, LETTERS_REQUEST, {});
    // As a spreadsheet would read it: formula-like values carry the guarding apostrophe.
    const guarded = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
    const want = letterRows(letters, csvFileOf).map((r) => CSV_COLUMNS.map((c) => guarded(r[c])));
    assert.deepStrictEqual(rows.slice(1), want);
    assert.strictEqual(
      rows.length - 1,
      letters.reduce((n, l) => n + l.items.length, 0),
    );
    const knee = rows.find((r) => r[7] === 'MRI of the right knee')!;
    assert.deepStrictEqual([knee[0], knee[1], knee[2], knee[8]], ['draft-missing-rationale.imr', '1', 'CM99-0000456', 'Overturned']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
