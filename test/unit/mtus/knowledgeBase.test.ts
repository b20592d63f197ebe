// The MTUS knowledge base: the bundled data's integrity, look-ups, and the user file.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import data from '../../../server/data/mtus-kb.json';
import { bundledData, defaultKnowledgeBase, emptyKnowledgeBase, loadKnowledgeBase, parseUserKnowledgeBaseFile } from '../../../server/src/mtus/load';
import { normalizeName, parsePageRanges } from '../../../server/src/mtus/names';
import type { KbData } from '../../../server/src/mtus/types';
import { validateUserKnowledgeBase } from '../../../server/src/mtus/validate';
import { REPO_ROOT } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();
const kbData = data as unknown as KbData;
const REFERENCE = path.join(REPO_ROOT, '..', 'shared', 'mtus', 'mtus-reference.json');

describe('bundled data', () => {
  it('has the guidelines letters cite, each with title, what it is, regulation, dates, source and confidence', () => {
    const ids = kb.guidelines.map((g) => g.id);
    for (const id of [
      'cpmtg-2009',
      'cpmtg-2016',
      'opioids-2016',
      'acupuncture-2007',
      'postsurgical-2009',
      'acoem-2004-ga',
      'acoem-elbow-2007',
      'acoem-mtus-2017',
    ])
      assert.ok(ids.includes(id), id);
    for (const n of [8, 9, 10, 11, 12, 13, 14, 15, 16]) assert.ok(kb.guidelineForChapter(n), `chapter ${n}`);
    for (const g of kb.guidelines) {
      assert.ok(g.title && g.about && g.regulation, `${g.id}: title, about, regulation`);
      assert.ok(g.aliases.length > 0, `${g.id}: aliases`);
      assert.ok(['high', 'medium', 'low'].includes(g.confidence), `${g.id}: confidence`);
      assert.ok(g.source && g.confidenceBasis, `${g.id}: source`);
    }
  });

  it('ids are unique and every reference is to a known guideline', () => {
    const ids = new Set<string>();
    for (const x of [...kb.guidelines, ...kb.topics]) {
      assert.ok(!ids.has(x.id), `duplicate ${x.id}`);
      ids.add(x.id);
    }
    for (const t of kb.topics) {
      for (const g of t.guidelines) assert.ok(kb.getGuideline(g), `${t.id}: ${g}`);
      for (const p of t.pages) assert.ok(kb.getGuideline(p.guideline), `${t.id}: pages of ${p.guideline}`);
    }
  });

  it('every topic has a summary, a source basis and a confidence; every page a basis', () => {
    for (const t of kb.topics) {
      assert.ok(t.summary.length > 10, `${t.id}: summary`);
      assert.ok(t.confidenceBasis, `${t.id}: confidence basis`);
      for (const p of t.pages) {
        assert.ok(p.basis, `${t.id}: page basis`);
        assert.ok(parsePageRanges(p.pages).length > 0, `${t.id}: pages '${p.pages}'`);
        // A page is verified only when it was seen in a source; low-confidence pages never are.
        if (p.confidence !== 'high') assert.equal(p.verified, false, `${t.id}: ${p.pages} verified with ${p.confidence} confidence`);
        if (p.verified) assert.ok(p.source_urls.length > 0, `${t.id}: verified page without a URL`);
      }
    }
  });

  it(
    'carries every entry of ../shared/mtus/mtus-reference.json with its confidence and source',
    { skip: existsSync(REFERENCE) ? false : `no ${REFERENCE}` },
    () => {
      const ref = JSON.parse(readFileSync(REFERENCE, 'utf8')) as {
        entries: { id: string; pages: string; confidence: string; page_verified_in_source: boolean; source_urls: string[] }[];
      };
      assert.equal(ref.entries.length, 144);
      const used = new Set([...kb.guidelines.flatMap((g) => g.refIds), ...kb.topics.map((t) => t.refId)]);
      for (const e of ref.entries) {
        assert.ok(used.has(e.id), `reference entry ${e.id} not carried over`);
        const t = kb.topics.find((x) => x.refId === e.id);
        if (!t) continue;
        assert.equal(t.confidence, e.confidence, `${e.id}: confidence`);
        // Every complete source address is kept; shortened ones (ending in "...") and notes that are not addresses are not.
        assert.deepEqual(t.source_urls, e.source_urls.filter(isCompleteUrl), `${e.id}: source URLs`);
        if (e.pages) {
          assert.equal(t.pages[0]?.pages, e.pages, `${e.id}: pages`);
          assert.equal(t.pages[0].verified, e.page_verified_in_source, `${e.id}: verified`);
          assert.equal(t.pages[0].confidence, e.confidence, `${e.id}: page confidence`);
        }
      }
    },
  );

  it('verified page spans are exactly the sourced ones', () => {
    const verified = kb.guidelines.filter((g) => g.pageRange?.verified).map((g) => `${g.id} ${g.pageRange!.pages}`);
    assert.deepEqual(verified.sort(), ['acoem-2004-ch12 286-326', 'cpmtg-2009 1-127']);
  });

  it('summaries quote no guideline text at length (no long quotations)', () => {
    for (const t of kbData.topics) assert.doesNotMatch(t.summary, /"[^"]{60,}"/, t.id);
  });

  it('no user-visible text holds research notes or a shortened address', () => {
    // Every text a hover, completion or diagnostic can show, with where it is.
    const visible: [string, string][] = [];
    const pagesTexts = (where: string, p: { basis: string; source_urls: string[] }) => {
      visible.push([`${where}.basis`, p.basis]);
      p.source_urls.forEach((u, i) => visible.push([`${where}.source_urls[${i}]`, u]));
    };
    for (const g of kbData.guidelines) {
      for (const k of ['title', 'about', 'regulation', 'confidenceBasis', 'source'] as const) visible.push([`${g.id}.${k}`, g[k]]);
      g.source_urls.forEach((u, i) => visible.push([`${g.id}.source_urls[${i}]`, u]));
      if (g.pageRange) pagesTexts(`${g.id}.pageRange`, g.pageRange);
    }
    for (const t of kbData.topics) {
      for (const k of ['title', 'summary', 'confidenceBasis', 'source'] as const) visible.push([`${t.id}.${k}`, t[k]]);
      t.source_urls.forEach((u, i) => visible.push([`${t.id}.source_urls[${i}]`, u]));
      t.pages.forEach((p, i) => pagesTexts(`${t.id}.pages[${i}]`, p));
    }
    assert.ok(visible.length > 1000, `${visible.length} texts`);
    for (const [where, text] of visible) {
      assert.doesNotMatch(text, /\bbrief\b/i, `${where}: ${text}`);
      assert.doesNotMatch(text, /this session/i, `${where}: ${text}`);
      assert.doesNotMatch(text, /requester/i, `${where}: ${text}`);
      assert.doesNotMatch(text, /(?:https?:\/\/|www\.)\S*(?:\.\.\.|\u2026)/i, `${where}: a shortened address: ${text}`);
      // Internal source ids (S01 ... S43) and shouting are research notes, not reader text.
      assert.doesNotMatch(text, /\bS\d\d\b|\bNOT verified\b|\bBRIEF\b/, `${where}: ${text}`);
    }
    // Addresses are complete URLs; a bundled source keeps one only when it is complete.
    for (const [where, text] of visible.filter(([w]) => /source_urls/.test(w))) assert.ok(isCompleteUrl(text), `${where}: ${text}`);
    for (const s of kbData.sources) assert.ok(s.url === '' || isCompleteUrl(s.url), `sources ${s.id}: ${s.url}`);
  });

  it('pages appear only in page entries, with their basis: no page number in a summary or an "about" text', () => {
    for (const g of kbData.guidelines) assert.doesNotMatch(g.about, /\b(?:pp?\.|pages?)\s*\d/i, g.id);
    for (const t of kbData.topics) assert.doesNotMatch(t.summary, /\b(?:pp?\.|pages?)\s*\d/i, t.id);
  });
});

/** A complete web address: http(s), a host, and not cut short with "...". */
function isCompleteUrl(u: string): boolean {
  if (!/^https?:\/\/[^\s/]+\.[^\s/]+/.test(u) || /(?:\.\.\.|\u2026)$/.test(u)) return false;
  try {
    new URL(u);
    return true;
  } catch {
    return false;
  }
}

describe('look-ups', () => {
  it('normalizes names', () => {
    assert.equal(normalizeName('Forearm, Wrist, & Hand'), normalizeName('Forearm, Wrist, and Hand'));
    assert.equal(normalizeName('  TENS, chronic pain\n(transcutaneous)  '), 'tens chronic pain transcutaneous');
  });

  it('resolves guideline names as letters write them', () => {
    const cases: [string, string | null, string][] = [
      ['Chronic Pain Treatment Guidelines', null, 'cpmtg-2009'],
      ['Chronic Pain Medical Treatment', '2016', 'cpmtg-2016'],
      ['Chronic Pain Medical Treatment 2016', null, 'cpmtg-2016'],
      ['Chronic Pain Medical Treatment 2009', null, 'cpmtg-2009'],
      ['Neck and Upper Back Complaints 2004', null, 'acoem-2004-ch08'],
      ['ACOEM Chapter 8 Neck and Upper Back Complaints', null, 'acoem-2004-ch08'],
      ['Low Back Complaints 2004', null, 'acoem-2004-ch12'],
      ['MTUS ACOEM Chapter 12 Low Back Complaints', null, 'acoem-2004-ch12'],
      ['Shoulder Complaints 2004', null, 'acoem-2004-ch09'],
      ['Knee Complaints 2004', null, 'acoem-2004-ch13'],
      ['Forearm, Wrist, and Hand Complaints 2004', null, 'acoem-2004-ch11'],
      ['Elbow Disorders (Revised 2007)', null, 'acoem-elbow-2007'],
      ['Elbow Complaints 2004', null, 'acoem-2004-ch10'],
      ['General Approaches 2004', null, 'acoem-2004-ga'],
      ['Opioid Treatment 2016', null, 'opioids-2016'],
      ['Acupuncture Treatment 2007', null, 'acupuncture-2007'],
      ['Postsurgical Treatment 2009', null, 'postsurgical-2009'],
      ['Stress-Related Conditions 2004', null, 'acoem-2004-ch15'],
      ['Ankle and Foot Complaints 2004', null, 'acoem-2004-ch14'],
    ];
    for (const [name, year, id] of cases) assert.equal(kb.resolveGuideline(name, year), id, name);
    assert.equal(kb.resolveGuideline('Widget Complaints 2004'), null);
  });

  it('finds sections by the names letters use, across editions', () => {
    assert.equal(kb.findSection('cpmtg-2016', 'Physical medicine treatment')?.id, 'cp-physical-medicine');
    assert.equal(kb.findSection('cpmtg-2009', 'Physical Medicine')?.id, 'cp-physical-medicine');
    assert.equal(kb.findSection('acoem-2004-ch12', 'Special Studies')?.pages[0].pages, '303');
    assert.equal(kb.findSection('acoem-2004-ch12', 'Inital Care')?.id, 'acoem-ch12-initial-care');
    assert.equal(kb.findSection('postsurgical-2009', 'Forearm, Wrist, and Hand')?.title, 'Forearm, Wrist, & Hand');
    // A 2016-only section named in a 2009 citation is found through the other edition.
    assert.equal(kb.findSection('cpmtg-2009', 'Office visits')?.id, 'cp16-office-visits');
    assert.equal(kb.findSection('acoem-2004-ch12', 'Office visits'), null);
  });

  it('maps pages to topics, narrowest first', () => {
    assert.equal(kb.topicsForPage('cpmtg-2009', 98, 99)[0].topic.title, 'Physical medicine');
    assert.equal(kb.topicsForPage('cpmtg-2009', 8)[0].topic.title, 'Pain outcomes and endpoints');
    assert.match(kb.topicsForPage('acoem-2004-ch12', 299)[0].topic.title, /^Physical Methods/);
    assert.match(kb.topicsForPage('acoem-2004-ch12', 303)[0].topic.title, /^Special Studies/);
    assert.equal(kb.topicsForPage('cpmtg-2009', 82)[0].topic.title, 'Opioids for chronic pain (back pain, osteoarthritis, neuropathic pain)');
    // The 2016 edition has no pages of its own: the 2009 pages are returned, labelled by their guideline.
    assert.equal(kb.topicsForPage('cpmtg-2016', 98, 99)[0].pages.guideline, 'cpmtg-2009');
    assert.equal(kb.findTable('12-8')?.id, 'acoem-ch12-summary');
  });

  it('the empty knowledge base knows nothing', () => {
    const e = emptyKnowledgeBase();
    assert.equal(e.resolveGuideline('Low Back Complaints 2004'), null);
    assert.equal(e.findSection(null, 'Summary'), null);
  });
});

describe('user knowledge-base file', () => {
  it('adds a guideline and a topic, and corrects an existing topic', () => {
    const user = {
      guidelines: [{ id: 'widget-2020', title: 'Widget Guidelines (2020)', aliases: ['Widget Complaints'], edition: '2020', about: 'A test guideline.' }],
      topics: [
        {
          id: 'widget-summary',
          guidelines: ['widget-2020'],
          title: 'Summary',
          summary: 'What the widget chapter recommends.',
          pages: [{ guideline: 'widget-2020', pages: '10-12', confidence: 'low', basis: 'test' }],
        },
        { id: 'cp-physical-medicine', summary: 'Corrected summary.' },
      ],
    };
    const k = loadKnowledgeBase(user);
    assert.deepEqual(k.loadErrors, []);
    assert.equal(k.resolveGuideline('Widget Complaints 2020'), 'widget-2020');
    assert.equal(k.findSection('widget-2020', 'Summary')?.id, 'widget-summary');
    assert.equal(k.topicsForPage('widget-2020', 11)[0].topic.id, 'widget-summary');
    assert.equal(k.getTopic('cp-physical-medicine')?.summary, 'Corrected summary.');
    assert.equal(k.getTopic('cp-physical-medicine')?.pages[0].pages, '98-99', 'fields not given are kept');
    // The bundled knowledge base is unchanged.
    assert.notEqual(defaultKnowledgeBase().getTopic('cp-physical-medicine')?.summary, 'Corrected summary.');
  });

  it('reports every bad entry with its path, and skips only those', () => {
    const { errors } = validateUserKnowledgeBase(
      {
        guidelines: [{ id: 'Bad Id', title: 'x', aliases: ['x'] }, { id: 'no-alias', title: 'No alias' }, 'nope'],
        topics: [
          { id: 'ok-topic', guidelines: ['cpmtg-2009'], title: 'Fine' },
          { id: 't2', guidelines: ['nowhere'], title: 'x' },
          { id: 't3', guidelines: ['cpmtg-2009'], title: 'x', pages: [{ guideline: 'cpmtg-2009', pages: 'ninety', confidence: 'sure' }] },
          { id: 't4', guidelines: ['cpmtg-2009'], title: 'x', pages: [{ guideline: 'cpmtg-2009', pages: '5', confidence: 'low', verified: true }] },
        ],
        extra: 1,
      },
      bundledData(),
    );
    const paths = errors.map((e) => e.path);
    for (const p of [
      'extra',
      'guidelines[0].id',
      'guidelines[1].aliases',
      'guidelines[2]',
      'topics[1].guidelines[0]',
      'topics[2].pages[0].pages',
      'topics[2].pages[0].confidence',
      'topics[3].pages[0].verified',
    ]) {
      assert.ok(paths.includes(p), `expected an error at ${p}; got ${paths.join(', ')}`);
    }
    assert.ok(!paths.some((p) => p.startsWith('topics[0]')), 'the good topic has no error');
    for (const e of errors) assert.ok(e.message.length > 5);
    const k = loadKnowledgeBase({
      topics: [
        { id: 'ok-topic', guidelines: ['cpmtg-2009'], title: 'Fine' },
        { id: 't2', guidelines: ['nowhere'], title: 'x' },
      ],
    });
    assert.ok(k.getTopic('ok-topic'));
    assert.equal(k.getTopic('t2'), null);
    assert.equal(k.loadErrors.length, 1);
  });

  it('a file that is not JSON, or not an object, says where', () => {
    const bad = parseUserKnowledgeBaseFile('{\n  "topics": [\n    { "id": "x", }\n  ]\n}');
    assert.equal(bad.errors.length, 1);
    assert.match(bad.errors[0].message, /not valid JSON/);
    assert.deepEqual(
      parseUserKnowledgeBaseFile('[1, 2]').errors.map((e) => e.path),
      ['$'],
    );
    assert.deepEqual(parseUserKnowledgeBaseFile('{"topics": []}').errors, []);
  });
});
