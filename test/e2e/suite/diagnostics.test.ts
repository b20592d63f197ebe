// Diagnostics the language server publishes for a draft whose first item has no rationale, and
// how they follow edits made through the editor API.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, noAutoSave, openLetter, rangeOf, replaceText, revertAndCloseAll, waitForDiagnostics, workspaceFile } from './util';

const DRAFT = 'draft-missing-rationale.imr';
const PT_ITEM = 'Physical therapy 2 times a week for 4 weeks, lumbar spine';
const errors = (ds: vscode.Diagnostic[]) => ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

describe('diagnostics', () => {
  before(noAutoSave);
  afterEach(revertAndCloseAll);

  it('reports exactly one error, missing-rationale, on the name of the item without a rationale', async () => {
    const uri = workspaceFile(DRAFT);
    const doc = await openLetter(uri);
    const ds = await waitForDiagnostics(uri, 'an error', (x) => errors(x).length > 0);
    const errs = errors(ds);
    assert.deepStrictEqual(errs.map(codeOf), ['missing-rationale'], `errors: ${JSON.stringify(errs.map((d) => [codeOf(d), d.message]))}`);
    const [d] = errs;
    assert.strictEqual(doc.getText(d.range), PT_ITEM, 'the error should underline the item name');
    assert.match(d.message, /has no Decision rationale/);
    // The code links to the rule's page shipped with the extension.
    assert.ok(typeof d.code === 'object' && /docs\/rules\/missing-rationale\.md$/.test(d.code.target.path), `code target: ${JSON.stringify(d.code)}`);
    // The complete second item has no error at all.
    assert.ok(!errs.some((e) => e.range.intersection(rangeOf(doc, 'MRI of the right knee: Overturned'))));
  });

  it('reports unknown-decision once an editor edit misspells a decision, and drops it once corrected', async () => {
    const uri = workspaceFile(DRAFT);
    const doc = await openLetter(uri);
    await waitForDiagnostics(uri, 'missing-rationale', (x) => x.some((d) => codeOf(d) === 'missing-rationale'));

    // Through the editor, like typing: `Overturned` -> `Overtruned`.
    const editor = await vscode.window.showTextDocument(doc);
    const decision = rangeOf(doc, 'Overturned', doc.getText().indexOf('MRI of the right knee'));
    assert.ok(await editor.edit((b) => b.replace(decision, 'Overtruned')));
    const ds = await waitForDiagnostics(uri, 'an unknown-decision error', (x) => x.some((d) => codeOf(d) === 'unknown-decision'));
    const unknown = ds.filter((d) => codeOf(d) === 'unknown-decision');
    assert.strictEqual(unknown.length, 1);
    assert.strictEqual(unknown[0].severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(doc.getText(unknown[0].range), 'Overtruned');
    assert.match(unknown[0].message, /'Overtruned' is not a decision/);
    // The other error is still there, still on its item.
    assert.deepStrictEqual(errors(ds).map(codeOf).sort(), ['missing-rationale', 'unknown-decision']);

    // A WorkspaceEdit that puts it right clears it again.
    await replaceText(doc, 'Overtruned', 'Overturned');
    const after = await waitForDiagnostics(uri, 'no unknown-decision', (x) => !x.some((d) => codeOf(d) === 'unknown-decision'));
    assert.deepStrictEqual(errors(after).map(codeOf), ['missing-rationale']);
  });
});
