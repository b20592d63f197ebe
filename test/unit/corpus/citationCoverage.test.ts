// How much of the real letters' citations the knowledge base resolves, over every letter
// of ../shared/corpus (2014-2015, the 2016-2017 letters in all three extractions, the 2013
// fragment). Prints the rates and fails below: 99% of MTUS guideline citations to a known
// guideline, 95% of Section(s): names to a known section, and every Page(s): reference of
// the 2014-2015 letters to a topic.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseCitations } from '../../../server/src/parse/citations';
import { parseDetermination } from '../../../server/src/parse/parser';
import type { Citation } from '../../../server/src/model/types';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, noticeFragment, type Letter } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();

interface Tally {
  hit: number;
  total: number;
  misses: Map<string, number>;
}
const tally = (): Tally => ({ hit: 0, total: 0, misses: new Map() });
function count(t: Tally, ok: boolean, what: string): void {
  t.total++;
  if (ok) t.hit++;
  else t.misses.set(what, (t.misses.get(what) ?? 0) + 1);
}
const pct = (t: Tally) => (t.total === 0 ? 100 : (100 * t.hit) / t.total);
function report(name: string, t: Tally): string {
  const misses = [...t.misses].sort((a, b) => b[1] - a[1]).map(([w, n]) => `${w} (${n})`);
  return `${name}: ${pct(t).toFixed(2)}% (${t.hit}/${t.total})${misses.length ? ` — unresolved: ${misses.slice(0, 12).join('; ')}` : ''}`;
}

/** `Decision based on MTUS` sentences in the guideline fields, found by regex (a check on the model's count). */
function mtusSentences(text: string): number {
  let n = 0;
  const re = /(?:Claims Administrator|MAXIMUS) guideline:([\s\S]*?)(?=Claims Administrator guideline:|MAXIMUS guideline:|Decision rationale:|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) n += (m[1].replace(/\s+/g, ' ').match(/Decision based on MTUS\b/g) ?? []).length;
  return n;
}

describe('citation coverage over the corpus', { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE }, () => {
  const letters: Letter[] = [...corpusLetters()];
  const fragment = noticeFragment();
  if (fragment) letters.push(fragment);

  const guidelines = tally();
  const sections = tally();
  const pages2014 = tally();
  let sentencesByRegex = 0;
  let sentencesInModel = 0;
  /** Letters with MTUS citation sentences of which the model resolved none (hidden by the totals). */
  const unresolvedLetters: string[] = [];
  for (const l of letters) {
    const model = parseDetermination(l.text, kb);
    const byRegex = mtusSentences(l.text);
    sentencesByRegex += byRegex;
    const resolvedBefore = guidelines.hit;
    for (const item of model.items) {
      for (const field of item.allFields) {
        if (field.kind === 'decisionRationale') continue;
        for (const c of field.citations as Citation[]) {
          if (c.kind !== 'mtus' || !c.guideline) continue;
          if (/^Decision/.test(l.text.slice(c.span.start, c.span.start + 8))) sentencesInModel++;
          const id = c.guideline.guidelineId;
          count(guidelines, !!id, c.guideline.name.text);
          for (const s of c.sections) count(sections, !!id && !!kb.findSection(id, s.text), `${c.guideline.name.text}: ${s.text}`);
          if (l.layout === '2014-2015' && /^Pages?\s?\(s\)/i.test(c.referenceLabel?.text ?? '')) {
            for (const p of c.pages) count(pages2014, !!id && kb.topicsForPage(id, p.first, p.last).length > 0, `${c.guideline.name.text} p. ${p.part.text}`);
          }
        }
      }
    }
    if (byRegex > 0 && guidelines.hit === resolvedBefore) unresolvedLetters.push(l.id);
  }

  // The rates, for the record (the tests below assert them).
  after(() => {
    console.log(`\ncitation coverage over ${letters.length} letters (${sentencesInModel} MTUS citation sentences in the model, ${sentencesByRegex} by regex)`);
    console.log(`${report('MTUS guideline citations resolving to a known guideline', guidelines)}`);
    console.log(`${report('Section(s): names resolving to a known section', sections)}`);
    console.log(`${report('Page(s): references in 2014-2015 letters resolving to a topic', pages2014)}\n`);
  });

  it('every letter with an MTUS citation has at least one resolved to a known guideline', () => {
    assert.ok(letters.length > 5, 'the corpus has letters');
    assert.deepEqual(unresolvedLetters, []);
  });

  it('the letter parser hands every MTUS citation sentence to the citation parser', () => {
    assert.ok(sentencesByRegex > 400, 'the corpus has MTUS citations');
    assert.ok(sentencesInModel >= 0.99 * sentencesByRegex, `${sentencesInModel} of ${sentencesByRegex}`);
  });

  it('at least 99% of MTUS guideline citations resolve to a known guideline', () => {
    assert.ok(guidelines.total > 400);
    assert.ok(pct(guidelines) >= 99, report('guidelines', guidelines));
  });

  it('at least 95% of Section(s): names resolve to a known section', () => {
    assert.ok(sections.total > 400);
    assert.ok(pct(sections) >= 95, report('sections', sections));
  });

  it('every Page(s): reference in the 2014-2015 letters resolves to a topic', () => {
    assert.ok(pages2014.total >= 5);
    assert.equal(pct(pages2014), 100, report('pages', pages2014));
  });

  it('the same rates hold for the citation parser on regex-extracted fields (independent of the letter parser)', () => {
    const g = tally();
    const s = tally();
    const re = /(?:Claims Administrator|MAXIMUS) guideline:([\s\S]*?)(?=Claims Administrator guideline:|MAXIMUS guideline:|Decision rationale:|$)/g;
    for (const l of letters) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(l.text))) {
        const start = m.index + m[0].length - m[1].length;
        for (const c of parseCitations(l.text, { start, end: m.index + m[0].length }, 'maximusGuideline', kb)) {
          if (c.kind !== 'mtus' || !c.guideline) continue;
          count(g, !!c.guideline.guidelineId, c.guideline.name.text);
          for (const x of c.sections) count(s, !!c.guideline.guidelineId && !!kb.findSection(c.guideline.guidelineId, x.text), x.text);
        }
      }
    }
    console.log(`(regex fields) ${report('guidelines', g)}`);
    console.log(`(regex fields) ${report('sections', s)}`);
    assert.ok(pct(g) >= 99);
    assert.ok(pct(s) >= 95);
  });
});
