// Hover on real letters (parsed by the letter parser), at positions found in the text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { getHover, NOT_VERIFIED } from '../../server/src/features/hover';
import { parseDetermination } from '../../server/src/model/parser';
import { defaultKnowledgeBase } from '../../server/src/mtus/knowledgeBase';
import { CORPUS_ABSENT_MESSAGE, CORPUS_DIR, CORPUS_PRESENT, REPO_ROOT } from '../helpers/corpus';

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

/** Every page number shown comes with a source; unverified ones are labelled as such. */
function checkPageSources(md: string): void {
  for (const line of md.split('\n')) {
    if (/\bpp?\. \d/.test(line)) {
      assert.match(line, /source:/, `page without its source: ${line}`);
      if (!/\(confidence high\)/.test(line)) assert.ok(line.includes(NOT_VERIFIED), `unverified page not labelled: ${line}`);
    }
  }
}

describe('hover, 2014-2015 letter (samples/physical-therapy-overturned.imr)', () => {
  const l = letter('samples/physical-therapy-overturned.imr');

  it('on the page 98-99: the guideline, the topic, the edition, the verification label and the source', () => {
    const h = hover(l, at(l.text, '98-99'));
    assert.equal(h.covered, '98-99');
    assert.match(h.contents, /Chronic Pain Medical Treatment Guidelines \(2009\)/);
    assert.match(h.contents, /\*\*Physical medicine\*\*/);
    assert.match(h.contents, /2009 edition/);
    assert.ok(h.contents.includes('as commonly cited; ' + NOT_VERIFIED));
    checkPageSources(h.contents);
  });

  it('on the guideline name: its title, what it is, when it applied', () => {
    const h = hover(l, at(l.text, 'Chronic Pain Treatment Guidelines', 1, 5));
    assert.equal(h.covered, 'Chronic Pain Treatment Guidelines');
    assert.match(h.contents, /Chronic Pain Medical Treatment Guidelines \(2009\)/);
    assert.match(h.contents, /18 July 2009/);
    assert.match(h.contents, /9792\.24\.2/);
    checkPageSources(h.contents);
  });

  it('on the topic “Physical Medicine” of the Claims Administrator citation', () => {
    const h = hover(l, at(l.text, 'Physical Medicine.', 0, 3));
    assert.match(h.covered, /^Physical\s+Medicine$/);
    assert.match(h.contents, /Section: Physical medicine/);
    checkPageSources(h.contents);
  });

  it('on Overturned: what it means for the injured worker', () => {
    const h = hover(l, at(l.text, 'Overturned'));
    assert.equal(h.covered, 'Overturned');
    assert.match(h.contents, /medically necessary/);
    assert.match(h.contents, /must authorize/);
  });

  it('on the item name: its decision and both sides’ guidelines', () => {
    const h = hover(l, at(l.text, 'Eight (8) physical therapy'));
    assert.match(h.covered, /^Eight \(8\) physical therapy sessions/);
    assert.match(h.contents, /Overturned/);
    assert.match(h.contents, /Claims Administrator[^\n]*cited:\n- MTUS Chronic Pain Medical Treatment Guidelines \(2009\)/);
    assert.match(h.contents, /MAXIMUS[^\n]*cited:\n- MTUS Chronic Pain Medical Treatment Guidelines \(2009\)[^\n]*98-99/);
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
    assert.match(h.contents, /Chapter 12: Low Back Complaints/);
    assert.match(h.contents, /Physical Methods/);
    checkPageSources(h.contents);
    const o = hover(l, at(l.text, 'Official Disability Guidelines', 0, 3));
    assert.match(o.contents, /Outside the MTUS/);
  });

  it('a rationale page reference, MTUS page 8, takes the item’s guideline (physical-therapy-upheld)', () => {
    const l = letter('samples/physical-therapy-upheld.txt');
    const h = hover(l, at(l.text, 'MTUS page 8', 0, 10));
    assert.equal(h.covered, '8');
    assert.match(h.contents, /Chronic Pain Medical Treatment Guidelines \(2009\)/);
    assert.match(h.contents, /Pain outcomes and endpoints/);
    checkPageSources(h.contents);
    const u = hover(l, at(l.text, 'Upheld'));
    assert.match(u.contents, /denial[^.]*stands/);
    assert.match(u.contents, /not found medically necessary/);
  });

  it('page 303 in x-rays-and-pt is lumbar special studies', () => {
    const l = letter('samples/x-rays-and-pt.txt');
    const h = hover(l, at(l.text, '303'));
    assert.match(h.contents, /Special Studies: lumbar imaging/);
    checkPageSources(h.contents);
  });
});

describe('hover, 2016-2017 letters', { skip: skipCorpus }, () => {
  it('a section name of the 2016 chronic pain guideline (text/002: Facet blocks)', () => {
    const l = letter('2016-2017/text/002.txt', true);
    const h = hover(l, at(l.text, 'Facet blocks'));
    assert.equal(h.covered, 'Facet blocks');
    assert.match(h.contents, /Chronic Pain Medical Treatment Guidelines \(2016\)/);
    assert.match(h.contents, /Section: Facet blocks/);
  });

  it('an ACOEM section and the guideline name with its year (text/002: Low Back Complaints 2004, Summary)', () => {
    const l = letter('2016-2017/text/002.txt', true);
    const s = hover(l, at(l.text, 'Summary, and'));
    assert.equal(s.covered, 'Summary');
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
    assert.match(p82.contents, /no page numbers of the 2016 edition/);
    assert.match(p82.contents, /2009 edition/);
    checkPageSources(p82.contents);
    const t = hover(l, at(l.text, 'Table 12-8'));
    assert.equal(t.covered, 'Table 12-8');
    assert.match(t.contents, /Chapter 12: Low Back Complaints/);
    const p309 = hover(l, at(l.text, 'page 309', 0, 6));
    assert.match(p309.contents, /Table 12-8 summary of recommendations/);
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
      assert.match(h.contents, /Section: Physical medicine/);
      assert.match(h.contents, /pp\. 98-99 \(2009 edition\)/);
      assert.match(h.contents, /belong to the 2009 edition/);
      assert.match(h.contents, /2016 edition was in force/);
      checkPageSources(h.contents);
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
