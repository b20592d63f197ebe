// The outline the language server sends for a real two-item letter (2014-2015 layout).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { documentSymbols, openLetter, sample } from './util';

const SECTIONS = ['HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES'];
const ITEMS = ['Physical therapy for cervical/thoracic spine #8', 'Acupuncture for cervical/thoracic spine #8'];
const FIELDS = [/Claims Administrator guideline/i, /MAXIMUS guideline/i, /Decision rationale/i];

describe('outline (document symbols)', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it("lists the sections, the disputed items with their decisions, and each item's fields", async () => {
    const uri = sample('pt-and-acupuncture.txt');
    const doc = await openLetter(uri);
    const symbols = await documentSymbols(uri);
    assert.ok('children' in symbols[0], 'expected hierarchical DocumentSymbols, got flat SymbolInformation');

    const top = symbols.map((s) => s.name.trim());
    const sections = SECTIONS.map((name) => {
      const s = symbols.find((x) => x.name.trim() === name);
      assert.ok(s, `section "${name}" missing from outline: ${JSON.stringify(top)}`);
      return s;
    });
    assert.deepStrictEqual(
      top.filter((n) => SECTIONS.includes(n)),
      SECTIONS,
      'sections out of document order',
    );
    for (let i = 1; i < sections.length; i++) {
      assert.ok(sections[i - 1].range.end.isBeforeOrEqual(sections[i].range.start), `${SECTIONS[i - 1]} overlaps the next section`);
    }

    const issues = sections[2];
    assert.deepStrictEqual(
      issues.children.map((c) => c.name.trim()),
      ITEMS,
    );
    for (const item of issues.children) {
      assert.strictEqual(item.detail, 'Upheld', `decision of ${item.name}`);
      assert.ok(issues.range.contains(item.range), `${item.name} lies outside the issues section`);
      assert.ok(item.range.contains(item.selectionRange), `${item.name}: selectionRange outside range`);
      assert.ok(doc.getText(item.selectionRange).includes(item.name.trim()), `${item.name}: selectionRange does not cover the name`);
      assert.strictEqual(item.children.length, 3, `${item.name} fields: ${JSON.stringify(item.children.map((c) => c.name))}`);
      item.children.forEach((field, i) => {
        assert.match(field.name, FIELDS[i]);
        assert.ok(item.range.contains(field.range), `${item.name} / ${field.name} outside its item`);
      });
    }
    // The first item ends before the second begins.
    assert.ok(issues.children[0].range.end.isBeforeOrEqual(issues.children[1].range.start));
  });
});
