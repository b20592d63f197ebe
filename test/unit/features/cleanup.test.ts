// The PDF-text clean-up: the five seed letters (2014-2015 layout) and every 2016-2017 letter
// come out with the same words in the same order, parsing to the same items and fields,
// without form feeds, trailing spaces or the blank line between every line.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { cleanUpPdfText, cleanUpTextEdits } from '../../../server/src/features/cleanup';
import { LineIndex } from '../../../server/src/model/lineIndex';
import { parseDetermination } from '../../../server/src/parse/parser';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, noticeFragment, sampleLetters } from '../../helpers/corpus';

const words = (t: string): string[] => t.split(/\s+/).filter((w) => w.length > 0);

/** What a reader of the letter gets out of it: items, decisions and field texts. */
function summary(text: string) {
  const m = parseDetermination(text);
  return {
    isLetter: m.isLetter,
    sections: m.sections.map((s) => [s.kind, s.heading.text]),
    header: m.header.map((h) => [h.key, h.value?.text ?? null]),
    items: m.items.map((it) => ({
      name: it.name.text,
      decision: it.decision.kind,
      decisionText: it.decision.text,
      fields: it.allFields.map((f) => [f.kind, f.value.text]),
    })),
  };
}

/** Applies edits (offsets into the original) back to front. */
function applyEdits(text: string, edits: { span: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** Share of text lines directly followed by an empty line (the 2014-2015 pattern). */
function blankAfterEveryLineRatio(text: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  let visible = 0;
  let followed = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    visible++;
    if (lines[i + 1] === '') followed++;
  }
  return visible ? followed / visible : 0;
}

function assertClean(original: string, id: string): string {
  const r = cleanUpPdfText(original);
  const cleaned = r.text;
  assert.deepEqual(words(cleaned), words(original), `${id}: words changed`);
  assert.equal(applyEdits(original, r.edits), cleaned, `${id}: edits do not produce the cleaned text`);
  for (let k = 1; k < r.edits.length; k++) assert.ok(r.edits[k - 1].span.end <= r.edits[k].span.start, `${id}: edits overlap or are out of order`);
  for (const e of r.edits) {
    assert.match(original.slice(e.span.start, e.span.end), /^\s*$/u, `${id}: an edit touches a word`);
    assert.match(e.newText, /^\s*$/u, `${id}: an edit inserts a word`);
  }
  assert.ok(!cleaned.includes('\f'), `${id}: form feed left`);
  assert.doesNotMatch(cleaned, /[ \t]+(\r?\n|$)/, `${id}: trailing space left`);
  assert.doesNotMatch(cleaned, /(\r?\n){3,}/, `${id}: more than one blank line in a row`);
  assert.ok(blankAfterEveryLineRatio(cleaned) < 0.6, `${id}: still a blank line after nearly every line`);
  assert.deepEqual(summary(cleaned), summary(original), `${id}: parses differently after clean-up`);
  assert.equal(cleanUpPdfText(cleaned).text, cleaned, `${id}: not idempotent`);
  assert.deepEqual(cleanUpPdfText(cleaned).edits, [], `${id}: second clean-up still edits`);
  return cleaned;
}

describe('clean-up of the five seed letters (2014-2015 layout)', () => {
  const seeds = sampleLetters();
  test('there are five seeds in the 2014-2015 pattern', () => {
    assert.equal(seeds.length, 5);
    for (const s of seeds) assert.ok(blankAfterEveryLineRatio(s.text) > 0.9, s.id);
  });
  for (const s of seeds) {
    test(`${s.id}: same words, same items and fields, no blank line between every line`, () => {
      const cleaned = assertClean(s.text, s.id);
      const m = parseDetermination(cleaned);
      assert.ok(m.items.length >= 1, `${s.id}: items`);
      // Headings and items stay separated by a blank line.
      for (const item of m.items) {
        const line = m.lines.positionAt(item.header.start).line;
        assert.equal(cleaned.split('\n')[line - 1], '', `${s.id}: no blank line before '${item.name.text}'`);
      }
    });
  }

  test('a page break inside a sentence is rejoined (physical-therapy-overturned)', () => {
    const s = seeds.find((x) => x.id.endsWith('physical-therapy-overturned.imr'));
    assert.ok(s);
    assert.match(s.text, /Treatment to date \n\n\n\nhas included medication/);
    assert.match(cleanUpPdfText(s.text).text, /Treatment to date\nhas included medication/);
  });

  test('a paragraph break (a line with one space, then an empty line) becomes one blank line', () => {
    const s = seeds.find((x) => x.id.endsWith('x-rays-and-pt.txt'));
    assert.ok(s);
    assert.match(cleanUpPdfText(s.text).text, /surgery at this time\.\n\nIMR ISSUES, DECISIONS AND RATIONALES\n\nThe Final Determination/);
  });

  test('line-end hyphens stay line-end hyphens (x- / rays)', () => {
    const s = seeds.find((x) => x.id.endsWith('x-rays-and-pt.txt'));
    assert.ok(s);
    const cleaned = cleanUpPdfText(s.text).text;
    assert.match(cleaned, /request for x-\nrays of the cervical/);
    assert.match(cleaned, /at C5-6 and C6-\n7\. There are/);
  });

  test('CRLF stays CRLF', () => {
    for (const s of seeds) {
      const crlf = s.text.replace(/\n/g, '\r\n');
      const cleaned = assertClean(crlf, `${s.id} (CRLF)`);
      assert.equal(cleaned.replace(/\r\n/g, ''), cleaned.replace(/\r\n/g, '').replace(/[\r\n]/g, ''), `${s.id}: a bare CR or LF in CRLF text`);
      assert.equal(cleaned, cleanUpPdfText(s.text).text.replace(/\n/g, '\r\n'), `${s.id}: CRLF result differs from LF result`);
    }
  });

  test('LSP edits for the formatter: ranges in the original, applying them gives the cleaned text', () => {
    for (const s of seeds) {
      const crlf = s.text.replace(/\n/g, '\r\n');
      const edits = cleanUpTextEdits(crlf);
      const lines = new LineIndex(crlf);
      const asSpans = edits.map((e) => ({ span: { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end) }, newText: e.newText }));
      assert.equal(applyEdits(crlf, asSpans), cleanUpPdfText(crlf).text, s.id);
    }
  });
});

describe('clean-up of the real 2016-2017 letters', () => {
  if (!CORPUS_PRESENT) {
    test('corpus present', { skip: CORPUS_ABSENT_MESSAGE }, () => {});
    return;
  }
  const letters = corpusLetters();
  for (const extraction of ['2014-2015', 'text', 'layout', 'raw'] as const) {
    const some = letters.filter((l) => l.layout === extraction);
    test(`${extraction}: ${some.length} letters keep their words and parse to the same items`, () => {
      assert.ok(some.length > 0);
      for (const l of some) assertClean(l.text, l.id);
    });
  }

  test('the 2013 notice fragment (truncated mid-word) keeps its words', () => {
    const l = noticeFragment();
    assert.ok(l);
    assertClean(l.text, l.id);
  });

  test('a page break inside a sentence is rejoined, a page break between paragraphs becomes a blank line (text/008)', () => {
    const l = letters.find((x) => x.id === '2016-2017/text/008.txt');
    assert.ok(l);
    const cleaned = cleanUpPdfText(l.text).text;
    assert.match(l.text, /The request for\n\n\fnaproxen 500 mg/);
    assert.match(cleaned, /The request for\nnaproxen 500 mg/);
    assert.match(cleaned, /The request for electromyography\nis not supported/);
  });

  test('a citation broken by a page break after a comma is rejoined (text/005)', () => {
    const l = letters.find((x) => x.id === '2016-2017/text/005.txt');
    assert.ok(l);
    assert.match(cleanUpPdfText(l.text).text, /Official Disability Guidelines,\nForearm, Wrist, and Hand Chapter/);
  });

  test('CRLF 2016-2017 letters stay CRLF and keep their words', () => {
    for (const l of letters.filter((x) => x.layout === 'text').slice(0, 20)) {
      const crlf = l.text.replace(/\n/g, '\r\n');
      const cleaned = assertClean(crlf, `${l.id} (CRLF)`);
      assert.doesNotMatch(cleaned, /[^\r]\n|\r[^\n]/, `${l.id}: a bare CR or LF`);
    }
  });
});

describe('clean-up on focused texts', () => {
  test('form feeds, trailing spaces and page-break blank lines', () => {
    const r = cleanUpPdfText('Decision rationale: the request for  \n\n\fphysical therapy is not medically necessary.  \n');
    assert.equal(r.text, 'Decision rationale: the request for\nphysical therapy is not medically necessary.\n');
  });

  test('a form feed in the middle of a line becomes a line break, words kept', () => {
    const r = cleanUpPdfText('first page ends here.\fSecond page begins.\n');
    assert.equal(r.text, 'first page ends here.\n\nSecond page begins.\n');
    assert.deepEqual(words(r.text), words('first page ends here. Second page begins.'));
  });

  test('a page break after a heading or a sentence end becomes one blank line', () => {
    assert.equal(
      cleanUpPdfText('IMR ISSUES, DECISIONS AND RATIONALES\n\n\fThe Final Determination\n').text,
      'IMR ISSUES, DECISIONS AND RATIONALES\n\nThe Final Determination\n',
    );
    assert.equal(
      cleanUpPdfText('MRI of the knee: Upheld\n\fClaims Administrator guideline: x.\n').text,
      'MRI of the knee: Upheld\n\nClaims Administrator guideline: x.\n',
    );
  });

  test('a hyphen at a page break: the line break stays, no word is joined', () => {
    const r = cleanUpPdfText('a request for x-\n\n\frays of the spine.\n');
    assert.equal(r.text, 'a request for x-\nrays of the spine.\n');
  });

  test('a draft with one long line per paragraph is not taken for the 2014 layout', () => {
    const draft = [
      'HOW THE IMR FINAL DETERMINATION WAS MADE',
      'MAXIMUS Federal Services sent the complete case file to an expert reviewer.',
      'CLINICAL CASE SUMMARY',
      'The patient is a 50 year old man.',
      'IMR ISSUES, DECISIONS AND RATIONALES',
      'Physical therapy x 8: Upheld',
      'Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.',
      'MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.',
      'Decision rationale: The request is not medically necessary.',
      '',
    ].join('\n\n');
    const r = cleanUpPdfText(draft);
    assert.equal(r.text, draft.replace(/\n\n$/, '\n'));
  });

  test('edits are minimal: only the white space that changes', () => {
    const r = cleanUpPdfText('one two  \nthree\n');
    assert.deepEqual(r.edits, [{ span: { start: 7, end: 9 }, newText: '' }]);
  });

  test('nothing to do: no edits, same text', () => {
    const t = 'Clean text.\n\nSecond paragraph.\n';
    assert.deepEqual(cleanUpPdfText(t), { text: t, edits: [] });
    assert.deepEqual(cleanUpPdfText(''), { text: '', edits: [] });
  });

  test('a lone-CR document stays lone-CR', () => {
    const r = cleanUpPdfText('a line  \r\fnext line continues\r');
    assert.equal(r.text, 'a line\rnext line continues\r');
  });

  test('leading blank lines go, the text ends with one line break', () => {
    assert.equal(cleanUpPdfText('\n\n \nText.\n\n\n\n').text, 'Text.\n');
    assert.equal(cleanUpPdfText('Text.').text, 'Text.');
  });
});

describe('clean-up on generated texts (property)', () => {
  test('any mix of words, spaces, line breaks and form feeds: same words, edits reproduce the text, idempotent', () => {
    const piece = fc.constantFrom(
      'a',
      'The',
      'x-',
      'rays',
      'end.',
      'for',
      'Upheld',
      ':',
      '2004,',
      ' ',
      '  ',
      '\t',
      '\u00a0',
      '\n',
      '\r\n',
      '\r',
      '\f',
      '\n\n',
      ' \n',
      '\n \n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (parts) => {
        const t = parts.join('');
        const r = cleanUpPdfText(t);
        assert.deepEqual(words(r.text), words(t));
        assert.equal(applyEdits(t, r.edits), r.text);
        assert.equal(cleanUpPdfText(r.text).text, r.text);
        assert.ok(!r.text.includes('\f'));
      }),
      { numRuns: 3000 },
    );
  });
});
