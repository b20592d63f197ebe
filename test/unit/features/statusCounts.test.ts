// The status bar counts: items, upheld, overturned and problems of a letter.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { statusCounts } from '../../../server/src/features/statusCounts';
import { parseDetermination } from '../../../server/src/parse/parser';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { runRules } from '../../../server/src/rules/engine';
import type { Severity } from '../../../server/src/rules/rule';
import { sampleLetters } from '../../helpers/corpus';

const sample = (name: string) => {
  const s = sampleLetters().find((l) => l.id.endsWith(name));
  assert.ok(s, name);
  return parseDetermination(s.text);
};
const findings = (...severities: Severity[]) => severities.map((severity) => ({ severity }));

describe('statusCounts', () => {
  test('two upheld items, no problems', () => {
    const c = statusCounts(sample('x-rays-and-pt.txt'), []);
    assert.equal(c.isLetter, true);
    assert.deepEqual([c.items, c.upheld, c.overturned, c.undecided, c.problems], [2, 2, 0, 0, 0]);
    assert.equal(c.text, 'IMR: 2 items · 2 upheld · 0 overturned · 0 problems');
  });

  test('one overturned item: singular words', () => {
    const c = statusCounts(sample('physical-therapy-overturned.imr'), findings('error'));
    assert.equal(c.text, 'IMR: 1 item · 0 upheld · 1 overturned · 1 problem');
    assert.match(c.tooltip, /1 disputed item: 0 upheld, 1 overturned\. 1 error, 0 warnings, 0 information, 0 hints\. Click to open the Outline\./);
  });

  test('problems are errors, warnings and information; hints are counted apart', () => {
    const c = statusCounts(sample('pt-and-acupuncture.txt'), findings('error', 'warning', 'warning', 'information', 'hint', 'hint'));
    assert.deepEqual([c.errors, c.warnings, c.information, c.hints, c.problems], [1, 2, 1, 2, 4]);
    assert.equal(c.text, 'IMR: 2 items · 2 upheld · 0 overturned · 4 problems');
  });

  test('an item without a valid decision is counted as undecided', () => {
    const text = [
      'IMR ISSUES, DECISIONS AND RATIONALES',
      'The Final Determination was based on decisions for the disputed items/services set forth below:',
      'MRI of the knee: Upheld',
      'Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004.',
      'MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.',
      'Decision rationale: The request is not medically necessary.',
      'Physical therapy x 6: Overturned',
      'Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.',
      'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.',
      'Decision rationale: The request is medically necessary.',
      'Acupuncture x 6: Uphled',
      'Claims Administrator guideline: Decision based on MTUS Acupuncture Treatment 2007.',
      'MAXIMUS guideline: Decision based on MTUS Acupuncture Treatment 2007.',
      'Decision rationale: The request is not medically necessary.',
      '',
    ].join('\n');
    const model = parseDetermination(text);
    const c = statusCounts(model, runRules(model, defaultKnowledgeBase()));
    assert.deepEqual([c.items, c.upheld, c.overturned, c.undecided], [3, 1, 1, 1]);
    assert.ok(c.errors >= 1, 'the misspelt decision is an error');
    assert.equal(c.text, `IMR: 3 items · 1 upheld · 1 overturned · 1 undecided · ${c.problems} problems`);
  });

  test('the counts of the rule engine on every seed letter', () => {
    for (const s of sampleLetters()) {
      const model = parseDetermination(s.text);
      const f = runRules(model, defaultKnowledgeBase());
      const c = statusCounts(model, f);
      assert.equal(c.items, model.items.length, s.id);
      assert.equal(c.upheld + c.overturned + c.undecided, c.items, s.id);
      assert.equal(c.errors + c.warnings + c.information + c.hints, f.length, s.id);
      assert.match(c.text, /^IMR: \d+ items? · \d+ upheld · \d+ overturned · \d+ problems?$/, s.id);
    }
  });

  test('not a letter', () => {
    const c = statusCounts(parseDetermination('shopping list: milk, eggs\n'), []);
    assert.equal(c.isLetter, false);
    assert.equal(c.items, 0);
    assert.equal(c.tooltip, 'Not an IMR determination letter.');
  });
});
