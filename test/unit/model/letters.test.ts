// A file holding several letters (a QA batch): every check about a letter's shape reads that
// letter alone, and the outline, folding and status bar show the letters. Invented letters
// (case numbers CM99-...), in the layout of a typed draft.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getCodeActions } from '../../../server/src/features/codeActions';
import { getCompletions } from '../../../server/src/features/completion';
import { toDiagnostics } from '../../../server/src/features/diagnostics';
import { getFoldingRanges } from '../../../server/src/features/folding';
import { statusCounts } from '../../../server/src/features/statusCounts';
import { getDocumentSymbols } from '../../../server/src/features/symbols';
import { parseDetermination } from '../../../server/src/parse/parser';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { runRules } from '../../../server/src/rules/engine';
import { sampleLetters } from '../../helpers/corpus';

const KB = defaultKnowledgeBase();
const URI = 'file:///virtual/batch.imr';

interface LetterOptions {
  assigned?: string;
  decided?: string;
  summaryHeading?: boolean;
  items?: string[];
}

/** A complete letter: header, the three sections, each item with its three fields. */
function letter(caseNumber: string, o: LetterOptions = {}): string {
  return [
    `Case Number: ${caseNumber}`,
    `Date Assigned: ${o.assigned ?? '01/03/2017'}`,
    `Decision Date: ${o.decided ?? '02/01/2017'}`,
    'Priority: Standard',
    'Date of Injury: 05/21/2015',
    'UR Denial Date: 12/15/2016',
    'Application Received: 12/20/2016',
    '',
    'HOW THE IMR FINAL DETERMINATION WAS MADE',
    'MAXIMUS Federal Services sent the complete case file to an expert reviewer.',
    '',
    ...(o.summaryHeading === false ? [] : ['CLINICAL CASE SUMMARY']),
    'The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:',
    'The injured worker is a 52 year old who sustained an industrial injury on 05/21/2015.',
    '',
    'IMR ISSUES, DECISIONS AND RATIONALES',
    'The Final Determination was based on decisions for the disputed items/services set forth below:',
    ...(o.items ?? ['Physical therapy 2 times a week for 4 weeks, lumbar spine']).flatMap((name) => [
      `${name}: Upheld`,
      'Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.',
      'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.',
      `Decision rationale: The request for ${name} is not medically necessary.`,
    ]),
    '',
  ].join('\n');
}

/** Warnings and errors of a text (hints are suggestions). */
function problems(text: string) {
  const model = parseDetermination(text, KB);
  return { model, findings: runRules(model, KB).filter((f) => f.severity === 'error' || f.severity === 'warning') };
}

describe('a batch of letters in one file', () => {
  test('the letters used here are clean on their own', () => {
    for (const t of [
      letter('CM99-0000001'),
      letter('CM99-0000002', { items: ['MRI of the knee', 'Physical therapy 2 times a week for 4 weeks, lumbar spine'] }),
    ]) {
      assert.deepEqual(
        problems(t).findings.map((f) => f.code),
        [],
      );
    }
  });

  test('the same treatment disputed in two letters is not a duplicate; twice in one letter it is', () => {
    const batch = [letter('CM99-0000001'), letter('CM99-0000002')].join('\n');
    const { model, findings } = problems(batch);
    assert.equal(model.parts.length, 2);
    assert.deepEqual(
      findings.map((f) => f.code),
      [],
    );

    const twice = [letter('CM99-0000001'), letter('CM99-0000002', { items: ['MRI of the knee', 'MRI of the knee'] })].join('\n');
    const dup = problems(twice).findings;
    assert.deepEqual(
      dup.map((f) => f.code),
      ['duplicate-item'],
    );
    assert.ok(dup[0].span.start > twice.indexOf('CM99-0000002'), 'reported in the second letter');
  });

  test('a heading missing from the second letter is reported in that letter, and its quick fix puts it back', () => {
    const whole = [letter('CM99-0000001'), letter('CM99-0000002'), letter('CM99-0000003')].join('\n');
    const broken = [letter('CM99-0000001'), letter('CM99-0000002', { summaryHeading: false }), letter('CM99-0000003')].join('\n');
    const { model, findings } = problems(broken);
    assert.deepEqual(
      findings.map((f) => f.code),
      ['missing-section'],
    );
    const second = model.parts[1].span;
    assert.ok(findings[0].span.start >= second.start && findings[0].span.end <= second.end, 'marked inside the second letter');
    assert.equal(findings[0].message, "Letter 2 of 3 (CM99-0000002) has no 'CLINICAL CASE SUMMARY' section heading.");

    // Through the code actions the server offers (each one checked by reading its result again).
    const allFindings = runRules(model, KB);
    const diagnostics = toDiagnostics(model, allFindings).filter((d) => d.code === 'missing-section');
    const fix = getCodeActions(model, URI, allFindings, diagnostics, ['quickfix']).find((a) => a.title === "Insert heading 'CLINICAL CASE SUMMARY'");
    assert.ok(fix?.edit?.changes?.[URI], 'the quick fix is offered');
    const fixed = TextDocument.applyEdits(TextDocument.create(URI, 'imr-determination', 1, broken), fix.edit.changes[URI]);
    assert.equal(fixed, whole, 'the heading goes back where it was, byte for byte');
  });

  test('header dates are checked letter by letter', () => {
    const batch = [letter('CM99-0000001'), letter('CM99-0000002', { assigned: '03/01/2017', decided: '02/01/2017' })].join('\n');
    const { findings } = problems(batch);
    assert.deepEqual(
      findings.map((f) => f.code),
      ['header-date'],
    );
    assert.equal(batch.slice(findings[0].span.start, findings[0].span.end), '02/01/2017');
    assert.ok(findings[0].span.start > batch.indexOf('CM99-0000002'), 'the second letter');
  });

  test('the outline has one symbol per letter, named by its case number, holding that letter', () => {
    const batch = [letter('CM99-0000001'), letter('CM99-0000002', { items: ['MRI of the knee', 'Acupuncture x 6'] })].join('\n');
    const symbols = getDocumentSymbols(parseDetermination(batch, KB));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail]),
      [
        ['CM99-0000001', 'letter 1 of 2 · 1 item'],
        ['CM99-0000002', 'letter 2 of 2 · 2 items'],
      ],
    );
    const second = symbols[1].children!;
    assert.deepEqual(
      second.map((s) => s.name),
      ['Header', 'HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES'],
    );
    assert.deepEqual(
      second[3].children!.map((s) => `${s.name}: ${s.detail}`),
      ['MRI of the knee: Upheld', 'Acupuncture x 6: Upheld'],
    );
    assert.ok(symbols[0].range.end.line < symbols[1].range.start.line, 'letters do not overlap');
  });

  test('each letter folds, and so does each header', () => {
    const batch = [letter('CM99-0000001'), letter('CM99-0000002')].join('\n');
    const model = parseDetermination(batch, KB);
    const ranges = getFoldingRanges(model);
    const secondStart = model.lines.positionAt(model.parts[1].span.start).line;
    assert.ok(
      ranges.some((r) => r.startLine === 0 && r.endLine === secondStart - 2),
      'the first letter (its last text line is before the blank line)',
    );
    assert.equal(ranges.filter((r) => r.startLine === secondStart).length, 2, 'the second letter and its header start on the same line');
  });

  test("completion reads the letter under the cursor: Upheld/Overturned in the second letter's issues, nothing in its case summary", () => {
    const second = letter('CM99-0000002', { items: ['MRI of the knee'] }).replace('MRI of the knee: Upheld', 'MRI of the knee: ');
    const batch = [letter('CM99-0000001'), second].join('\n');
    const model = parseDetermination(batch, KB);
    const labels = (at: number) => getCompletions(model, at, KB).map((c) => c.label);
    assert.deepEqual(labels(batch.indexOf('MRI of the knee: ') + 'MRI of the knee: '.length), ['Upheld', 'Overturned']);
    const records = batch.indexOf('medical records:', batch.indexOf('CM99-0000002')) + 'medical records:'.length;
    assert.deepEqual(labels(records), [], "a colon in the second letter's case summary is not an item");
    assert.deepEqual(labels(batch.indexOf('medical records:') + 'medical records:'.length), [], 'nor in the first');
  });

  test('a decision typed above every heading does not end a letter (found by the fix-safety property)', () => {
    const draft = letter('CM99-0000001').replace('Date Assigned:', 'MRI of the knee: Upheld\nDate Assigned:');
    assert.equal(parseDetermination(draft, KB).parts.length, 1);
    assert.equal(parseDetermination([draft, letter('CM99-0000002')].join('\n'), KB).parts.length, 2);
  });

  test('a quick fix writes the way its own letter is written (a 2014-2015 letter, then a typed one)', () => {
    const published = sampleLetters().find((l) => l.id.endsWith('physical-therapy-upheld.txt'))!.text;
    const typed = letter('CM99-0000002').replace(/\nDecision rationale: [^\n]*/, '');
    const batch = `${published}\n${typed}`;
    const model = parseDetermination(batch, KB);
    assert.deepEqual(
      model.parts.map((p) => p.layout),
      ['2014-2015', '2016-2017'],
    );
    const missing = runRules(model, KB).filter((f) => f.code === 'missing-rationale');
    assert.equal(missing.length, 1);
    const insert = missing[0].fixes[0].edits[0].newText;
    assert.match(insert, /^\nDecision rationale: /, 'one line break, not the blank line of the 2014-2015 layout');
  });

  test('the status bar counts the letters', () => {
    const batch = [letter('CM99-0000001'), letter('CM99-0000002', { items: ['MRI of the knee', 'Acupuncture x 6'] })].join('\n');
    const model = parseDetermination(batch, KB);
    const s = statusCounts(model, runRules(model, KB));
    assert.equal(s.text, 'IMR: 2 letters · 3 items · 3 upheld · 0 overturned · 0 problems');
    assert.equal(s.letters, 2);
    assert.equal(statusCounts(parseDetermination(letter('CM99-0000001'), KB), []).text, 'IMR: 1 item · 1 upheld · 0 overturned · 0 problems');
  });
});
