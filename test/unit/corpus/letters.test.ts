// Every real letter, in every layout and extraction, parses to the right items, decisions,
// fields and header values. Expected counts come from the corpus's independent index
// (2016-2017) and from reading the five seed letters (2014-2015).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDetermination } from '../../../server/src/parse/parser';
import type { Determination } from '../../../server/src/model/types';
import {
  CORPUS_ABSENT_MESSAGE,
  CORPUS_PRESENT,
  CORPUS_DIR,
  corpusIndex,
  corpusLetters,
  EXTRACTIONS,
  noticeFragment,
  sampleLetters,
  INDEX_HEADER_COLUMNS,
} from '../../helpers/corpus';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const HEADER_COLUMNS = INDEX_HEADER_COLUMNS;

/** Read from the letters themselves: item names and outcomes of the five seeds. */
const SEEDS: Record<string, [string, 'Upheld' | 'Overturned'][]> = {
  '000_bd66c5538b401e18.txt': [['Eight (8) physical therapy sessions (2x4), cervical and lumbar spine', 'Overturned']],
  '001_a908bdee04c6bfdd.txt': [['Physical therapy 2x4 for core and trunk stabilization for the lumbar spine', 'Upheld']],
  '002_4bf3ce592bbb8fec.txt': [['Physical Therapy 2 times a week for 3 weeks for Lumbar Spine', 'Upheld']],
  '003_a49e97d744877896.txt': [
    ['Physical therapy for cervical/thoracic spine #8', 'Upheld'],
    ['Acupuncture for cervical/thoracic spine #8', 'Upheld'],
  ],
  '004_16de2fe7a2b06a03.txt': [
    ['X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'Upheld'],
    ['PHYSICAL THERAPY , LUMBAR SPINE AND CERVICAL SPINE X 8', 'Upheld'],
  ],
};

function assertWellFormed(model: Determination, id: string): void {
  for (const item of model.items) {
    for (const s of [item.span, item.header, item.name.span, item.decision.span]) {
      assert.ok(s.start >= 0 && s.start <= s.end && s.end <= model.length, `${id}: span out of the document`);
    }
    assert.ok(item.name.span.start >= item.span.start && item.name.span.end <= item.span.end, `${id}: name outside its item`);
    assert.equal(model.text.slice(item.decision.span.start, item.decision.span.end), item.decision.text, `${id}: decision span`);
    for (const f of item.allFields) {
      assert.match(model.text.slice(f.label.span.start, f.label.span.end), /:$/, `${id}: label span ends at its colon`);
      assert.ok(f.value.span.end <= item.span.end, `${id}: field outside its item`);
    }
  }
}

function assertComplete(model: Determination, id: string): void {
  for (const item of model.items) {
    assert.equal(item.allFields.length, 3, `${id}: '${item.name.text}' has ${item.allFields.length} field labels`);
    for (const kind of ['claimsAdministratorGuideline', 'maximusGuideline', 'decisionRationale'] as const) {
      assert.ok(item.fields[kind]?.value.text, `${id}: '${item.name.text}' lacks ${kind}`);
    }
    assert.ok(item.name.text.length > 0 && item.name.text.length < 200, `${id}: item name '${item.name.text}'`);
    assert.doesNotMatch(item.name.text, /\b(is|are) (not )?medically necessary|Decision rationale|guideline:/i, `${id}: name swallowed other text`);
  }
}

describe('seed letters (2014-2015, samples/)', () => {
  for (const letter of sampleLetters()) {
    test(letter.id, () => {
      const model = parseDetermination(letter.text);
      assert.equal(model.layout, '2014-2015');
      assert.deepEqual(
        model.sections.map((s) => s.kind),
        ['determinationProcess', 'clinicalCaseSummary', 'issues'],
      );
      assertWellFormed(model, letter.id);
      assertComplete(model, letter.id);
    });
  }
  test('each seed letter: item names and decisions as read from the letter', () => {
    const dir = path.join(CORPUS_DIR, '2014-2015');
    if (!CORPUS_PRESENT) return assert.fail(CORPUS_ABSENT_MESSAGE);
    for (const [file, expected] of Object.entries(SEEDS)) {
      const model = parseDetermination(readFileSync(path.join(dir, file), 'utf8'));
      assert.deepEqual(
        model.items.map((i) => [i.name.text, i.decision.kind]),
        expected,
        file,
      );
    }
  });
});

describe('2016-2017 letters against the corpus index', { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE }, () => {
  const letters = corpusLetters().filter((l) => l.id.startsWith('2016-2017'));
  const byId = new Map(letters.map((l) => [l.id, l]));
  const index = corpusIndex();
  test('index and letters are all there (130 letters x 3 extractions)', () => {
    assert.equal(index.length, 130);
    assert.equal(letters.length, 390);
  });
  for (const ext of EXTRACTIONS) {
    test(`${ext}: item count, decisions, fields, header of every letter`, () => {
      const failures: string[] = [];
      for (const row of index) {
        const letter = byId.get(`2016-2017/${ext}/${row.n}.txt`)!;
        const model = parseDetermination(letter.text);
        try {
          assert.equal(model.items.length, row.nItems, 'item count');
          assert.equal(model.items.filter((i) => i.decision.kind === 'Upheld').length, row.upheld, 'upheld');
          assert.equal(model.items.filter((i) => i.decision.kind === 'Overturned').length, row.overturned, 'overturned');
          for (const [col, key] of Object.entries(HEADER_COLUMNS)) {
            assert.equal(model.header.find((h) => h.key === key)?.value?.text, row.header[col], col);
          }
          assert.ok(model.credentials?.specialty?.text, 'reviewer specialty');
          assertWellFormed(model, letter.id);
          assertComplete(model, letter.id);
        } catch (e) {
          failures.push(`${letter.id}: ${(e as Error).message.split('\n')[0]}`);
        }
      }
      assert.deepEqual(failures, []);
    });
  }
  test('the three extractions of a letter give the same items, names and decisions', () => {
    for (const row of index) {
      const [a, b, c] = EXTRACTIONS.map((ext) =>
        parseDetermination(byId.get(`2016-2017/${ext}/${row.n}.txt`)!.text).items.map((i) => `${i.name.text} => ${i.decision.kind}`),
      );
      assert.deepEqual(b, a, `${row.n} layout vs text`);
      assert.deepEqual(c, a, `${row.n} raw vs text`);
    }
  });
  test('layouts are told apart', () => {
    for (const l of letters) {
      const layout = parseDetermination(l.text).layout;
      assert.equal(layout, l.layout === 'layout' ? '2016-2017-layout' : '2016-2017', l.id);
    }
  });
});

describe('2013 notice fragment', { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE }, () => {
  test('numbered determinations are items; "not medically necessary" reads as Upheld', () => {
    const letter = noticeFragment()!;
    const model = parseDetermination(letter.text);
    assert.equal(model.layout, '2013-notice');
    assert.deepEqual(
      model.items.map((i) => [i.name.text, i.decision.kind]),
      [
        ['28 day functional restoration program', 'Upheld'],
        ['6 month follow-up aftercare program', 'Upheld'],
      ],
    );
    assert.equal(model.header.find((h) => h.key === 'noticeDate')?.value?.text, '9/26/2013');
    assertWellFormed(model, letter.id);
  });
});

describe('several letters in one file', { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE }, () => {
  test("every layout: a file of concatenated letters gives each letter's items, fields and sections, as if opened one by one", () => {
    const letters = corpusLetters();
    for (const layout of ['2014-2015', 'text', 'layout', 'raw'] as const) {
      const group = letters.filter((l) => l.layout === layout).slice(0, 40);
      const one = group.map((l) => parseDetermination(l.text));
      const key = (m: Determination) => m.items.map((i) => `${i.name.text}=${i.decision.kind}:${i.allFields.map((f) => f.value.text).join('|')}`);
      const together = parseDetermination(group.map((l) => l.text).join('\n'));
      assert.deepEqual(key(together), one.flatMap(key), layout);
      assert.equal(
        together.sections.length,
        one.reduce((n, m) => n + m.sections.length, 0),
        layout,
      );
      assertWellFormed(together, `${layout} concatenated`);
    }
  });
});
