// Each rule on focused fixtures: what it flags, where, and what its fix writes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDetermination } from '../../../server/src/parse/parser';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { ALL_RULES, runRules } from '../../../server/src/rules/engine';
import { nearestDecision } from '../../../server/src/rules/decisionWords';
import { LEVELS } from '../../../server/src/rules/rule';
import { rationaleConclusion } from '../../../server/src/parse/conclusion';
import { REPO_ROOT } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();
const lines = (...l: string[]) => l.join('\n');
const FIELDS = lines(
  'Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies.',
  'MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies.',
  'Decision rationale: Therefore the request is not medically necessary.',
);
const HEAD = lines('HOW THE IMR FINAL DETERMINATION WAS MADE', 'x', 'CLINICAL CASE SUMMARY', 'x', 'IMR ISSUES, DECISIONS AND RATIONALES');
const check = (text: string, levels = {}) => {
  const model = parseDetermination(text, kb);
  return runRules(model, kb, levels).map((f) => ({ ...f, marked: text.slice(f.span.start, f.span.end) }));
};
const codes = (text: string) =>
  check(text)
    .filter((f) => f.severity !== 'hint')
    .map((f) => `${f.code}@${f.marked}`);

describe('rules', () => {
  test('every rule has a code, a default, a description and a documentation page; package.json lists it', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const props = manifest.contributes.configuration.properties['imr.rules'].properties;
    for (const rule of ALL_RULES) {
      assert.match(rule.code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(rule.description.length > 10);
      assert.equal(props[rule.code]?.default, rule.defaultSeverity, `package.json imr.rules.${rule.code}`);
      assert.deepEqual(props[rule.code]?.enum, [...LEVELS], `package.json imr.rules.${rule.code} levels`);
      const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.code}.md`), 'utf8');
      for (const heading of ['## Why', '## Example', '## Fix', '## Setting']) assert.ok(doc.includes(heading), `${rule.code}.md lacks ${heading}`);
    }
    assert.equal(new Set(ALL_RULES.map((r) => r.code)).size, ALL_RULES.length);
  });

  test('a clean hand-typed letter has no problem above hint', () => {
    assert.deepEqual(codes(lines(HEAD, 'MRI of the knee: Upheld', FIELDS)), []);
  });

  test('missing and empty fields name the item, mark the name or the label', () => {
    const text = lines(
      HEAD,
      'MRI of the knee: Upheld',
      'Claims Administrator guideline:',
      'MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies.',
    );
    const found = check(text).filter((f) => f.severity === 'error');
    assert.deepEqual(
      found.map((f) => [f.code, f.marked]),
      [
        ['missing-rationale', 'MRI of the knee'],
        ['missing-claims-administrator-guideline', 'Claims Administrator guideline:'],
      ],
    );
    assert.match(found[1].message, /empty/);
    assert.match(found[0].message, /'MRI of the knee' has no Decision rationale/);
    assert.deepEqual(found[0].fixes[0].edits[0].newText, '\nDecision rationale: [to be completed]');
  });

  test('missing-rationale: a rationale under another label is named, and the fix relabels exactly that label', () => {
    const CA = 'Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies.';
    const MX = 'MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies.';
    const apply = (text: string, edit: { span: { start: number; end: number }; newText: string }) =>
      text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    for (const label of ['Reasoning:', 'Rationale:', '  reasoning :']) {
      const text = lines(HEAD, 'MRI of the knee: Upheld', CA, MX, `${label} The MRI is not supported. Therefore the request is not medically necessary.`);
      const [f] = check(text).filter((x) => x.code === 'missing-rationale');
      assert.ok(f, label);
      assert.equal(f.marked, 'MRI of the knee');
      assert.match(f.message, new RegExp(`'MRI of the knee' has no Decision rationale .*labelled '${label.trim().replace(/ /g, ' ')}'`));
      const [relabel, insert] = f.fixes;
      assert.equal(relabel.title, `Relabel '${label.trim()}' as 'Decision rationale:'`);
      assert.equal(relabel.safe, true);
      assert.equal(insert.safe, false, 'inserting an empty field is only offered, not applied by Fix all');
      assert.equal(relabel.edits.length, 1);
      assert.equal(text.slice(relabel.edits[0].span.start, relabel.edits[0].span.end), label.trim());
      const fixed = apply(text, relabel.edits[0]);
      // Exactly the label changed: the indentation and the paragraph stay as written.
      assert.equal(fixed, text.replace(label.trim(), 'Decision rationale:'));
      assert.deepEqual(codes(fixed), []);
      assert.match(parseDetermination(fixed, kb).items[0].fields.decisionRationale!.value.text, /^The MRI is not supported/);
    }
  });

  test('missing-rationale: another label only counts in the item itself, at a line start', () => {
    const CA = 'Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies.';
    const MX = 'MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies.';
    const rationaleMessages = (text: string) =>
      check(text)
        .filter((f) => f.code === 'missing-rationale')
        .map((f) => `${f.marked}: ${f.fixes[0].title}`);
    // The next item's `Reasoning:` belongs to it, not to the item before.
    assert.deepEqual(rationaleMessages(lines(HEAD, 'MRI of the knee: Upheld', CA, MX, 'X-ray of the knee: Upheld', CA, MX, 'Reasoning: Not supported.')), [
      "MRI of the knee: Insert 'Decision rationale:'",
      "X-ray of the knee: Relabel 'Reasoning:' as 'Decision rationale:'",
    ]);
    // Nor a paragraph under the next section heading, nor the word inside a sentence.
    assert.deepEqual(
      rationaleMessages(lines(HEAD, 'MRI of the knee: Upheld', CA, `${MX} Its rationale: none.`, 'MEDICAL REVIEWER QUALIFICATIONS:', 'Rationale: none.')),
      ["MRI of the knee: Insert 'Decision rationale:'"],
    );
  });

  test("missing-decision offers both words, the rationale's conclusion first", () => {
    const f = check(lines(HEAD, 'MRI of the knee:', FIELDS)).find((x) => x.code === 'missing-decision')!;
    assert.equal(f.marked, 'MRI of the knee');
    assert.deepEqual(
      f.fixes.map((x) => x.edits[0].newText),
      [' Upheld', ' Overturned'],
    );
    assert.match(f.fixes[0].title, /what the rationale concludes/);
  });

  test('unknown-decision: the nearest valid word', () => {
    for (const [typo, want] of [
      ['Uphled', 'Upheld'],
      ['Overturn', 'Overturned'],
      ['Upheld.', 'Upheld'],
      ['Partially upheld', 'Upheld'],
      ['Overtruned', 'Overturned'],
      ['Denied', null],
    ] as const) {
      assert.equal(nearestDecision(typo), want, typo);
    }
    const f = check(lines(HEAD, 'MRI of the knee: Uphled', FIELDS)).find((x) => x.code === 'unknown-decision')!;
    assert.equal(f.marked, 'Uphled');
    assert.equal(f.fixes[0].edits[0].newText, 'Upheld');
  });

  test('conclusion reading: the conclusion, not a quoted guideline sentence', () => {
    assert.equal(
      rationaleConclusion('Guidelines say it is "not medically necessary" unless X. X is documented. The request is medically necessary.'),
      'necessary',
    );
    assert.equal(rationaleConclusion('The MRI is not supported by the provided records as being medically necessary at this time.'), 'notNecessary');
    assert.equal(rationaleConclusion('Medical necessity has not been established.'), 'notNecessary');
    assert.equal(rationaleConclusion('a MRI of the Elbow is not a medical necessity to the patient at this time.'), 'notNecessary');
    assert.equal(rationaleConclusion('cannot be deemed medically necessary without further evidence.'), 'notNecessary');
    assert.equal(rationaleConclusion('The request is not-medically necessary.'), 'notNecessary');
    assert.equal(rationaleConclusion('Is not medically necessary. This decision addresses the medical necessity of opioids.'), 'notNecessary');
    assert.equal(rationaleConclusion('There is no documented functional improvement.'), 'unclear');
    const f = check(lines(HEAD, 'MRI of the knee: Overturned', FIELDS)).find((x) => x.code === 'decision-conflicts-with-rationale')!;
    assert.equal(f.marked, 'Overturned');
    assert.equal(f.severity, 'warning');
  });

  test('missing-section marks a neighbouring heading and inserts before the standard sentence', () => {
    const text = lines(
      'HOW THE IMR FINAL DETERMINATION WAS MADE',
      'x',
      'The expert reviewer developed the following clinical case summary based on a review of the',
      'y',
      'IMR ISSUES, DECISIONS AND RATIONALES',
      'MRI: Upheld',
      FIELDS,
    );
    const f = check(text).find((x) => x.code === 'missing-section')!;
    assert.equal(f.marked, 'IMR ISSUES, DECISIONS AND RATIONALES');
    assert.match(f.message, /CLINICAL CASE SUMMARY/);
    assert.equal(text.slice(f.fixes[0].edits[0].span.start).startsWith('The expert reviewer developed'), true);
    assert.equal(f.fixes[0].edits[0].newText, 'CLINICAL CASE SUMMARY\n');
  });

  test('no-items, duplicate-item, misplaced-field', () => {
    assert.deepEqual(codes(lines(HEAD, 'The Final Determination was based on decisions for the disputed items/services set forth below:')), [
      'no-items@IMR ISSUES, DECISIONS AND RATIONALES',
    ]);
    assert.deepEqual(codes(lines(HEAD, 'MRI of the knee: Upheld', FIELDS, 'MRI of the  knee: Upheld', FIELDS)), ['duplicate-item@MRI of the  knee']);
    const reordered = lines(HEAD, 'MRI: Upheld', FIELDS.split('\n')[1], FIELDS.split('\n')[0], FIELDS.split('\n')[2], 'Decision rationale: twice.');
    assert.deepEqual(codes(reordered), ['misplaced-field@Claims Administrator guideline:', 'misplaced-field@Decision rationale:']);
  });

  test('header-date: impossible dates and dates out of order', () => {
    const header = (assigned: string, decided: string, injury: string, ur: string) =>
      lines(
        `Case Number: CM99-0000002`,
        `Date Assigned: ${assigned}`,
        `Decision Date: ${decided}`,
        `Date of Injury: ${injury}`,
        `UR Denial Date: ${ur}`,
        HEAD,
        'MRI: Upheld',
        FIELDS,
      );
    assert.deepEqual(codes(header('11/09/2016', '12/09/2016', '10/13/2016', '11/03/2016')), []);
    assert.deepEqual(codes(header('02/30/2016', '12/09/2016', '10/13/2016', '11/03/2016')), ['header-date@02/30/2016']);
    assert.deepEqual(codes(header('11/09/2016', '11/01/2016', '10/13/2016', '11/03/2016')), ['header-date@11/01/2016']);
    assert.deepEqual(codes(header('11/09/2016', '12/09/2016', '10/13/2016', '10/03/2016')), ['header-date@10/03/2016']);
  });

  test('citation-without-reference is a hint on the guideline name', () => {
    const text = lines(
      HEAD,
      'MRI: Upheld',
      'Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004.',
      FIELDS.split('\n').slice(1).join('\n'),
    );
    const hints = check(text).filter((f) => f.code === 'citation-without-reference');
    assert.equal(hints.length, 1);
    assert.equal(hints[0].severity, 'hint');
    assert.match(hints[0].marked, /Knee Complaints/);
  });

  test('citation-without-reference: a section heading after the guideline names the section; another topic does not', () => {
    const cite = (topic: string) =>
      lines(
        HEAD,
        'Physical therapy x 8: Upheld',
        `Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines ${topic}.`,
        FIELDS.split('\n').slice(1).join('\n'),
      );
    assert.equal(check(cite('Physical Medicine')).filter((f) => f.code === 'citation-without-reference').length, 0);
    const hints = check(cite('Walking Aids')).filter((f) => f.code === 'citation-without-reference');
    assert.equal(hints.length, 1);
    assert.match(hints[0].message, /names no section or pages \('Walking Aids' is not a section/);
  });

  test('levels: off removes a rule, a level changes its severity', () => {
    const text = lines(HEAD, 'MRI of the knee: Uphled', FIELDS);
    assert.ok(!check(text, { 'unknown-decision': 'off' }).some((f) => f.code === 'unknown-decision'));
    assert.equal(check(text, { 'unknown-decision': 'information' }).find((f) => f.code === 'unknown-decision')!.severity, 'information');
  });
});
