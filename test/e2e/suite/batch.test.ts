// A QA batch (two invented letters in one file, the second without its CLINICAL CASE SUMMARY
// heading) as the user sees it: one outline entry per letter, and the problem in the letter
// that has it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, documentSymbols, openLetter, waitForDiagnostics, workspaceFile } from './util';

const BATCH = 'batch-two-letters.imr';

describe('a batch of letters in one file', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('outlines each letter under its case number, with its own sections and items', async () => {
    const uri = workspaceFile(BATCH);
    await openLetter(uri);
    const symbols = await documentSymbols(uri);
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, s.detail]),
      [
        ['CM99-0000011', 'letter 1 of 2 · 1 item'],
        ['CM99-0000012', 'letter 2 of 2 · 2 items'],
      ],
    );
    assert.ok(symbols[0].range.end.isBefore(symbols[1].range.start), 'the letters do not overlap');
    const issues = symbols[1].children.find((s) => s.name === 'IMR ISSUES, DECISIONS AND RATIONALES');
    assert.ok(issues, JSON.stringify(symbols[1].children.map((s) => s.name)));
    assert.deepStrictEqual(
      issues.children.map((s) => `${s.name}: ${s.detail}`),
      ['Acupuncture x 12: Upheld', 'Acupuncture x 6: Upheld'],
    );
  });

  it('reports the missing heading in the second letter only; the same item in both letters is no duplicate', async () => {
    const uri = workspaceFile(BATCH);
    const doc = await openLetter(uri);
    const ds = await waitForDiagnostics(uri, 'missing-section', (x) => x.some((d) => codeOf(d) === 'missing-section'));
    const serious = ds.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning);
    assert.deepStrictEqual(
      serious.map((d) => [codeOf(d), d.message]),
      [['missing-section', "Letter 2 of 2 (CM99-0000012) has no 'CLINICAL CASE SUMMARY' section heading."]],
    );
    const secondLetter = doc.getText().indexOf('Case Number: CM99-0000012');
    assert.ok(doc.offsetAt(serious[0].range.start) > secondLetter, 'marked in the second letter');
  });
});
