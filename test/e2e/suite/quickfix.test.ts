// Edits the language server proposes: quick fixes for diagnostics, applied through
// workspace.applyEdit, and the document formatter (the clean-up of text extracted from a PDF).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, noAutoSave, openLetter, replaceText, revertAndCloseAll, waitFor, waitForDiagnostics, workspaceFile } from './util';

const DRAFT = 'draft-missing-rationale.imr';
const PT_ITEM = 'Physical therapy 2 times a week for 4 weeks, lumbar spine';

/** Code actions at range, once the server offers one titled `title`. */
async function actionTitled(uri: vscode.Uri, range: vscode.Range, title: string): Promise<vscode.CodeAction> {
  let seen: string[] = [];
  return waitFor(`code action "${title}" (offered: ${JSON.stringify(seen)})`, async () => {
    const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
    seen = actions.map((a) => a.title);
    return actions.find((a): a is vscode.CodeAction => a.title === title && 'kind' in a);
  });
}

/** The single TextEdit of a quick fix (on uri). */
function singleEdit(action: vscode.CodeAction, uri: vscode.Uri): vscode.TextEdit {
  assert.ok(action.edit, `${action.title} has no edit`);
  const entries = action.edit.entries();
  assert.strictEqual(entries.length, 1, 'edit touches one document');
  assert.strictEqual(entries[0][0].toString(), uri.toString());
  assert.strictEqual(entries[0][1].length, 1, 'one text edit');
  return entries[0][1][0];
}

describe('quick fixes', () => {
  before(noAutoSave);
  afterEach(revertAndCloseAll);

  it("Insert 'Decision rationale:' adds the field after the item's guidelines and clears missing-rationale", async () => {
    const uri = workspaceFile(DRAFT);
    const doc = await openLetter(uri);
    const ds = await waitForDiagnostics(uri, 'missing-rationale', (x) => x.some((d) => codeOf(d) === 'missing-rationale'));
    const diagnostic = ds.find((d) => codeOf(d) === 'missing-rationale')!;

    const action = await actionTitled(uri, diagnostic.range, "Insert 'Decision rationale:'");
    assert.ok(action.kind?.contains(vscode.CodeActionKind.QuickFix), `kind ${action.kind?.value}`);
    assert.strictEqual(action.isPreferred, true, 'the safe fix is the preferred one');
    // "Turn off rule" is offered next to it.
    await actionTitled(uri, diagnostic.range, "Turn off rule 'missing-rationale'");

    const edit = singleEdit(action, uri);
    assert.ok(edit.range.isEmpty, 'the fix inserts, it replaces nothing');
    const before = doc.getText();
    const at = doc.offsetAt(edit.range.start);
    // Right after the item's MAXIMUS guideline, before the next item.
    assert.ok(at > before.indexOf('Physical Medicine Page(s): 98-99.') && at < before.indexOf('MRI of the right knee'), `inserted at offset ${at}`);
    assert.match(edit.newText, /^\r?\nDecision rationale: \S/);

    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    const after = doc.getText();
    assert.strictEqual(after, before.slice(0, at) + edit.newText + before.slice(at), 'text outside the insert changed');
    const left = await waitForDiagnostics(uri, 'no missing-rationale', (x) => !x.some((d) => codeOf(d) === 'missing-rationale'));
    assert.deepStrictEqual(left.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map(codeOf), []);
    // The item now has its three fields in the outline.
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    const item = symbols.flatMap((s) => s.children).find((c) => c.name.trim() === PT_ITEM);
    assert.deepStrictEqual(
      item?.children.map((c) => c.name.replace(/:.*$/, '').trim()),
      ['Claims Administrator guideline', 'MAXIMUS guideline', 'Decision rationale'],
    );
  });

  it("Change to 'Overturned' corrects a misspelt decision", async () => {
    const uri = workspaceFile(DRAFT);
    const doc = await openLetter(uri);
    await replaceText(doc, 'right knee: Overturned', 'right knee: Overturnd');
    const ds = await waitForDiagnostics(uri, 'unknown-decision', (x) => x.some((d) => codeOf(d) === 'unknown-decision'));
    const diagnostic = ds.find((d) => codeOf(d) === 'unknown-decision')!;
    const action = await actionTitled(uri, diagnostic.range, "Change to 'Overturned'");
    const edit = singleEdit(action, uri);
    assert.strictEqual(doc.getText(edit.range), 'Overturnd');
    assert.strictEqual(edit.newText, 'Overturned');
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    assert.ok(doc.getText().includes('MRI of the right knee: Overturned\n'));
    await waitForDiagnostics(uri, 'no unknown-decision', (x) => !x.some((d) => codeOf(d) === 'unknown-decision'));
  });
});

describe('formatting (clean-up of text extracted from a PDF)', () => {
  before(noAutoSave);
  afterEach(revertAndCloseAll);

  it('removes the blank line after every line of a 2014-2015 letter, keeping every word and line', async () => {
    const uri = workspaceFile('physical-therapy-lumbar.txt');
    const doc = await openLetter(uri);
    const before = doc.getText();
    const textLines = (s: string) =>
      s
        .split(/\r?\n/)
        .map((l) => l.trimEnd())
        .filter((l) => l.trim() !== '');
    const blankLines = (s: string) => s.split(/\r?\n/).filter((l) => l.trim() === '').length;
    // The PDF extraction: (nearly) every line is followed by an empty one.
    assert.ok(blankLines(before) >= 0.9 * textLines(before).length, 'fixture is not double-spaced');

    const edits = await waitFor('formatting edits', async () => {
      const e = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 4, insertSpaces: true });
      return e && e.length ? e : undefined;
    });
    // Only white space changes.
    for (const e of edits) {
      assert.match(doc.getText(e.range), /^\s*$/, `edit at ${e.range.start.line}:${e.range.start.character} replaces text`);
      assert.match(e.newText, /^\s*$/, `edit at ${e.range.start.line} inserts text`);
    }
    const edit = new vscode.WorkspaceEdit();
    edit.set(uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = doc.getText();

    assert.deepStrictEqual(after.split(/\s+/).filter(Boolean), before.split(/\s+/).filter(Boolean), 'words changed');
    assert.deepStrictEqual(textLines(after), textLines(before), 'lines were merged or split');
    // Blank lines are left only between paragraphs.
    assert.ok(blankLines(after) < 0.25 * textLines(after).length, `${blankLines(after)} blank lines left for ${textLines(after).length} lines`);
    assert.ok(!/\n[ \t]*\n[ \t]*\n/.test(after), 'a run of blank lines is left');
    assert.ok(after.includes('IMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based'), 'heading not followed by its line');
    assert.ok(after.includes('He/she has no\naffiliation with the employer'), 'a sentence is not on consecutive lines');
    // Formatting again changes nothing.
    const again = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', uri, { tabSize: 4, insertSpaces: true });
    assert.deepStrictEqual(again ?? [], []);
  });
});
