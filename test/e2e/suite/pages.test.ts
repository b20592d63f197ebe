// Pages in the real editor (issue 20, point 11): a letter with form feeds gets a quiet `page N`
// marker after the first line of each page and `page 2 of 3` in the status bar, with the form
// feed's control-character box turned off for letters; Open With… → "IMR Determination" on a
// PDF opens its read-only view (and closes its own tab); Save Letter Text As keeps the page
// breaks. The letter is our own (CM99-...), written into the e2e workspace and removed after.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { letterPages, makePdf } from '../../helpers/pdfWriter';
import { documentSymbols, EXTENSION_ID, LANGUAGE_ID, openLetter, sample, waitFor, workspaceFile } from './util';

interface PagesShown {
  markers: { line: number; text: string }[];
  status?: string;
  pages?: number;
  hiddenFormFeeds: number;
}
interface Api {
  pages: { shown(editor: vscode.TextEditor): PagesShown };
}

const item = (name: string) => [
  `${name}: Upheld`,
  'Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.',
  'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.',
  `Decision rationale: The request for ${name} is not medically necessary.`,
];

/** Three pages as pdftotext writes them: a form feed ends each page (and begins the next one's first line). */
const PAGED = [
  'Case Number: CM99-0000041',
  'Decision Date: 02/01/2017',
  'Date of Injury: 05/21/2015',
  '',
  'HOW THE IMR FINAL DETERMINATION WAS MADE',
  'MAXIMUS Federal Services sent the complete case file to an expert reviewer.',
  '',
  'IMR ISSUES, DECISIONS AND RATIONALES',
  ...item('MRI of the knee'),
  '\fCLINICAL CASE SUMMARY',
  'The injured worker is a 52 year old who sustained an industrial injury on 05/21/2015.',
  ...item('Acupuncture x 6'),
  `\f${item('Massage x 4')[0]}`,
  ...item('Massage x 4').slice(1),
  '\f',
].join('\n');
const LINE_OF_PAGE_2 = PAGED.split('\n').findIndex((l) => l.startsWith('\fCLINICAL'));
const LINE_OF_PAGE_3 = PAGED.split('\n').findIndex((l) => l.startsWith('\fMassage'));

const made: string[] = [];
const write = (name: string, data: string | Uint8Array) => {
  const uri = workspaceFile(name);
  fs.writeFileSync(uri.fsPath, data);
  made.push(uri.fsPath);
  return uri;
};

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
  return ext.isActive ? ext.exports : ext.activate();
}

const shownIn = async (editor: vscode.TextEditor, what: string, ok: (s: PagesShown) => boolean) => {
  const pages = (await api()).pages;
  return waitFor(what, () => {
    const s = pages.shown(editor);
    return ok(s) ? s : undefined;
  }).catch((e: Error) => {
    throw new Error(`${e.message}; shown: ${JSON.stringify(pages.shown(editor))}`);
  });
};

describe('pages', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of made) fs.rmSync(f, { force: true });
  });

  it("a letter with form feeds: a page marker on each page's first line, the page of the cursor in the status bar, no control-character box", async () => {
    const doc = await openLetter(write('paged-letter.txt', PAGED));
    const editor = await vscode.window.showTextDocument(doc);
    const shown = await shownIn(editor, 'the page markers', (s) => s.markers.length === 2);
    assert.deepStrictEqual(shown.markers, [
      { line: LINE_OF_PAGE_2, text: 'page 2' },
      { line: LINE_OF_PAGE_3, text: 'page 3' },
    ]);
    assert.strictEqual(shown.status, 'page 1 of 3');
    assert.strictEqual(shown.pages, 3);
    // The form feeds (two page breaks and the one ending the last page) are drawn transparent,
    // and neither the control-character box nor the Unicode highlight's border is drawn for letters.
    assert.strictEqual(shown.hiddenFormFeeds, 3);
    editor.selection = new vscode.Selection(LINE_OF_PAGE_3 + 1, 0, LINE_OF_PAGE_3 + 1, 0);
    await shownIn(editor, 'page 3 of 3 in the status bar', (s) => s.status === 'page 3 of 3');
    editor.selection = new vscode.Selection(LINE_OF_PAGE_2, 4, LINE_OF_PAGE_2, 4);
    await shownIn(editor, 'page 2 of 3 in the status bar', (s) => s.status === 'page 2 of 3');
    // A page break typed in: the markers follow once typing pauses.
    await editor.edit((e) => e.insert(new vscode.Position(2, 0), '\f'));
    await shownIn(editor, 'a fourth page', (s) => s.markers.map((m) => m.text).join() === 'page 2,page 3,page 4' && s.markers[0].line === 2);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await shownIn(editor, 'three pages again', (s) => s.markers.length === 2);
    const editorConfig = vscode.workspace.getConfiguration('editor', { languageId: LANGUAGE_ID });
    assert.strictEqual(editorConfig.get('renderControlCharacters'), false);
    assert.strictEqual(editorConfig.get<Record<string, boolean>>('unicodeHighlight.allowedCharacters')?.['\f'], true);
    // The outline names each item's page.
    const details: string[] = [];
    const walk = (s: vscode.DocumentSymbol) => (s.kind === vscode.SymbolKind.Object ? details.push(`${s.name}: ${s.detail}`) : s.children.forEach(walk));
    (await documentSymbols(doc.uri)).forEach(walk);
    assert.deepStrictEqual(details, ['MRI of the knee: Upheld · page 1', 'Acupuncture x 6: Upheld · page 2', 'Massage x 4: Upheld · page 3']);
  });

  it('a letter of one page: no marker and no page in the status bar', async () => {
    const doc = await openLetter(sample('pt-and-acupuncture.txt'));
    const editor = await vscode.window.showTextDocument(doc);
    const shown = await shownIn(editor, "the server's answer for the letter", (s) => s.pages !== undefined);
    assert.deepStrictEqual(shown, { markers: [], status: undefined, pages: 1, hiddenFormFeeds: 0 });
  });

  it('Open With… "IMR Determination" on a PDF opens its read-only view with its pages, and closes its own tab; Save Letter Text As keeps the page breaks', async () => {
    const pdf = write('paged-letter.pdf', makePdf(letterPages(PAGED)));
    await vscode.commands.executeCommand('vscode.openWith', pdf, 'imr.pdfLetter');
    const view = pdf.with({ scheme: 'imr-pdf', path: `${pdf.path}.txt` });
    const editor = await waitFor("the PDF's view to be the active IMR letter", () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.toString() === view.toString() && e.document.languageId === LANGUAGE_ID ? e : undefined;
    });
    await waitFor("the custom editor's tab to close", () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === pdf.toString())
        ? undefined
        : true,
    );
    const shown = await shownIn(editor, "the view's page markers", (s) => s.markers.length === 2);
    assert.deepStrictEqual(
      shown.markers.map((m) => m.text),
      ['page 2', 'page 3'],
    );
    assert.strictEqual(shown.status, 'page 1 of 3');
    // Save Letter Text As (a target given: no dialog): the PDF reader's text, a form feed ending each page.
    const target = workspaceFile('paged-letter-saved.txt');
    made.push(target.fsPath);
    const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('imr.saveLetterTextAs', view, target);
    assert.strictEqual(saved?.toString(), target.toString());
    const text = fs.readFileSync(target.fsPath, 'utf8');
    assert.strictEqual(text, editor.document.getText());
    assert.strictEqual(text.split('\f').length - 1, 3, 'a form feed after each of the 3 pages');
    assert.match(text, /\n\fAcupuncture|\n\fCLINICAL CASE SUMMARY/);
    // The saved copy has the same pages.
    const copy = await waitFor('the saved copy open', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === target.toString() ? vscode.window.activeTextEditor : undefined,
    );
    await shownIn(copy, "the copy's page markers", (s) => s.markers.length === 2);
  });

  it('Open With… "IMR Determination" on a file that is not a readable PDF: no view, its own tab stays (the notification says why)', async () => {
    const bad = write('not-really.pdf', 'plain text, not a PDF\n');
    await vscode.commands.executeCommand('vscode.openWith', bad, 'imr.pdfLetter');
    const tab = await waitFor("the custom editor's tab", () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === bad.toString()),
    );
    assert.strictEqual((tab.input as vscode.TabInputCustom).viewType, 'imr.pdfLetter');
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'imr-pdf' && d.uri.path === `${bad.path}.txt`),
      'no view of a file that is not a PDF',
    );
  });
});
