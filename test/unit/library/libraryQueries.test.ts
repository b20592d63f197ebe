// The library's SQL (server/src/library/libraryQueries.ts) against the model: the same letters
// filtered, grouped, paged and summarised in memory the plain way (test/helpers/libraryModel.ts),
// over the samples and every 2016-2017 letter of the corpus, for every grouping and a set of
// filters that each select something (and some that select nothing).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { monthOf } from '../../../server/src/library/letterFacets';
import { LibraryDb } from '../../../server/src/library/libraryDb';
import { decisionCounts, letterGroups, lettersPage, lettersSummary } from '../../../server/src/library/libraryQueries';
import { BUNDLED_DEFAULTS, checkText } from '../../../server/src/pipeline/checkText';
import { LETTER_GROUPINGS, type LetterSummary, type LettersFilter } from '../../../server/src/protocol';
import { corpusLetters, sampleLetters } from '../../helpers/corpus';
import { filterLetters, groupLetters, isInGroup, matchLetters, summarizeLibrary } from '../../helpers/libraryModel';
import { searchItems } from '../../../server/src/workspace/indexedItem';
import { librarySymbols } from '../../../server/src/library/librarySymbols';

const samples = sampleLetters();
// A made-up letter with a misspelt decision (an undecided letter) among them.
const undecided = { ...samples[0], path: '/ws/CM99-0000003.txt', text: samples[0].text.replace(/:(\s+)Upheld/, ':$1Uphled') };
const sources = [...samples, undecided, ...corpusLetters().filter((l) => l.layout === 'text')];
const files = sources.map((l, k) => {
  const name = `${String(k).padStart(4, '0')}-${path.basename(l.path)}`;
  return { key: `/ws/${name}`, uri: `file:///ws/${name}`, name, letters: checkText(l.text, BUNDLED_DEFAULTS()).summaries(`file:///ws/${name}`) };
});
// In path order, as the database answers (by file key, then letter), and as JSON gives them back.
const model: LetterSummary[] = JSON.parse(JSON.stringify(files.flatMap((f) => f.letters)));
const db = new LibraryDb(undefined, 'test');
db.write(() => {
  for (const f of [...files].reverse()) db.putFileInTransaction(f.key, f.uri, f.name, 1, 1, f.letters, {});
});
after(() => db.close());

const guidelines = [...new Set(model.flatMap((l) => l.items.flatMap((i) => (i.maximusGuidelines ?? []).map((r) => r.guideline))))];
const sections = [...new Set(model.flatMap((l) => l.items.flatMap((i) => (i.maximusGuidelines ?? []).flatMap((r) => r.sections ?? []))))];
const cited = model.flatMap((l) => l.items.flatMap((i) => (i.maximusGuidelines ?? []).filter((r) => r.sections?.length)))[0];
const therapy = model.flatMap((l) => l.items.filter((i) => i.treatment && i.bodyPart).map((i) => ({ letter: l, item: i })))[0];
const ownLetter = `${therapy.letter.uri}#${therapy.letter.letter}`;
// The letter citing that section first: its own topic counts leave it out.
const citing = model.find((l) => l.items.some((i) => i.maximusGuidelines?.includes(cited)))!;
const FILTERS: LettersFilter[] = [
  {},
  { text: 'physical therapy' },
  { text: 'mri' },
  { text: 'tra' },
  { outcome: 'upheld' },
  { outcome: 'overturned' },
  { outcome: 'undecided' },
  { outcome: 'mixed', text: 'x' },
  { guideline: guidelines[0] },
  { guideline: guidelines[1], outcome: 'upheld' },
  { section: sections[0] },
  { section: cited.sections![0].toUpperCase(), guideline: cited.guideline },
  { specialty: 'family practice' },
  { specialty: '' },
  { month: model.map((l) => monthOf(l.decisionDate)).find((m) => m !== undefined) },
  { treatment: 'physical' },
  { bodyPart: 'lumbar spine' },
  { treatment: therapy.item.treatment, bodyPart: therapy.item.bodyPart, exclude: ownLetter },
  { guideline: cited.guideline, section: cited.sections![0], exclude: `${model[0].uri}#${model[0].letter}` },
  { guideline: cited.guideline, section: cited.sections![0], exclude: `${citing.uri}#${citing.letter}` },
  { exclude: ownLetter },
  { text: 'no such treatment anywhere' },
];

describe('the library SQL agrees with the model', () => {
  test('the corpus is there, and the filters select something', () => {
    assert.ok(model.length > 100, `${model.length} letters`);
    assert.ok(guidelines.length > 3 && sections.length > 3);
    assert.ok(
      FILTERS.some((f) => f.month),
      'a decision month',
    );
    for (const f of FILTERS.slice(1, -1)) assert.ok(filterLetters(model, f).length > 0, JSON.stringify(f));
  });

  test('imr/letters: every letter passing each filter, in path order, with only the items shown', () => {
    for (const filter of FILTERS) assert.deepEqual(lettersPage(db, { filter }), filterLetters(model, filter), JSON.stringify(filter));
  });

  test('the similar-request counts: how the items each filter shows were decided, the letter left out not counted', () => {
    const counts = decisionCounts(db, FILTERS);
    FILTERS.forEach((filter, k) => {
      const items = filterLetters(model, filter).flatMap((l) => l.items);
      const upheld = items.filter((i) => i.decision === 'Upheld').length;
      const overturned = items.filter((i) => i.decision === 'Overturned').length;
      assert.deepEqual(counts[k], { upheld, overturned, other: items.length - upheld - overturned }, JSON.stringify(filter));
    });
    const similar = FILTERS.find((f) => f.exclude && f.treatment)!;
    const withOwn = decisionCounts(db, [{ ...similar, exclude: undefined }])[0];
    const own = therapy.letter.items.filter((i) => i.treatment === similar.treatment && i.bodyPart === similar.bodyPart).length;
    assert.equal(
      withOwn.upheld + withOwn.overturned + withOwn.other,
      counts[FILTERS.indexOf(similar)].upheld + counts[FILTERS.indexOf(similar)].overturned + counts[FILTERS.indexOf(similar)].other + own,
    );
  });

  test('the stored files, a page at a time (as the server reads them when it opens the store): each file once, with its letter count', () => {
    const paged: ReturnType<LibraryDb['storedFiles']>['files'] = [];
    let pages = 0;
    for (let after: number | null = 0; after !== null; pages++) {
      const page = db.storedFiles(after, 7);
      paged.push(...page.files);
      after = page.last;
    }
    assert.equal(pages, Math.ceil(files.length / 7) + 1, 'pages of 7, then an empty one');
    assert.deepEqual(paged.map((f) => f.key).sort(), files.map((f) => f.key).sort());
    for (const f of files) {
      const stored = paged.find((p) => p.key === f.key)!;
      assert.equal(stored.letters, f.letters.length, f.key);
      assert.deepEqual([stored.size, stored.mtime], [1, 1], f.key);
    }
  });

  test('workspace symbols from the database: the same items, order and ranges as the index finds in memory; past the limit, the best of them', () => {
    // The index's own search (indexedItem.ts searchItems) over the same letters, as it kept them before the library answered.
    const inMemory = files.map((f) => ({
      key: f.key,
      items: f.letters.flatMap((l) =>
        l.items.flatMap((i) => [i.name, i.decision, i.range.start.line, i.range.start.character, i.range.end.line, i.range.end.character]),
      ),
      uri: () => f.uri,
      fileName: () => f.name,
    }));
    const queries = [
      '',
      'physical therapy',
      'PHYS THER',
      'therapy physical',
      'therapy overturned',
      'acu knee',
      'x-rays cervical',
      'overturned',
      'uphled',
      'p',
      'zzz',
    ];
    let found = 0;
    for (const q of queries) {
      const want = searchItems(inMemory, q, 100_000);
      assert.ok(want.length < 1000, 'every match fits the limit below');
      assert.deepEqual(librarySymbols(db, q, 1000), want, JSON.stringify(q));
      found += want.length;
      // Fewer than match: the best (first query word starting the name) before the others, each one of the matches, in the same order.
      const few = librarySymbols(db, q, 7);
      assert.equal(few.length, Math.min(7, want.length), JSON.stringify(q));
      const best = want.filter((w) => w.score === 0).length;
      for (const [k, r] of few.entries()) {
        assert.ok(
          want.some((w) => JSON.stringify(w) === JSON.stringify(r)),
          `${JSON.stringify(q)}: ${r.symbol.name}`,
        );
        assert.equal(r.score, k < best ? 0 : 1, `${JSON.stringify(q)}: the best first`);
      }
      assert.deepEqual(
        few,
        [...few].sort(
          (a, b) =>
            a.score - b.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.symbol.location.range.start.line - b.symbol.location.range.start.line,
        ),
      );
    }
    assert.ok(found > 300, `the queries find items (${found})`);
    assert.ok(searchItems(inMemory, 'therapy overturned', 500).length > 0, 'a decision word matches');
  });

  test('imr/letters pages: offset and limit', () => {
    const all = filterLetters(model, { text: 'physical' });
    for (const [offset, limit] of [
      [0, 7],
      [5, 10],
      [all.length - 3, 200],
    ])
      assert.deepEqual(lettersPage(db, { filter: { text: 'physical' }, offset, limit }), all.slice(offset, offset + limit));
  });

  test('imr/letterGroups under each grouping and filter; each group lists exactly its letters', () => {
    for (const groupBy of LETTER_GROUPINGS) {
      for (const filter of FILTERS) {
        const matches = matchLetters(model, filter);
        const expected = groupLetters(matches, groupBy);
        const got = letterGroups(db, { groupBy, filter });
        assert.deepEqual(got, expected, `${groupBy} ${JSON.stringify(filter)}`);
        for (const g of got.groups.slice(0, 4)) {
          const group = { by: groupBy, key: g.key };
          assert.deepEqual(
            lettersPage(db, { filter, group }),
            matches.filter((m) => isInGroup(m, group)).map((m) => m.shown),
            `${groupBy}:${g.key} ${JSON.stringify(filter)}`,
          );
        }
      }
    }
  });

  test('imr/lettersSummary under each filter', () => {
    for (const filter of FILTERS) assert.deepEqual(lettersSummary(db, filter), summarizeLibrary(filterLetters(model, filter)), JSON.stringify(filter));
  });
});

describe('the words of item names (item_words) follow the items', () => {
  test('a file written again, a file forgotten, a new context: the words filter and symbols find only what is stored, and no word outlives its item, nor a letter its groups by guideline', () => {
    const store = new LibraryDb(undefined, 'one');
    try {
      const therapyLetter = files.find((f) => /physical therapy/i.test(JSON.stringify(f.letters)))!;
      const otherLetter = files.find((f) => !/physical/i.test(JSON.stringify(f.letters)))!;
      const found = (text: string) => lettersPage(store, { filter: { text } }).length;
      const orphans = () => (store.db.prepare('SELECT count(*) AS n FROM item_words WHERE item_id NOT IN (SELECT id FROM items)').get() as { n: number }).n;
      store.write(() => store.putFileInTransaction('/ws/a.txt', 'file:///ws/a.txt', 'a.txt', 1, 1, therapyLetter.letters, {}));
      assert.ok(found('physical therapy') > 0);
      assert.ok(librarySymbols(store, 'physical therapy', 10).length > 0);
      // The same file, now holding another letter: its old words are gone.
      store.write(() => store.putFileInTransaction('/ws/a.txt', 'file:///ws/a.txt', 'a.txt', 2, 2, otherLetter.letters, {}));
      assert.equal(orphans(), 0);
      assert.equal(found('physical therapy'), 0);
      assert.deepEqual(librarySymbols(store, 'physical therapy', 10), []);
      const name = otherLetter.letters[0].items[0].name;
      assert.ok(found(name) > 0, 'the new names are found');
      store.write(() => store.forgetFileInTransaction('/ws/a.txt'));
      assert.equal(found(name), 0);
      assert.equal((store.db.prepare('SELECT count(*) AS n FROM letter_guidelines').get() as { n: number }).n, 0, 'nor a letter its groups');
      store.write(() => store.putFileInTransaction('/ws/b.txt', 'file:///ws/b.txt', 'b.txt', 1, 1, therapyLetter.letters, {}));
      assert.equal(store.setContext('two'), true, 'a new context empties the store');
      assert.equal((store.db.prepare('SELECT count(*) AS n FROM item_words').get() as { n: number }).n, 0);
      assert.equal(found('physical therapy'), 0);
    } finally {
      store.close();
    }
  });
});
