// Defects the properties found, each reduced to a minimal input (issue 8: "the closing note
// lists every defect the properties found"). Each test states the expected behaviour and
// FAILS until the engine is fixed; the general properties (robustness, fixes) also catch
// them, but there the input is a shrunk real letter rather than these few lines.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { getCompletions } from '../../server/src/features/completion';
import { parseDetermination } from '../../server/src/parse/parser';
import { runRules } from '../../server/src/rules/engine';
import { analyse, KB } from './check';
import { countCases, reportTally } from './gen';

/** Applies one fix (offset edits against the original text, inserts at one point in order). */
function apply(text: string, edits: { span: { start: number; end: number }; newText: string }[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.span.start - b.span.start || a.i - b.i);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return out + text.slice(at);
}

function applyFixAll(text: string): string {
  const { out } = analyse(text, { probes: null });
  const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).join('').length + p.character;
  return apply(
    text,
    out.fixAll.map((e) => ({ span: { start: offset(e.range.start), end: offset(e.range.end) }, newText: e.newText })),
  );
}

after(() => reportTally(__filename));

const codes = (text: string) => runRules(parseDetermination(text, KB), KB, {}).map((f) => f.code);

describe('defects found by the properties (minimal inputs)', () => {
  test('fix-all: two fixes inserting at the same point are applied in field order (the empty MAXIMUS guideline gets its placeholder, not the inserted rationale)', () => {
    // missing-rationale (finding on the item name) sorts before missing-maximus-guideline
    // (finding on the label), so fix-all inserts "\nDecision rationale: [to be completed]"
    // first and " [to be completed]" lands after it, in the rationale.
    const text = 'x: Upheld\nClaims Administrator guideline: a\nMAXIMUS guideline:';
    const fixed = applyFixAll(text);
    countCases(1);
    assert.deepEqual(codes(fixed), [], `after fix-all: ${JSON.stringify(fixed)}`);
  });

  test("fixes insert the letter's own line break: a CR-only letter gets \\r, not \\n", () => {
    const text = 'x: Upheld\rClaims Administrator guideline: a\rMAXIMUS guideline: b';
    const { out } = analyse(text, { probes: null });
    const inserted = out.findings.flatMap((f) => f.fixes.flatMap((x) => x.edits.map((e) => e.newText)));
    countCases(1);
    assert.ok(inserted.length > 0);
    for (const t of inserted) assert.ok(!t.includes('\n'), `inserts ${JSON.stringify(t)} into a CR-only letter`);
  });

  test("quick fix 'Insert heading HOW THE IMR FINAL DETERMINATION WAS MADE' on a letter without headings keeps its items readable", () => {
    // With no heading at all, items are read anywhere; once one heading that is not the
    // issues heading exists, items outside an issues section are no longer read: the fix
    // makes the item (and its problems) disappear instead of fixing anything.
    const text =
      'Case Number: CM99-0000002\nDate Assigned: 11/09/2016\n\nMAXIMUS Federal Services sent the complete case file to an expert reviewer.\n\nx: Upheld\nClaims Administrator guideline: a\nMAXIMUS guideline: b\nDecision rationale: c\n';
    const { model, out } = analyse(text, { probes: null });
    assert.equal(model.items.length, 1);
    const f = out.findings.find((x) => x.code === 'missing-section' && x.message.includes('HOW THE IMR'));
    assert.ok(f, 'the missing heading is reported');
    const fixed = apply(text, f.fixes[0].edits);
    countCases(1);
    assert.equal(parseDetermination(fixed, KB).items.length, 1, `the item is gone after the fix: ${JSON.stringify(fixed)}`);
  });

  test('a letter whose header runs straight into its first item: the item name does not swallow the header, and the missing issues heading goes below the header', () => {
    const text =
      'Case Number: CM99-0000002\nDate Assigned: 11/09/2016\nx: Upheld\nClaims Administrator guideline: a\nMAXIMUS guideline: b\nDecision rationale: c';
    const model = parseDetermination(text, KB);
    countCases(1);
    assert.equal(model.items[0]?.name.text, 'x', 'the item name is the text before the colon on its own line');
    const { out } = analyse(text, { probes: null });
    const f = out.findings.find((x) => x.code === 'missing-section' && x.message.includes('IMR ISSUES'));
    assert.ok(f);
    const fixed = apply(text, f.fixes[0].edits);
    assert.equal(parseDetermination(fixed, KB).header.length, 2, `the header is lost after inserting the heading: ${JSON.stringify(fixed)}`);
  });

  test('fix-all on a letter that lacks its three headings (their opening sentences are there) keeps its item readable', () => {
    // The item name runs back over a blank line to 'Certification(s)/Specialty: ...', so the
    // issues heading is inserted above that line and the clinical-summary heading below it:
    // the item ends up inside the clinical case summary and is no longer read at all.
    const text =
      'Case Number: CM99-0000002\nDate Assigned: 11/09/2016\n\nMAXIMUS Federal Services sent the complete case file to an expert reviewer.\nCertification(s)/Specialty: Preventive Medicine\n\n' +
      'The expert reviewer developed the following clinical case summary based on a review of the\ncase file, including all medical records:\n\nx: Upheld\nClaims Administrator guideline: a\nMAXIMUS guideline: b\nDecision rationale: c\n';
    countCases(1);
    assert.equal(parseDetermination(text, KB).items[0]?.name.text, 'x', 'the item name is the text before the colon, not the paragraph above it');
    const fixed = applyFixAll(text);
    assert.deepEqual(
      parseDetermination(fixed, KB).items.map((i) => i.name.text),
      ['x'],
      `after fix-all: ${JSON.stringify(fixed)}`,
    );
  });

  test("'Dated:' in the middle of a sentence is not a header field (nor a header-date warning)", () => {
    const text = 'MAXIMUS Federal Services sent the complete case fileDated: to an expert reviewer.\n\nx: Upheld';
    countCases(1);
    assert.deepEqual(
      parseDetermination(text, KB).header.map((h) => h.key),
      [],
    );
    assert.ok(!codes(text).includes('header-date'));
  });

  test('completion: a textEdit range never spans a line break (LSP: single-line range containing the cursor)', () => {
    // After `Decision based on MTUS 3/2017` and a line break, the guideline completion
    // replaces `3/2017\nHOW T`: VS Code rejects such items.
    const text = 'Decision based on MTUS 3/2017\nHOW T';
    const items = getCompletions(parseDetermination(text, KB), text.length, KB);
    countCases(1);
    for (const item of items) {
      const te = item.textEdit as { range?: { start: { line: number }; end: { line: number } } } | undefined;
      if (te?.range) assert.equal(te.range.start.line, te.range.end.line, `'${item.label}' replaces ${JSON.stringify(te.range)}`);
    }
  });
});

describe('model consistency (found by the properties; the outline shows overlapping entries)', () => {
  const cases: [string, string][] = [
    ['a header field is not also an item', 'Date of Injury:Upheld'],
    ['two items do not overlap', 'MEDICAL REVIEWER QUALIFICATIONS:OVERTURNED\r\rupheld \t\n\n'],
    [
      'an item does not swallow a section heading',
      '\tCLINICAL CASE SUMMARY\n\r\nOVERTURNED\r\nThe Expert Reviewer did not cite any medical evidence for its decision.\n',
    ],
  ];
  for (const [name, text] of cases) {
    test(`${name}: ${JSON.stringify(text)}`, () => {
      const m = parseDetermination(text, KB);
      countCases(1);
      const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
      for (const h of m.header)
        for (const it of m.items)
          assert.ok(
            !overlaps({ start: h.label.span.start, end: (h.value ?? h.label).span.end }, it.span),
            `header field ${h.key} overlaps item '${it.name.text}'`,
          );
      for (let i = 1; i < m.items.length; i++)
        assert.ok(!overlaps(m.items[i - 1].span, m.items[i].span), `items '${m.items[i - 1].name.text}' and '${m.items[i].name.text}' overlap`);
      for (const s of m.sections)
        for (const it of m.items) assert.ok(!overlaps(s.heading.span, it.span), `item '${it.name.text}' overlaps the heading '${s.heading.text}'`);
    });
  }
});
