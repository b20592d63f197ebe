// The citation parser on the styles of the real letters, with exact spans.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCitations } from '../../../server/src/parse/citations';
import type { Citation, FieldKind, TextPart } from '../../../server/src/model/types';
import { defaultKnowledgeBase, emptyKnowledgeBase } from '../../../server/src/mtus/load';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, sampleLetters } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();

/** Parses `value` placed inside a document with text before and after it. */
function parse(value: string, field: FieldKind = 'maximusGuideline', pre = 'MAXIMUS guideline: ', post = '\nDecision rationale: x') {
  const text = pre + value + post;
  const cs = parseCitations(text, { start: pre.length, end: pre.length + value.length }, field, kb);
  for (const c of cs) checkSpans(text, c, pre.length, pre.length + value.length);
  return cs;
}

/** Every part's span is exact (its text is the document text with white space folded) and inside the value. */
function checkSpans(text: string, c: Citation, start: number, end: number): void {
  const parts: (TextPart | null | undefined)[] = [
    c.guideline?.name,
    c.guideline?.year,
    c.topic,
    ...c.sections,
    c.referenceLabel,
    ...c.pages.map((p) => p.part),
    c.source,
  ];
  assert.ok(c.span.start >= start && c.span.end <= end, `citation span inside value`);
  for (const p of parts) {
    if (!p) continue;
    assert.ok(p.span.start >= start && p.span.end <= end, `part '${p.text}' inside the value`);
    assert.ok(p.span.start >= c.span.start || c.kind === 'pageReference', `part '${p.text}' inside its citation`);
    assert.equal(text.slice(p.span.start, p.span.end).replace(/\s+/g, ' '), p.text, 'span text');
    assert.doesNotMatch(p.text, /\s\s|[\n\r\f]/, 'joined with single spaces');
    assert.equal(p.text, p.text.trim());
  }
}

describe('2014-2015 citations', () => {
  it('guideline, topic and Page(s): 98-99', () => {
    const [c] = parse('Decision based on MTUS Chronic Pain Treatment Guidelines Physical \n\nMedicine Page(s): 98-99.   ');
    assert.equal(c.kind, 'mtus');
    assert.equal(c.guideline?.name.text, 'Chronic Pain Treatment Guidelines');
    assert.equal(c.guideline?.guidelineId, 'cpmtg-2009');
    assert.equal(c.topic?.text, 'Physical Medicine');
    assert.equal(c.referenceLabel?.text, 'Page(s):');
    assert.deepEqual(
      c.pages.map((p) => [p.part.text, p.first, p.last]),
      [['98-99', 98, 99]],
    );
  });

  it('ACOEM chapter with a page', () => {
    const [c] = parse('Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 299.');
    assert.equal(c.guideline?.name.text, 'ACOEM Chapter 12 Low Back Complaints');
    assert.equal(c.guideline?.guidelineId, 'acoem-2004-ch12');
    assert.deepEqual(
      c.pages.map((p) => p.first),
      [299],
    );
  });

  it('pages 98,99 / p.98-99 / Page(s): 98, 99', () => {
    const [a] = parse('Decision based on MTUS Chronic Pain Treatment Guidelines MTUS \n\npages 98,99 Physical Medicine Page(s): 98, 99. ');
    assert.equal(a.topic?.text, 'Physical Medicine');
    assert.deepEqual(
      a.pages.map((p) => p.part.text),
      ['98', '99', '98', '99'],
    );
    const [b] = parse('Decision based on MTUS Chronic Pain Treatment Guidelines physical \n\nmedicine p.98-99 Page(s): 98-99.');
    assert.equal(b.topic?.text, 'physical medicine');
    assert.deepEqual(
      b.pages.map((p) => [p.first, p.last]),
      [
        [98, 99],
        [98, 99],
      ],
    );
  });

  it('several sentences, one of them Non-MTUS', () => {
    const cs = parse(
      'Decision based on MTUS ACOEM Chapter 12 Low Back \n\nComplaints Page(s): 299.  Decision based on Non-MTUS Citation Official Disability Guidelines \n\n(ODG) - Low Back, Physical Therapy ',
    );
    assert.deepEqual(
      cs.map((c) => c.kind),
      ['mtus', 'nonMtus'],
    );
    assert.equal(cs[1].source?.text, 'Official Disability Guidelines (ODG) - Low Back, Physical Therapy');
    assert.equal(cs[0].guideline?.name.text, 'ACOEM Chapter 12 Low Back Complaints');
  });

  it('a guideline alone', () => {
    const [c] = parse('Decision based on MTUS Acupuncture Treatment \n\nGuidelines.');
    assert.equal(c.guideline?.guidelineId, 'acupuncture-2007');
    assert.equal(c.pages.length, 0);
    assert.equal(c.topic, null);
  });
});

describe('2016-2017 citations', () => {
  it('guideline, year and sections, wrapped over a line and a page break', () => {
    const [c] = parse('Decision based on MTUS Neck and Upper Back Complaints\f\r\n2004, Section(s): Special Studies, \r\nSummary.');
    assert.equal(c.guideline?.name.text, 'Neck and Upper Back Complaints');
    assert.equal(c.guideline?.year?.text, '2004');
    assert.equal(c.guideline?.guidelineId, 'acoem-2004-ch08');
    assert.equal(c.referenceLabel?.text, 'Section(s):');
    assert.deepEqual(
      c.sections.map((s) => s.text),
      ['Special Studies', 'Summary'],
    );
  });

  it('the year picks the edition', () => {
    assert.equal(
      parse('Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.')[0].guideline?.guidelineId,
      'cpmtg-2016',
    );
    assert.equal(parse('Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Physical Medicine.')[0].guideline?.guidelineId, 'cpmtg-2009');
    assert.equal(parse('Decision based on MTUS Elbow Complaints 2007.')[0].guideline?.guidelineId, 'acoem-elbow-2007');
  });

  it('two guidelines joined with ", and", the second containing ", and" itself', () => {
    const cs = parse(
      'Decision based on MTUS Elbow Complaints 2007, Section(s):\nDiagnostic Criteria, and Forearm, Wrist, and Hand Complaints 2004, Section(s): Special Studies,\nSummary.',
    );
    assert.equal(cs.length, 2);
    assert.equal(cs[0].guideline?.guidelineId, 'acoem-elbow-2007');
    assert.deepEqual(
      cs[0].sections.map((s) => s.text),
      ['Diagnostic Criteria'],
    );
    assert.equal(cs[1].guideline?.name.text, 'Forearm, Wrist, and Hand Complaints');
    assert.equal(cs[1].guideline?.guidelineId, 'acoem-2004-ch11');
    assert.deepEqual(
      cs[1].sections.map((s) => s.text),
      ['Special Studies', 'Summary'],
    );
    assert.ok(cs[0].span.end <= cs[1].span.start);
  });

  it('section names with commas, colons and numbers are split by the knowledge base', () => {
    const [a] = parse(
      'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): NSAIDs, GI symptoms & cardiovascular risk, Proton Pump Inhibitors (PPIs).',
    );
    assert.deepEqual(
      a.sections.map((s) => s.text),
      ['NSAIDs, GI symptoms & cardiovascular risk', 'Proton Pump Inhibitors (PPIs)'],
    );
    const [b] = parse('Decision based on MTUS Postsurgical Treatment 2009, Section(s): Knee, Forearm, Wrist, & Hand.');
    assert.deepEqual(
      b.sections.map((s) => s.text),
      ['Knee', 'Forearm, Wrist, & Hand'],
    );
    const [c] = parse(
      'Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain and Chronic Opioid\nTreatment: Maintenance of Chronic Opioid Treatment.',
    );
    assert.deepEqual(
      c.sections.map((s) => s.text),
      ['3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment'],
    );
    const [d] = parse(
      'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): TENS, chronic pain (transcutaneous electrical nerve stimulation).',
    );
    assert.deepEqual(
      d.sections.map((s) => s.text),
      ['TENS, chronic pain (transcutaneous electrical nerve stimulation)'],
    );
  });

  it('an unknown numbered section keeps its comma-separated continuation', () => {
    const [c] = parse(
      'Decision based on MTUS Opioid Treatment 2016, Section(s): 9.9 Made Up: Screening, Prior to Treatment, 4.1 Tapering Opioids: Indications for Tapering Opioids.',
    );
    assert.deepEqual(
      c.sections.map((s) => s.text),
      ['9.9 Made Up: Screening, Prior to Treatment', '4.1 Tapering Opioids: Indications for Tapering Opioids'],
    );
  });

  it('outside-the-MTUS statement, then a free-text Non-MTUS source with a URL', () => {
    const cs = parse(
      'The Expert Reviewer based their decision on recommendation(s) outside\nof the MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines\n(ODG) Knee/DME and Other Medical\nTreatment Guidelines https://www.cms.gov/Regulations/R148CIM.pdf.',
    );
    assert.deepEqual(
      cs.map((c) => c.kind),
      ['outsideMtus', 'nonMtus', 'url'],
    );
    assert.equal(cs[2].source?.text, 'https://www.cms.gov/Regulations/R148CIM.pdf');
  });

  it('no citation', () => {
    const cs = parse(
      'The Claims Administrator did not cite any medical evidence for its decision.',
      'claimsAdministratorGuideline',
      'Claims Administrator guideline: ',
    );
    assert.deepEqual(
      cs.map((c) => c.kind),
      ['noCitation'],
    );
  });

  it('a bare URL', () => {
    const cs = parse('www.mdguidelines.com.');
    assert.deepEqual(
      cs.map((c) => [c.kind, c.source?.text]),
      [['url', 'www.mdguidelines.com']],
    );
  });

  it('an unknown guideline name is kept, unresolved', () => {
    const [c] = parse('Decision based on MTUS Widget Complaints 2004, Section(s): Summary.');
    assert.equal(c.guideline?.name.text, 'Widget Complaints');
    assert.equal(c.guideline?.guidelineId, null);
    assert.deepEqual(
      c.sections.map((s) => s.text),
      ['Summary'],
    );
  });

  it('a hyphen at a line end inside a section name', () => {
    const [c] = parse('Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Electro-\ndiagnostic testing (EMG/NCS).');
    assert.equal(c.sections[0].text, 'Electro- diagnostic testing (EMG/NCS)');
    assert.ok(kb.findSection('cpmtg-2016', c.sections[0].text));
  });
});

describe('rationale page references', () => {
  const rationale = (v: string) => parse(v, 'decisionRationale', 'Decision rationale: ', '\n');

  it('MTUS page 8, page 309, pages 335-336, pg. 64, Table 12-8', () => {
    const cs = rationale(
      'MTUS page 8 requires it. While the MTUS Guideline in ACOEM Chapter 12, Table 12-8, page 309 notes that, ACOEM Chapter 13, Table 13-2, pages\n335-336 does acknowledge it. See pg. 64.',
    );
    assert.deepEqual(
      cs.map((c) => [c.kind, c.source?.text ?? null, c.pages.map((p) => p.part.text).join(','), c.guideline?.guidelineId ?? null]),
      [
        ['pageReference', null, '8', null],
        ['pageReference', 'Table 12-8', '309', 'acoem-2004-ch12'],
        ['pageReference', 'Table 13-2', '335-336', 'acoem-2004-ch13'],
        ['pageReference', null, '64', null],
      ],
    );
  });

  it('the guideline named after the page, with its edition year', () => {
    const [c] = rationale('As noted on page 82 of the MTUS Chronic\nPain Medical Treatment Guidelines (July 28, 2016), no more than one set is recommended.');
    assert.equal(c.guideline?.name.text, 'Chronic Pain Medical Treatment Guidelines');
    assert.equal(c.guideline?.year?.text, '2016');
    assert.equal(c.guideline?.guidelineId, 'cpmtg-2016');
  });

  it('a page of a source outside the MTUS is not given an MTUS guideline', () => {
    const [c] = rationale('The Third Edition ACOEM Guidelines Low Back Disorders Chapter notes on page 607 that injections are not recommended.');
    assert.equal(c.guideline, null);
    assert.match(c.source?.text ?? '', /Third Edition/);
  });
});

describe('robustness', () => {
  it('empty and zero-length values', () => {
    assert.deepEqual(parseCitations('abc', { start: 1, end: 1 }, 'maximusGuideline', kb), []);
    assert.deepEqual(parseCitations('   \n\f ', { start: 0, end: 5 }, 'maximusGuideline', kb), []);
  });

  it('works without a knowledge base (nothing resolves)', () => {
    const text = 'Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.';
    const [c] = parseCitations(text, { start: 0, end: text.length }, 'maximusGuideline', emptyKnowledgeBase());
    assert.equal(c.guideline?.name.text, 'Low Back Complaints');
    assert.equal(c.guideline?.guidelineId, null);
  });

  it('half-typed drafts do not throw', () => {
    const drafts = [
      'Decision based on MTUS',
      'Decision based on MTUS ',
      'Decision based on MTUS Chronic',
      'Decision based on MTUS Low Back Complaints 2004, Section(s):',
      'Decision based on MTUS X Page(s): 9-',
      'Decision based on Non-MTUS Citation',
      'Decision based on MTUS Low Back Complaints 2004, Section(s): Summary, and ',
      'MTUS (',
      'Page(s): ,,, ',
      'page 1-',
    ];
    for (const d of drafts) {
      for (const field of ['maximusGuideline', 'decisionRationale'] as const) {
        const cs = parseCitations(d, { start: 0, end: d.length }, field, kb);
        for (const c of cs) checkSpans(d, c, 0, d.length);
      }
    }
  });

  it('spans count UTF-16 code units (text before the value with astral characters)', () => {
    const pre = '😀 Ünïcödé — MAXIMUS guideline: ';
    const value = 'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Office visits.';
    const text = pre + value;
    const [c] = parseCitations(text, { start: pre.length, end: text.length }, 'maximusGuideline', kb);
    assert.equal(text.slice(c.sections[0].span.start, c.sections[0].span.end), 'Office visits');
  });

  it('a very long field (2,000 repeats) gives every citation, each where it is written', () => {
    // Its speed is measured in `npm run bench`, not here: a timed test fails on a loaded machine.
    const one =
      'Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies, Summary, and Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment. Decision based on Non-MTUS Citation ODG pg. 12. ';
    const value = one.repeat(2000);
    const cs = parseCitations(value, { start: 0, end: value.length }, 'maximusGuideline', kb);
    assert.equal(cs.length, 6000);
    const last = cs[cs.length - 3];
    assert.equal(last.span.start, one.length * 1999);
  });
});

describe('real letters', () => {
  const LABEL = /(Claims Administrator guideline:|MAXIMUS guideline:|Decision rationale:)/g;
  /** Field values by regex (label to next label), independent of the letter parser. */
  function fields(text: string): { kind: FieldKind; start: number; end: number }[] {
    const labels: { i: number; e: number; kind: FieldKind }[] = [];
    LABEL.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = LABEL.exec(text)))
      labels.push({
        i: m.index,
        e: m.index + m[0].length,
        kind: m[1].startsWith('Claims') ? 'claimsAdministratorGuideline' : m[1].startsWith('MAXIMUS') ? 'maximusGuideline' : 'decisionRationale',
      });
    return labels.map((l, k) => {
      let a = l.e;
      let b = k + 1 < labels.length ? labels[k + 1].i : text.length;
      while (a < b && /\s/.test(text[a])) a++;
      while (b > a && /\s/.test(text[b - 1])) b--;
      return { kind: l.kind, start: a, end: b };
    });
  }

  it('sample letters: every span exact', () => {
    for (const l of sampleLetters()) {
      for (const f of fields(l.text)) for (const c of parseCitations(l.text, f, f.kind, kb)) checkSpans(l.text, c, f.start, f.end);
    }
  });

  it('corpus letters (all extractions): every span exact, every MTUS sentence found', { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE }, () => {
    for (const l of corpusLetters()) {
      for (const f of fields(l.text)) {
        const cs = parseCitations(l.text, f, f.kind, kb);
        for (const c of cs) checkSpans(l.text, c, f.start, f.end);
        if (f.kind === 'decisionRationale') continue;
        const folded = l.text.slice(f.start, f.end).replace(/\s+/g, ' ');
        const sentences = (folded.match(/Decision based on MTUS\b/g) ?? []).length;
        const firsts = cs.filter((c) => c.kind === 'mtus' && /^Decision/.test(l.text.slice(c.span.start, c.span.start + 8))).length;
        assert.equal(firsts, sentences, `${l.id}: MTUS sentences`);
      }
    }
  });
});
