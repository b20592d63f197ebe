// Pages of a letter (server/src/model/pages.ts): form feeds end pages, as pdftotext and the PDF
// reader write them (a form feed after every page, the last included). Invented letters
// (CM99-...) and the samples, which have no form feed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { itemPage, letterPage, pageAt, pageStartsOf } from '../../../server/src/model/pages';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { LetterCache } from '../../../server/src/parse/letterCache';
import { parseDetermination } from '../../../server/src/parse/parser';
import type { Letter } from '../../../server/src/model/types';
import { documentText } from '../../../server/src/pdf/layout';
import { syntheticLetter } from '../../helpers/cli';
import { sampleLetters } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();

describe('pages', () => {
  test('no form feed: one page, every offset on page 1', () => {
    assert.deepEqual(pageStartsOf(''), [0]);
    assert.deepEqual(pageStartsOf('one page\nof text\n'), [0]);
    for (const s of sampleLetters()) {
      const m = parseDetermination(s.text, kb);
      assert.deepEqual(m.pageStarts, [0], s.id);
      assert.ok(
        m.items.every((i) => itemPage(m, i) === 1),
        s.id,
      );
      assert.equal(letterPage(m, m.parts[0]), 1);
    }
  });

  test('a form feed ends each page; the one after the last page starts none', () => {
    // pdftotext: "page 1\n\fpage 2\n\f" (the form feed begins the next page's first line).
    const text = 'page one\n\fpage two\n\fpage three\n\f';
    assert.deepEqual(pageStartsOf(text), [0, 10, 20]);
    const m = { pageStarts: pageStartsOf(text) };
    assert.equal(pageAt(m, 0), 1);
    assert.equal(pageAt(m, 9), 1, 'the form feed belongs to the page it ends');
    assert.equal(pageAt(m, 10), 2);
    assert.equal(pageAt(m, text.length), 3);
    // White space after the last form feed is no page; an empty page inside is one.
    assert.deepEqual(pageStartsOf('a\n\f\n  \n\f\n'), [0]);
    assert.deepEqual(pageStartsOf('a\n\f\fc\n\f'), [0, 3, 4]);
    // Many trailing form feeds: linear, not one scan of the tail per form feed.
    assert.deepEqual(pageStartsOf('a' + '\f'.repeat(200_000)), [0]);
  });

  test("an item's and a letter's page, in a batch and through the letter cache", () => {
    const first = syntheticLetter('CM99-0000021', ['MRI of the knee', 'Acupuncture x 6']).replace('Acupuncture x 6: Upheld', '\fAcupuncture x 6: Upheld');
    const text = `${first}\f${syntheticLetter('CM99-0000022', ['Massage x 4'])}\f`;
    const cache = new LetterCache<Letter>();
    for (const m of [parseDetermination(text, kb), parseDetermination(text, kb, cache), parseDetermination(`\f${text}`, kb, cache)]) {
      const shift = m.text.startsWith('\f') ? 1 : 0;
      assert.equal(m.pageStarts.length, 3 + shift);
      assert.deepEqual(
        m.items.map((i) => [i.name.text, itemPage(m, i) - shift]),
        [
          ['MRI of the knee', 1],
          ['Acupuncture x 6', 2],
          ['Massage x 4', 3],
        ],
      );
      // Letter 2's first line starts with the form feed that ended page 2: it begins on page 3.
      assert.deepEqual(
        m.parts.map((p) => letterPage(m, p) - shift),
        [1, 3],
      );
    }
  });

  test('the PDF reader writes the page breaks pdftotext writes', () => {
    // pdf/layout.ts joins each page's lines and ends every page with a form feed.
    const text = documentText([['Case Number: CM99-0000023', 'line'], [], ['last page']]);
    assert.equal(text, 'Case Number: CM99-0000023\nline\n\f\flast page\n\f');
    assert.deepEqual(pageStartsOf(text), [0, 32, 33]);
  });
});
