// The visit allowances: every figure shown as fact has its evidence. For each figure the
// test counts the corpus letters (2014-2015 and 2016-2017/text) that quote it and checks the
// count kept in the data; it prints counts only, never letter text.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import data from '../../../server/data/mtus-allowances.json';
import { Allowances, type AllowanceData, largestVisits } from '../../../server/src/mtus/allowances';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { CORPUS_ABSENT_MESSAGE, CORPUS_DIR, CORPUS_PRESENT, corpusLetters } from '../../helpers/corpus';

const allowances = new Allowances(data as unknown as AllowanceData);
const figures = [...allowances.mtus, ...allowances.odg];
const REFERENCE = path.join(CORPUS_DIR, '..', 'mtus', 'mtus-reference.json');

describe('allowances: data', () => {
  const kb = defaultKnowledgeBase();
  test('every figure names known topics and guidelines, in our words, with where and confidence', () => {
    for (const a of figures) {
      assert.ok(a.id && a.text && a.condition, a.id);
      assert.ok(a.topics.length > 0, `${a.id}: no topic`);
      for (const t of a.topics) assert.ok(kb.getTopic(t), `${a.id}: unknown topic ${t}`);
      if (a.scheme === 'MTUS') {
        assert.ok(a.where.length > 0, `${a.id}: no page or section`);
        for (const w of a.where) assert.ok(kb.getGuideline(w.guideline) && (w.pages || w.section), `${a.id}: bad where`);
        for (const g of a.guidelines) assert.ok(kb.getGuideline(g), `${a.id}: unknown guideline ${g}`);
      } else assert.match(a.text, /^ODG\b/, `${a.id}: an ODG figure says so`);
      assert.ok(['high', 'medium', 'low'].includes(a.confidence));
      // Only a figure with evidence may claim more than low confidence.
      if (a.confidence !== 'low') assert.ok(a.fact, `${a.id}: ${a.confidence} without evidence`);
    }
  });

  test('both chronic pain editions the letters cite have the physical medicine and manipulation figures', () => {
    for (const g of ['cpmtg-2009', 'cpmtg-2016']) {
      for (const id of ['pm-myalgia-myositis', 'pm-neuralgia-neuritis-radiculitis', 'pm-crps', 'manip-trial', 'manip-maximum']) {
        assert.ok(
          allowances.mtus.find((a) => a.id === id)?.where.some((w) => w.guideline === g),
          `${id} in ${g}`,
        );
      }
    }
    assert.equal(largestVisits(allowances.forTopic('cp-physical-medicine')), 24);
    assert.equal(largestVisits(allowances.forTopic('cp-manual-therapy-and-manipulation')), 18);
    assert.equal(largestVisits(allowances.forGuideline('acupuncture-2007')), 6);
  });

  test(
    'reference entries named exist in ../shared/mtus, and the sourced ones are high or medium there',
    { skip: !existsSync(REFERENCE) && CORPUS_ABSENT_MESSAGE },
    () => {
      const ref = JSON.parse(readFileSync(REFERENCE, 'utf8')) as { entries: { id: string; confidence: string }[] };
      const byId = new Map(ref.entries.map((e) => [e.id, e.confidence]));
      for (const a of figures) {
        for (const r of a.refIds) assert.ok(byId.has(r), `${a.id}: ${r} is not in mtus-reference.json`);
        const sourced = a.refIds.some((r) => byId.get(r) === 'high' || byId.get(r) === 'medium');
        if (a.fact) assert.ok(a.evidence.letters > 0 || sourced, `${a.id}: shown as fact without a letter or a sourced entry`);
      }
    },
  );
});

describe('allowances: evidence in the corpus', { skip: !CORPUS_PRESENT && CORPUS_ABSENT_MESSAGE }, () => {
  test('the letters quoting each figure are as many as the data says', () => {
    const letters = corpusLetters().filter((l) => l.layout === '2014-2015' || l.layout === 'text');
    const texts = letters.map((l) => l.text.replace(/\s+/g, ' '));
    const wrong: string[] = [];
    for (const a of figures) {
      const re = new RegExp(a.evidence.pattern, 'i');
      const n = texts.filter((t) => re.test(t)).length;
      console.log(`# ${a.scheme} ${a.id}: ${n} of ${texts.length} letters${a.fact ? '' : ' (not shown as fact)'}`);
      if (n !== a.evidence.letters) wrong.push(`${a.id}: data ${a.evidence.letters}, measured ${n}`);
    }
    assert.deepEqual(wrong, []);
  });
});
