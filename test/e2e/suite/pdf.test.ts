// PDF letters in the real editor (issue 13, item 4): the Explorer's "Open as IMR Determination"
// command opens a corpus PDF (or, without the corpus, a PDF made from a seed letter and copied
// into the e2e workspace for the test) as a read-only IMR letter with its outline and hovers,
// one view per PDF, which cannot be edited; a PDF that cannot be read opens nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { letterPages, makePdf } from '../../helpers/pdfWriter';
import { documentSymbols, hoverMarkdown, LANGUAGE_ID, ROOT, waitFor, workspaceFile } from './util';

const CORPUS_PDF = path.join(process.env.IMR_CORPUS_DIR ?? path.join(ROOT, '..', 'shared', 'corpus'), '2016-2017', 'pdf', '001.pdf');
const made: string[] = [];

/** The PDF to open: corpus 001.pdf when present, else one made now from a seed letter. */
function letterPdf(): vscode.Uri {
  if (fs.existsSync(CORPUS_PDF)) return vscode.Uri.file(CORPUS_PDF);
  console.log(`[pdf e2e] corpus not found (${CORPUS_PDF}): using a PDF made from samples/pt-and-acupuncture.txt`);
  const file = workspaceFile('generated-letter.pdf').fsPath;
  fs.writeFileSync(file, makePdf(letterPages(fs.readFileSync(path.join(ROOT, 'samples', 'pt-and-acupuncture.txt'), 'utf8'))));
  made.push(file);
  return vscode.Uri.file(file);
}

const viewsOf = (pdf: vscode.Uri) => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'imr-pdf' && d.uri.path === `${pdf.path}.txt`);

describe('PDF letters', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of made) fs.rmSync(f, { force: true });
  });

  it('Open as IMR Determination: a read-only view named after the PDF, with its outline and a hover on a citation', async () => {
    const pdf = letterPdf();
    const view = await vscode.commands.executeCommand<vscode.Uri | undefined>('imr.openPdfFromExplorer', pdf);
    assert.ok(view, 'the command opened nothing');
    assert.strictEqual(view.scheme, 'imr-pdf');
    const doc = await waitFor('the view to be an IMR letter', () => {
      const d = viewsOf(pdf)[0];
      return d?.languageId === LANGUAGE_ID ? d : undefined;
    });
    assert.strictEqual(path.basename(doc.uri.path), `${path.basename(pdf.path)}.txt`);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    // Outline: the letter's sections, its items under the issues section.
    const symbols = await documentSymbols(doc.uri);
    const issues = symbols.find((s) => /IMR ISSUES, DECISIONS AND RATIONALES/.test(s.name));
    assert.ok(issues, JSON.stringify(symbols.map((s) => s.name)));
    assert.ok(issues.children.length >= 1, 'no items in the outline');
    // The decision, and in a PDF of several pages the item's page.
    assert.match(issues.children[0].detail, /^(Upheld|Overturned)( · page \d+)?$/);
    // Hover on the MTUS guideline cited in the first MAXIMUS guideline field.
    const text = doc.getText();
    const at = text.indexOf('MTUS', text.indexOf('MAXIMUS guideline:'));
    assert.ok(at > 0, 'no MTUS citation in the letter');
    const hovers = await waitFor('a hover on the citation', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 6));
      return h && hoverMarkdown(h).trim() ? h : undefined;
    });
    assert.match(hoverMarkdown(hovers), /Guideline|MTUS|Complaints|Chronic Pain/i);
  });

  it('the view cannot be edited, and the same PDF opened again shows the one view', async () => {
    const pdf = letterPdf();
    await vscode.commands.executeCommand('imr.openPdf', pdf);
    const doc = await waitFor('the view', () => viewsOf(pdf).find((d) => d.languageId === LANGUAGE_ID));
    const before = doc.getText();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), 'EDITED ');
    // VS Code applies an extension's edit even to a read-only model; the extension undoes it.
    const applied = await vscode.workspace.applyEdit(edit);
    await waitFor("the view to hold the PDF's text again, unmodified", () => (doc.getText() === before && !doc.isDirty ? true : undefined), 15000);
    console.log(`[pdf e2e] applyEdit on the view returned ${applied}; the text is the PDF's and not dirty`);
    // A second open (from the command palette's command, with a range to reveal): the same document.
    await vscode.commands.executeCommand('imr.openPdf', pdf, new vscode.Range(3, 0, 3, 0));
    assert.strictEqual(viewsOf(pdf).length, 1);
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), doc.uri.toString());
    assert.strictEqual(editor?.selection.active.line, 3);
    assert.strictEqual(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => (t.input as { uri?: vscode.Uri })?.uri?.toString() === doc.uri.toString()).length,
      1,
    );
    // No quick fixes on it.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      new vscode.Range(0, 0, doc.lineCount, 0),
    );
    assert.deepStrictEqual(
      (actions ?? []).filter((a) => a.title && !/^Copilot/.test(a.title)).map((a) => a.title),
      [],
    );
  });

  it('workspace symbols find the items of a PDF put in the workspace, and open its view', async () => {
    const file = workspaceFile('indexed-letter.pdf').fsPath;
    fs.writeFileSync(file, makePdf(letterPages(fs.readFileSync(path.join(ROOT, 'samples', 'pt-and-acupuncture.txt'), 'utf8'))));
    made.push(file);
    const pdf = vscode.Uri.file(file);
    const view = pdf.with({ scheme: 'imr-pdf', path: `${pdf.path}.txt` });
    // Found through the server's file watcher (a created .pdf) and its background read.
    const symbol = await waitFor("the PDF's item in workspace symbols", async () => {
      const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'acupuncture');
      return found?.find((x) => x.location.uri.toString() === view.toString());
    });
    assert.match(symbol.containerName, /indexed-letter\.pdf$/);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(symbol.location.uri), { selection: symbol.location.range });
    const doc = await waitFor('the view to be an IMR letter', () => viewsOf(pdf).find((d) => d.languageId === LANGUAGE_ID));
    assert.match(doc.getText(symbol.location.range), /Acupuncture/i);
  });

  it('a PDF changed on disk refreshes its view', async () => {
    const file = workspaceFile('changing-letter.pdf').fsPath;
    const pdfOf = (sampleName: string) => makePdf(letterPages(fs.readFileSync(path.join(ROOT, 'samples', sampleName), 'utf8')));
    fs.writeFileSync(file, pdfOf('pt-and-acupuncture.txt'));
    made.push(file);
    const pdf = vscode.Uri.file(file);
    await vscode.commands.executeCommand('imr.openPdf', pdf);
    const doc = await waitFor('the view', () => viewsOf(pdf).find((d) => d.languageId === LANGUAGE_ID));
    assert.match(doc.getText(), /Acupuncture/);
    fs.writeFileSync(file, pdfOf('x-rays-and-pt.txt'));
    await waitFor("the view to show the new PDF's text", () => (/Acupuncture/.test(doc.getText()) ? undefined : true), 30000);
    assert.match(doc.getText(), /X-ray|x-ray/i);
    assert.strictEqual(viewsOf(pdf).length, 1);
  });

  it('a file named .pdf that is not one opens no view', async () => {
    const bad = workspaceFile('not-a-letter.pdf').fsPath;
    fs.writeFileSync(bad, 'plain text, not a PDF\n');
    made.push(bad);
    const view = await vscode.commands.executeCommand<vscode.Uri | undefined>('imr.openPdf', vscode.Uri.file(bad));
    assert.strictEqual(view, undefined);
    assert.strictEqual(viewsOf(vscode.Uri.file(bad)).length, 0);
  });
});
