// The project's one CSV (server/src/csv/csv.ts), as the letter export writes it: the columns of
// `imr-check --format csv`, RFC 4180 quoting, and no cell a spreadsheet would run as a formula.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CSV_COLUMNS, csvField, guidelinesCell, letterRows, parseCsv, toCsv } from '../../../server/src/csv/csv';
import { CSV_COLUMNS as CLI_COLUMNS, csvField as cliField } from '../../../server/src/cli/formats/csv';
import type { LetterSummary } from '../../../server/src/protocol';

const letter: LetterSummary = {
  uri: 'file:///w/a.txt',
  letter: 2,
  caseNumber: 'CM99-0000001',
  decisionDate: '12/09/2016',
  specialty: 'Internal Medicine, Rheumatology',
  problems: ['missing-section'],
  items: [
    {
      name: 'Norco 10/325mg #60, "as needed"',
      decision: 'Upheld',
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 10 } },
      maximusGuidelines: [{ guideline: 'Chronic Pain Medical Treatment Guidelines (2009)', mtus: true, sections: ['Opioids'], pages: ['74-96'] }],
      conclusion: 'not medically necessary',
      requestedVisits: 12,
      problems: ['unknown-section', 'page-out-of-range'],
    },
    {
      name: '=HYPERLINK("x")',
      decision: 'Overturned',
      range: { start: { line: 9, character: 0 }, end: { line: 9, character: 10 } },
      // Lean: empty lists and absent values are left out.
      claimsAdministratorGuidelines: [{ guideline: 'ODG' }],
      page: 3,
    },
  ],
};

describe('CSV (imr-check and the letter export)', () => {
  test('one row per item with exactly the CLI columns', () => {
    const csv = toCsv(letterRows([letter], (u) => u.replace('file:///w/', '')));
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(CLI_COLUMNS, CSV_COLUMNS, 'imr-check writes the same columns');
    assert.equal(cliField, csvField, 'and the same quoting');
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[1], [
      'a.txt',
      '2',
      'CM99-0000001',
      '12/09/2016',
      '',
      '',
      'Internal Medicine, Rheumatology',
      'Norco 10/325mg #60, "as needed"',
      'Upheld',
      '',
      'Chronic Pain Medical Treatment Guidelines (2009): Opioids; pages 74-96',
      '12',
      '1',
      'unknown-section page-out-of-range',
      'missing-section',
    ]);
    assert.equal(rows[2][7], `'=HYPERLINK("x")`, 'formula guarded');
    assert.equal(rows[2][9], 'ODG');
    // No page: page 1 (the summary leaves it out); page 3 where the item begins on page 3.
    assert.deepEqual(rows[2].slice(10), ['', '', '3', '', 'missing-section']);
    assert.ok(csv.endsWith('\r\n') && csv.includes('"Norco 10/325mg #60, ""as needed"""'));
  });
  test('formula-injection guard and quoting', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)']) assert.equal(csvField(v)[0], "'");
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('line\nbreak'), '"line\nbreak"');
    assert.equal(csvField('plain'), 'plain');
    assert.equal(guidelinesCell([]), '');
  });
});

describe('guideline cells', () => {
  test('a URL is written once per cell, however often the letter names it', () => {
    const a = 'https://www.cms.gov/x/R148CIM.pdf';
    const b = 'http://www.aetna.com/cpb/0181.html';
    const cell = guidelinesCell([
      { guideline: `Other Medical Treatment Guidelines ${a}, ${b}` },
      { guideline: a },
      { guideline: `${b}.` },
      { guideline: 'ODG Knee' },
    ]);
    assert.equal(cell, `Other Medical Treatment Guidelines ${a}, ${b} | ODG Knee`);
    assert.equal(guidelinesCell([{ guideline: `${a}, ${b}` }, { guideline: a }, { guideline: b }]), `${a}, ${b}`);
  });

  test('"none cited" when the field says nothing was cited; empty when the field is missing', () => {
    const base = { name: 'MRI', decision: 'Upheld', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } };
    const rows = letterRows([
      {
        ...letter,
        items: [{ ...base, claimsAdministratorNoneCited: true, maximusGuidelines: [{ guideline: 'ODG' }] }, { ...base, maximusNoneCited: true }, base],
      },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.claimsAdministratorGuideline, r.maximusGuideline]),
      [
        ['none cited', 'ODG'],
        ['', 'none cited'],
        ['', ''],
      ],
    );
  });
});
