// Hover on real letters (parsed by the letter parser), at positions found in the text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { getHover } from '../../../server/src/features/hover';
import { NOT_VERIFIED, VERIFIED } from '../../../server/src/features/markdown';
import { parseDetermination } from '../../../server/src/parse/parser';
import { runRules } from '../../../server/src/rules/engine';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { CORPUS_ABSENT_MESSAGE, CORPUS_DIR, CORPUS_PRESENT, REPO_ROOT } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();
const skipCorpus = CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE;

function letter(rel: string, fromCorpus = false) {
  const text = readFileSync(fromCorpus ? path.join(CORPUS_DIR, rel) : path.join(REPO_ROOT, rel), 'utf8');
  return { text, model: parseDetermination(text, kb) };
}

/** Offset of the n-th (0-based) occurrence of `needle`, plus `into` characters. */
function at(text: string, needle: string, n = 0, into = 1): number {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `'${needle}' #${n} not in the letter`);
  }
  return i + into;
}

function hover(l: ReturnType<typeof letter>, offset: number) {
  const h = getHover(l.model, offset, kb);
  assert.ok(h, `a hover at ${offset} (${JSON.stringify(l.text.slice(offset - 10, offset + 10))})`);
  return { ...h, covered: l.text.slice(h.span.start, h.span.end) };
}

/**
 * Every page number from the knowledge base comes with where it is from and its confidence,
 * on its line; a page not seen in a source is labelled "not verified against the guideline text".
 */
function checkPageSources(md: string): void {
  for (const line of md.split('\n')) {
    if (/\bpp?\. \d/.test(line)) {
      assert.match(line, /\bpp?\. [\d;, -]+(?: \(\d{4} edition\))?, [^;(]{8,}/, `page without where it comes from: ${line}`);
      assert.match(line, /\(confidence (?:high|medium|low)\)|\(seen in a source; confidence high\)/, `page without its confidence: ${line}`);
      if (!line.includes(`(${VERIFIED}; confidence high)`)) assert.ok(line.includes(`; ${NOT_VERIFIED} (confidence `), `unverified page not labelled: ${line}`);
    }
  }
}

/** Text a reader must never see: research notes, and shortened addresses. */
function checkReaderText(md: string): void {
  assert.doesNotMatch(md, /\bbrief\b|this session|requester|\bS\d\d\b/i, md);
  assert.doesNotMatch(md, /\]\([^)]*(?:\.\.\.|\u2026)\)/, `a shortened address: ${md}`);
}

/**
 * Lines the hover takes in VS Code (about 95 characters a line at the default width):
 * link targets and markdown marks take no room; blank lines between paragraphs are not counted.
 */
function renderedLines(md: string): number {
  return md
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|\\(?=[^\s])|(?<![\w])_|_(?![\w])/g, '')
    .split('\n')
    .filter((l) => l.trim())
    .reduce((n, l) => n + Math.ceil(l.trimEnd().length / 95), 0);
}

/** A page or section hover: short, the guideline's title line first, no "about" paragraph. */
function checkShort(md: string, title: RegExp, max = 10): void {
  assert.match(md.split('\n')[0], title, md);
  assert.ok(renderedLines(md) <= max, `${renderedLines(md)} lines:\n${md}`);
  assert.doesNotMatch(
    md,
    /A-to-Z list of treatments|one of the MTUS clinical topics by body part/,
    'the guideline\'s "about" text belongs to the guideline-name hover',
  );
}

describe('hover, 2014-2015 letter (samples/physical-therapy-overturned.imr)', () => {
  const l = letter('samples/physical-therapy-overturned.imr');

  it('on the page 98-99: title line, then the pages and topic, the verification on one line, the edition; short', () => {
    const h = hover(l, at(l.text, '98-99'));
    assert.equal(h.covered, '98-99');
    checkShort(h.contents, /^\*\*Chronic Pain Medical Treatment Guidelines \(2009\)\*\*/);
    const lines = h.contents.split('\n').filter((x) => x.trim());
    assert.match(lines[1], /^MTUS guideline · 8 CCR §9792\.24\.2 · in force 18 July 2009 – 27 July 2016$/);
    assert.match(lines[2], /^\*\*Pages 98-99 · Physical medicine\*\* — Favors active, self-directed exercise[^.]*\.\s*$/);
    assert.match(
      lines[3],
      /^pp\. 98-99 \(2009 edition\), as commonly cited in IMR letters \(2013-2017\)[^\n]*; not verified against the guideline text \(confidence medium\)/,
    );
    assert.match(
      lines[4],
      /^_Edition:_ these are 2009-edition page numbers; that edition was in force on the letter's date \(01\/27\/2015, the latest date in the letter\)\.$/,
    );
    assert.equal(lines.length, 5, h.contents);
    checkPageSources(h.contents);
    checkReaderText(h.contents);
  });

  it('on the guideline name: its title, what it is, when it applied', () => {
    const h = hover(l, at(l.text, 'Chronic Pain Treatment Guidelines', 1, 5));
    assert.equal(h.covered, 'Chronic Pain Treatment Guidelines');
    assert.match(h.contents, /Chronic Pain Medical Treatment Guidelines \(2009\)/);
    assert.match(h.contents, /18 July 2009/);
    assert.match(h.contents, /9792\.24\.2/);
    // The guideline-name hover keeps what the guideline is.
    assert.match(h.contents, /A-to-Z list of treatments/);
    assert.match(h.contents, /_Source: the 127-page length is stated in[^\n]*\(confidence high\)/);
    checkPageSources(h.contents);
    checkReaderText(h.contents);
  });

  it('on the topic “Physical Medicine” of the Claims Administrator citation', () => {
    const h = hover(l, at(l.text, 'Physical Medicine.', 0, 3));
    assert.match(h.covered, /^Physical\s+Medicine$/);
    checkShort(h.contents, /^\*\*Chronic Pain Medical Treatment Guidelines \(2009\)\*\*/);
    assert.match(h.contents, /\*\*Section: Physical medicine\*\* — Favors[^\n]*Allowances: myalgia/);
    assert.ok(
      h.contents.indexOf('Section: Physical medicine') < h.contents.indexOf('pp. 98-99') && h.contents.indexOf('pp. 98-99') < h.contents.indexOf('_Edition:_'),
    );
    checkPageSources(h.contents);
    checkReaderText(h.contents);
  });

  it('on Overturned: what it means for the injured worker', () => {
    const h = hover(l, at(l.text, 'Overturned'));
    assert.equal(h.covered, 'Overturned');
    assert.match(h.contents, /medically necessary/);
    assert.match(h.contents, /must authorize/);
  });

  it('on a therapy item name: the request against the allowance first, then the decision and both sides’ guidelines in brief', () => {
    const h = hover(l, at(l.text, 'Eight (8) physical therapy'));
    assert.match(h.covered, /^Eight \(8\) physical therapy sessions/);
    const lines = h.contents.split('\n').filter((x) => x.trim() !== '');
    assert.match(lines[0], /^\*\*8 visits requested\*\*: 2 a week for 4 weeks$/);
    assert.match(lines[1], /^MAXIMUS cites \*\*Physical medicine\*\*:$/);
    assert.match(lines[2], /^- 9-10 visits over 8 weeks for myalgia and myositis: within$/);
    // Brief: the MTUS figures, the source, then one line each for the decision and the two sides
    // (the hover box shows about a dozen lines; the ODG repeats of the MTUS figures are left out).
    assert.ok(lines.length <= 12, `${lines.length} lines:\n${h.contents}`);
    assert.doesNotMatch(h.contents, /ODG/);
    assert.match(h.contents, /\n---\n\nDecision: \*\*Overturned\*\* {2}\n/);
    // The topic after the guideline names its section, as citation-without-reference reads it (no hint on that line).
    assert.match(h.contents, /\nClaims Administrator cited: MTUS Chronic Pain Medical Treatment Guidelines \(2009\) — section Physical Medicine {2}\n/);
    assert.match(h.contents, /\nMAXIMUS cited: MTUS Chronic Pain Medical Treatment Guidelines \(2009\)[^\n]*98-99 as written$/);
    const line = l.model.lines.range(h.span).start.line;
    const hints = runRules(l.model, kb).filter((f) => f.code === 'citation-without-reference');
    assert.deepEqual(
      hints.map((f) => l.model.lines.range(f.span).start.line).filter((n) => n > line && n < line + 10),
      [],
    );
  });

  it('on an item whose topic is no known section: the hover says no section or pages are named, as the hint does', () => {
    const text = l.text.replace(
      /(Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines\s+)Physical Medicine/,
      '$1Walking Aids',
    );
    assert.notEqual(text, l.text);
    const m = { text, model: parseDetermination(text, kb) };
    const h = hover(m, at(text, 'Eight (8) physical therapy'));
    assert.match(
      h.contents,
      /Claims Administrator cited: MTUS Chronic Pain Medical Treatment Guidelines \(2009\) — Walking Aids \(not a section the knowledge base knows: no section or pages named\)/,
    );
    const hint = runRules(m.model, kb).find((f) => f.code === 'citation-without-reference');
    assert.ok(hint, 'the hint on that citation');
    assert.match(hint.message, /names no section or pages \('Walking Aids' is not a section of this guideline that the knowledge base knows\)/);
  });

  it('on a non-therapy item name: its decision and both sides’ guidelines', () => {
    const x = letter('samples/x-rays-and-pt.txt');
    const h = hover(x, at(x.text, 'X-RAYS OF THE CERVICAL'));
    assert.match(h.contents, /^\*\*X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE\*\*\n\nDecision: \*\*Upheld\*\*/);
    assert.match(h.contents, /Claims Administrator[^\n]*cited:\n- MTUS ACOEM Practice Guidelines/);
    assert.doesNotMatch(h.contents, /requested/);
  });

  it('nothing outside items', () => {
    assert.equal(getHover(l.model, at(l.text, 'CLINICAL CASE SUMMARY'), kb), null);
  });
});

describe('hover, other sample letters', () => {
  it('ACOEM Chapter 12 page 299 and the Non-MTUS ODG citation (physical-therapy-lumbar)', () => {
    const l = letter('samples/physical-therapy-lumbar.txt');
    const h = hover(l, at(l.text, '299'));
    assert.equal(h.covered, '299');
    checkShort(h.contents, /Chapter 12: Low Back Complaints/);
    assert.match(h.contents, /\*\*Page 299 · Physical Methods/);
    assert.match(h.contents, /p\. 299, cited as 'Page\(s\): 299' in IMR letters[^\n]*; not verified against the guideline text \(confidence medium\)/);
    checkPageSources(h.contents);
    checkReaderText(h.contents);
    const o = hover(l, at(l.text, 'Official Disability Guidelines', 0, 3));
    assert.match(o.contents, /Outside the MTUS/);
  });

  it('a rationale page reference, MTUS page 8, takes the item’s guideline (physical-therapy-upheld)', () => {
    const l = letter('samples/physical-therapy-upheld.txt');
    const h = hover(l, at(l.text, 'MTUS page 8', 0, 10));
    assert.equal(h.covered, '8');
    checkShort(h.contents, /Chronic Pain Medical Treatment Guidelines \(2009\)/);
    assert.match(h.contents, /Pain outcomes and endpoints/);
    checkPageSources(h.contents);
    checkReaderText(h.contents);
    const u = hover(l, at(l.text, 'Upheld'));
    assert.match(u.contents, /denial[^.]*stands/);
    assert.match(u.contents, /not found medically necessary/);
  });

  it('page 303 in x-rays-and-pt is lumbar special studies', () => {
    const l = letter('samples/x-rays-and-pt.txt');
    const h = hover(l, at(l.text, '303'));
    checkShort(h.contents, /Chapter 12: Low Back Complaints/);
    assert.match(h.contents, /Special Studies: lumbar imaging/);
    checkPageSources(h.contents);
    checkReaderText(h.contents);
  });

  it('at every position of every sample letter: pages with their source, labelled when unverified; reader text only; page and section hovers short', () => {
    const dir = path.join(REPO_ROOT, 'samples');
    let seen = 0;
    for (const f of readdirSync(dir).filter((n) => /\.(txt|imr)$/.test(n))) {
      const l = letter(`samples/${f}`);
      const done = new Set<string>();
      for (let o = 0; o <= l.text.length; o++) {
        const h = getHover(l.model, o, kb);
        if (!h || done.has(h.contents)) continue;
        done.add(h.contents);
        seen++;
        checkPageSources(h.contents);
        checkReaderText(h.contents);
        if (/^\*\*(?:Pages?|Section:) /m.test(h.contents) && !/Cited sections|Cited topic|Cited pages/.test(h.contents)) {
          assert.ok(renderedLines(h.contents) <= 10, `${f} at ${o}: ${renderedLines(h.contents)} lines\n${h.contents}`);
        }
      }
    }
    assert.ok(seen > 20, `${seen} distinct hovers`);
  });
});

describe('hover, 2016-2017 letters', { skip: skipCorpus }, () => {
  it('a section name of the 2016 chronic pain guideline (text/002: Facet blocks)', () => {
    const l = letter('2016-2017/text/002.txt', true);
    const h = hover(l, at(l.text, 'Facet blocks'));
    assert.equal(h.covered, 'Facet blocks');
    checkShort(h.contents, /Chronic Pain Medical Treatment Guidelines \(2016\)/);
    assert.match(h.contents, /Section: Facet blocks/);
    assert.match(h.contents, /No page numbers of this section are recorded\. _Confidence low: section name as cited in the 2016-2017 IMR letters/);
    checkReaderText(h.contents);
  });

  it('an ACOEM section and the guideline name with its year (text/002: Low Back Complaints 2004, Summary)', () => {
    const l = letter('2016-2017/text/002.txt', true);
    const s = hover(l, at(l.text, 'Summary, and'));
    assert.equal(s.covered, 'Summary');
    checkShort(s.contents, /Chapter 12: Low Back Complaints/);
    assert.match(s.contents, /Table 12-8/);
    checkPageSources(s.contents);
    const g = hover(l, at(l.text, 'Low Back Complaints 2004', 1));
    assert.equal(g.covered, 'Low Back Complaints');
    assert.match(g.contents, /Chapter 12: Low Back Complaints/);
    assert.match(g.contents, /pp\. 286-326/);
    checkPageSources(g.contents);
  });

  it('rationale references: page 82 of the 2016 guideline, Table 12-8 and page 309, a third-edition page', () => {
    const l = letter('2016-2017/text/002.txt', true);
    const p82 = hover(l, at(l.text, 'page 82', 0, 6));
    assert.equal(p82.covered, '82');
    checkShort(p82.contents, /Chronic Pain Medical Treatment Guidelines \(2016\)/);
    assert.match(p82.contents, /\*\*Page 82:\*\* no 2016-edition page numbers are recorded; for comparison only, 2009 edition: \*\*Opioids for chronic pain/);
    assert.match(
      p82.contents,
      /_Edition:_ these are 2009-edition page numbers; the letter cites the 2016 edition \(in force on the letter's date, decision date \d\d\/\d\d\/\d{4}\), which is paginated differently\./,
    );
    checkPageSources(p82.contents);
    const t = hover(l, at(l.text, 'Table 12-8'));
    assert.equal(t.covered, 'Table 12-8');
    assert.match(t.contents, /Chapter 12: Low Back Complaints/);
    const p309 = hover(l, at(l.text, 'page 309', 0, 6));
    assert.match(p309.contents, /Table 12-8 summary of recommendations/);
    checkShort(p309.contents, /Chapter 12: Low Back Complaints/);
    checkPageSources(p309.contents);
    const p607 = hover(l, at(l.text, 'on page 607', 0, 9));
    assert.match(p607.contents, /Outside the MTUS/);
  });

  it('Section(s): Physical medicine treatment maps to the 2009 topic and says which edition the pages belong to', () => {
    for (let n = 1; n <= 200; n++) {
      const rel = `2016-2017/text/${String(n).padStart(3, '0')}.txt`;
      let text: string;
      try {
        text = readFileSync(path.join(CORPUS_DIR, rel), 'utf8');
      } catch {
        continue;
      }
      if (!text.includes('Section(s): Physical medicine treatment')) continue;
      const l = { text, model: parseDetermination(text, kb) };
      const h = hover(l, at(text, 'Section(s): Physical medicine treatment', 0, 14));
      assert.equal(h.covered, 'Physical medicine treatment');
      checkShort(h.contents, /Chronic Pain Medical Treatment Guidelines \(2016\)/);
      assert.match(h.contents, /Section: Physical medicine/);
      assert.match(h.contents, /pp\. 98-99 \(2009 edition\)/);
      assert.match(
        h.contents,
        /_Edition:_ these are 2009-edition page numbers; the letter cites the 2016 edition \(in force on the letter's date, decision date [\d/]+\), which is paginated differently\./,
      );
      checkPageSources(h.contents);
      checkReaderText(h.contents);
      return;
    }
    assert.fail('no letter cites Section(s): Physical medicine treatment');
  });

  it('no-citation and outside-the-MTUS sentences', () => {
    const l = letter('2016-2017/text/010.txt', true);
    const h = hover(l, at(l.text, 'did not cite any medical evidence'));
    assert.match(h.contents, /No citation/);
  });
});
