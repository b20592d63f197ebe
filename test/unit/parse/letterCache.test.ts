// Multi-letter files: each letter is parsed on its own text and moved to its place in the
// file (parse/letterCache.ts). These tests pin the two things that must hold for that to be
// invisible: `shifted` moves every span of the model and shares nothing with the original, and
// a file parsed through the cache, version after version, reads exactly as parsed afresh.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LetterCache, shifted } from '../../../server/src/parse/letterCache';
import { lineStartsOf } from '../../../server/src/model/lineIndex';
import { splitLines, visibleBounds } from '../../../server/src/parse/lines';
import type { Letter } from '../../../server/src/model/types';
import { parseDetermination } from '../../../server/src/parse/parser';
import type { Determination } from '../../../server/src/model/types';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { sampleLetters } from '../../helpers/corpus';

const KB = defaultKnowledgeBase();
const samples = sampleLetters();
const isSpan = (v: object): boolean => {
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as { start?: unknown }).start === 'number' && typeof (v as { end?: unknown }).end === 'number';
};

/** Every object reachable from `v`, with its path (the LineIndex and the text are left out). */
function* objects(v: unknown, path = '$'): Generator<[string, object]> {
  if (typeof v !== 'object' || v === null) return;
  yield [path, v];
  for (const [k, x] of Object.entries(v)) if (k !== 'lines' && k !== 'text') yield* objects(x, `${path}.${k}`);
}

/** The model without its line index (compared on its own through the text). */
const comparable = (m: Determination) => ({ ...m, lines: undefined });

describe('letterCache: shifted', () => {
  const model = parseDetermination(samples.map((l) => l.text).join('\n'), KB);
  const letter: Letter = { layout: model.layout, header: model.header, sections: model.sections, credentials: model.credentials, items: model.items };

  test('moves every span by the offset and copies every object', () => {
    const moved = shifted(letter, 1000);
    const before = [...objects(letter)];
    const after = [...objects(moved)];
    assert.equal(after.length, before.length, 'same shape');
    const originals = new Set(before.map(([, o]) => o));
    let spans = 0;
    for (let i = 0; i < before.length; i++) {
      const [path, a] = before[i];
      const [pathAfter, b] = after[i];
      assert.equal(pathAfter, path);
      assert.ok(!originals.has(b), `${path} is shared with the original`);
      if (isSpan(a)) {
        spans++;
        const s = a as { start: number; end: number };
        assert.deepEqual(b, { start: s.start + 1000, end: s.end + 1000 }, path);
      }
    }
    assert.ok(spans > 200, `the sample model has spans to move (${spans})`);
  });

  test('keeps an item field shared between `fields` and `allFields`', () => {
    const moved = shifted(letter, 7);
    for (const item of moved.items) for (const f of Object.values(item.fields)) if (f) assert.ok(item.allFields.includes(f));
  });
});

describe('letterCache: cached parse = fresh parse', () => {
  const letters = samples.map((l) => l.text);
  /** A deterministic walk of edits through a batch of the seed letters, twice over. */
  const batch = [...letters, ...letters].join('\n');
  const edits: ((t: string) => string)[] = [
    (t) => t,
    (t) => `${t.slice(0, 100)} x${t.slice(100)}`, // in the first letter: every other letter moves
    (t) => `${t.slice(0, t.length - 50)}Upheld${t.slice(t.length - 50)}`, // in the last letter
    (t) => t.replace('Decision rationale:', 'Decision rational:'), // first field of the batch breaks
    (t) => t.replace(/\nCase Number:/, '\nCase Numbr:'), // a letter boundary disappears
    (t) => `${letters[2]}\n${t}`, // a letter inserted in front
    (t) => t.slice(0, t.length >> 1), // half the batch deleted
    (t) => t.replace(/\r?\n/g, '\r\n'), // every line break changes
    (t) => t.replace(/\r\n/g, '\n'),
    () => '',
    () => batch,
  ];

  test('over a sequence of edits, and with duplicate letters in one file', () => {
    const cache = new LetterCache<Letter>();
    let text = batch;
    for (const [k, edit] of edits.entries()) {
      text = edit(text);
      assert.deepEqual(comparable(parseDetermination(text, KB, cache)), comparable(parseDetermination(text, KB)), `after edit ${k}`);
    }
  });

  test('reads every letter of the batch as it reads that letter alone', () => {
    const model = parseDetermination(batch, KB, new LetterCache());
    const alone = letters.map((t) => parseDetermination(t, KB).items.length);
    assert.equal(model.items.length, 2 * alone.reduce((a, b) => a + b, 0));
    for (const item of model.items) assert.equal(batch.slice(item.decision.span.start, item.decision.span.end), item.decision.text);
  });

  test('a letter left untouched keeps its objects; the edited one is read again', () => {
    const cache = new LetterCache<Letter>();
    const a = parseDetermination(batch, KB, cache);
    const edited = `${batch.slice(0, batch.length - 20)} x${batch.slice(batch.length - 20)}`;
    const b = parseDetermination(edited, KB, cache);
    assert.equal(b.items[0], a.items[0], 'the first letter is reused as is');
    assert.notEqual(b.items.at(-1), a.items.at(-1), 'the last letter is read again');
    assert.deepEqual(comparable(b), comparable(parseDetermination(edited, KB)));
  });

  test('another knowledge base reads every letter again', () => {
    const cache = new LetterCache<Letter>();
    const a = parseDetermination(batch, KB, cache);
    const b = parseDetermination(batch, undefined, cache);
    assert.notEqual(b.items[0], a.items[0]);
  });
});

describe('lines: line starts without line objects', () => {
  /** The reference: LSP's line breaks found by a regular expression, and JavaScript's own trim. */
  const reference = (t: string) => {
    const starts = [0];
    for (const m of t.matchAll(/\r\n|\r|\n/g)) starts.push(m.index! + m[0].length);
    return { starts, texts: t.split(/\r\n|\r|\n/).map((l) => l.trim()) };
  };
  const texts = [
    '',
    'a',
    '\n',
    '\r',
    '\r\n',
    'a\nb',
    'a\r\nb\r\n',
    'a\rb\r',
    '\n\r',
    '\r\r\n\n',
    'a\n\n\nb',
    ' \f\n\u2028x\u2029y\n',
    ' \tCase Number: X \f\r\n\r\n\u00a0 Upheld  \n',
    ...samples.map((l) => l.text),
    ...samples.map((l) => l.text.replace(/\n/g, '\r')),
    ...samples.map((l) => l.text.replace(/\n/g, '\r\n')),
  ];

  test('lineStartsOf finds every line start, for every kind of line break', () => {
    for (const t of texts) assert.deepEqual(lineStartsOf(t), reference(t).starts, JSON.stringify(t.slice(0, 40)));
  });

  test('splitLines and visibleBounds give each line its visible text', () => {
    for (const t of texts) {
      const { texts: visible } = reference(t);
      const starts = lineStartsOf(t);
      assert.deepEqual(
        splitLines(t).map((l) => l.text),
        visible,
        JSON.stringify(t.slice(0, 40)),
      );
      visible.forEach((v, i) => {
        const [a, b] = visibleBounds(t, starts, i);
        assert.equal(t.slice(a, b), v);
      });
    }
  });
});
