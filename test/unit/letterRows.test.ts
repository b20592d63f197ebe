// The CSV of the letter library: the columns of `imr-check --format csv`, RFC 4180 quoting,
// and no cell a spreadsheet would run as a formula.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvCell, guidelinesCell, LETTER_CSV_COLUMNS, letterRows, parseCsv, toCsv } from '../../server/src/csv/letterRows';
import type { LetterSummary } from '../../server/src/protocol';

const letter: LetterSummary = {
  uri: 'file:///w/a.txt',
  letter: 2,
  caseNumber: 'CM16-0000001',
  decisionDate: '12/09/2016',
  specialty: 'Internal Medicine, Rheumatology',
  items: [
    {
      name: 'Norco 10/325mg #60, "as needed"',
      decision: 'Upheld',
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 10 } },
      claimsAdministratorGuidelines: [],
      maximusGuidelines: [{ guideline: 'Chronic Pain Medical Treatment Guidelines (2009)', mtus: true, sections: ['Opioids'], pages: ['74-96'] }],
      conclusion: 'not medically necessary',
      problems: ['unknown-section', 'page-out-of-range'],
    },
    {
      name: '=HYPERLINK("x")',
      decision: 'Overturned',
      range: { start: { line: 9, character: 0 }, end: { line: 9, character: 10 } },
      claimsAdministratorGuidelines: [{ guideline: 'ODG', mtus: false, sections: [], pages: [] }],
      maximusGuidelines: [],
      conclusion: null,
      problems: [],
    },
  ],
};

describe('letter CSV', () => {
  test('one row per item with exactly the CLI columns', () => {
    const csv = toCsv(letterRows([letter], (u) => u.replace('file:///w/', '')));
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], [...LETTER_CSV_COLUMNS]);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[1], ['a.txt', '2', 'CM16-0000001', '12/09/2016', '', '', 'Internal Medicine, Rheumatology', 'Norco 10/325mg #60, "as needed"', 'Upheld', '', 'Chronic Pain Medical Treatment Guidelines (2009): Opioids; pages 74-96', '', 'unknown-section page-out-of-range']);
    assert.equal(rows[2][7], `'=HYPERLINK("x")`, 'formula guarded');
    assert.equal(rows[2][9], 'ODG');
    assert.ok(csv.endsWith('\r\n') && csv.includes('"Norco 10/325mg #60, ""as needed"""'));
  });
  test('formula-injection guard and quoting', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)']) assert.equal(csvCell(v)[0], "'");
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(guidelinesCell([]), '');
  });
});
