// The requested quantity read from an item name: every form letters use, names without a
// number, items that are not therapy; the span in the document; the share of corpus
// therapy items with a stated number that are read; the request-exceeds-allowance check and
// the item hover on small fixtures of our own.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getHover } from '../../../server/src/features/hover';
import { requestHoverMarkdown } from '../../../server/src/features/requestHover';
import { parseDetermination } from '../../../server/src/parse/parser';
import { readRequest, therapyKind } from '../../../server/src/parse/request';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { runRules } from '../../../server/src/rules/engine';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, sampleLetters } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();

/** name -> [visits, perWeek, weeks] (undefined where the name does not say). */
const FORMS: [string, number | undefined, number | undefined, number | undefined][] = [
  ['Physical therapy 2x4', 8, 2, 4],
  ['Eight (8) physical therapy sessions (2x4), cervical and lumbar spine', 8, 2, 4],
  ['Physical therapy 2 times a week for 4 weeks', 8, 2, 4],
  ['Physical therapy two times a week for three weeks', 6, 2, 3],
  ['Chiropractic 3 visits per week for 2 weeks', 6, 3, 2],
  ['Spinal manipulation 1 times 6', 6, 1, 6],
  ['PHYSICAL THERAPY , LUMBAR SPINE AND CERVICAL SPINE X 8', 8, undefined, undefined],
  ['Associated surgical service: Physical therapy, times 6', 6, undefined, undefined],
  ['Acupuncture for cervical/thoracic spine #6', 6, undefined, undefined],
  ['Physical therapy 12 sessions', 12, undefined, undefined],
  ['Eight (8) physical therapy sessions', 8, undefined, undefined],
  ['Two physical therapy sessions', 2, undefined, undefined],
  ['Physical therapy twice a week for 3 weeks', 6, 2, 3],
  ['Electro acupuncture to the low back two times a week times six weeks', 12, 2, 6],
  ['Twelve physical therapy sessions, three times weekly, for the right elbow', 12, 3, undefined],
  ['physical therapy 2 times a week for 6 weeks (12 sessions) to the right elbow', 12, 2, 6],
  ['Physical therapy to the lumbar spine 2 times a week for 2 weeks (4)', 4, 2, 2],
  ['Additional physical therapy two times four visits (8) for the lumbar and bilateral knees', 8, 2, 4],
  ['Associated surgical service: Physical Therapy sessions, 12', 12, undefined, undefined],
  ['Occupational therapy for six sessions', 6, undefined, undefined],
  ['Additional physical therapy three times a week over two weeks', 6, 3, 2],
  // Hand therapy (an occupational therapist's) and the forms that read nothing before (issue 26).
  ['continuation for left hand therapy for 6 sessions', 6, undefined, undefined],
  ['Hand therapy 2x4', 8, 2, 4],
  ['Certified hand therapy 8 visits', 8, undefined, undefined],
  ['Post-operative hand therapy for the left hand 3 times a week for 4 weeks', 12, 3, 4],
  ['Physical therapy 2 x week for 4 weeks', 8, 2, 4],
  ['Physical therapy 2/week for 6 weeks', 12, 2, 6],
  ['Physical therapy for 2 weeks, 3 times a week', 6, 3, 2],
  ['Physical therapy, qty 8', 8, undefined, undefined],
  ['Physical therapy (quantity: 8)', 8, undefined, undefined],
  ['Physical therapy 12 (twelve) sessions', 12, undefined, undefined],
  ['Physical therapy 3x/wk x 4 wks', 12, 3, 4],
  ['Physical therapy 1-2 x per week x 6 weeks', 12, 2, 6],
  ['Continuation of physical therapy, right knee, 6 additional sessions', 6, undefined, undefined],
  ['Physical therapy six (6) sessions', 6, undefined, undefined],
];

describe('readRequest: quantity forms', () => {
  for (const [name, visits, perWeek, weeks] of FORMS) {
    test(name, () => {
      const r = readRequest(name);
      assert.ok(r, 'a therapy item gets a request');
      assert.equal(r.visits, visits);
      assert.equal(r.perWeek, perWeek);
      assert.equal(r.weeks, weeks);
      assert.equal(name.slice(r.span.start, r.span.end), r.text, 'span is within the name');
      assert.ok(r.text.length > 0);
    });
  }

  test('ranges: the upper end, and the lower one kept', () => {
    assert.deepEqual(
      [readRequest('Post-op physical therapy 12-18 sessions')!.minVisits, readRequest('Post-op physical therapy 12-18 sessions')!.visits],
      [12, 18],
    );
    const r = readRequest('Initial acupuncture, 1 to 2 times per week for 4 weeks, for the neck')!;
    assert.deepEqual([r.minVisits, r.visits, r.perWeek, r.weeks], [4, 8, 2, 4]);
  });

  test('names without a number: a request with no visits', () => {
    for (const name of [
      'Physical therapy, unspecified quantity',
      'Physical therapy treatments for the left shoulder',
      'Re-exam with chiropractor for the lumbar spine flare-up',
    ]) {
      const r = readRequest(name);
      assert.ok(r, name);
      assert.equal(r.visits, undefined, name);
      assert.equal(r.text, '');
    }
  });

  test('not therapy: no request (a drug #60 is not visits)', () => {
    for (const name of [
      'Flexeril 10mg #60',
      'Norco 10/325mg #35',
      'Pre-operative PT/PTT',
      'Associated surgical service: Labs - PT/PTT',
      'TENS unit, daily trial, cervical and thoracic spine, #30',
      'Ultrasound of the right shoulder',
      'Hot/cold therapy wrap',
      'MRI of the knee without contrast',
    ]) {
      assert.equal(readRequest(name), null, name);
    }
  });

  test('kind, post-operative and body part', () => {
    assert.equal(therapyKind('PT/OT 18 sessions'), 'physical');
    assert.equal(readRequest('Occupational therapy for six sessions')!.kind, 'occupational');
    assert.equal(readRequest('Chiropractic care for the low back; six sessions')!.kind, 'chiropractic');
    assert.equal(readRequest('Spinal manipulation 1 times 8')!.kind, 'chiropractic');
    assert.equal(readRequest('Acupuncture x 8')!.kind, 'acupuncture');
    assert.equal(readRequest('Massage therapy 2x3')!.kind, 'massage');
    assert.equal(readRequest('Aquatic therapy 2x4')!.kind, 'aquatic');
    assert.equal(readRequest('continuation for left hand therapy for 6 sessions')!.kind, 'occupational');
    assert.equal(readRequest('continuation for left hand therapy for 6 sessions')!.bodyPart, 'left hand');
    const post = readRequest('Post operative physical therapy for the right knee 2 times a week for 6 weeks')!;
    assert.equal(post.postOperative, true);
    assert.equal(post.kind, 'physical');
    assert.equal(post.bodyPart, 'right knee');
    assert.equal(readRequest('Physical therapy for cervical/thoracic spine #8')!.bodyPart, 'cervical/thoracic spine');
  });
});

const lines = (...l: string[]) => l.join('\n');
const HEAD = lines('HOW THE IMR FINAL DETERMINATION WAS MADE', 'x', 'CLINICAL CASE SUMMARY', 'x', 'IMR ISSUES, DECISIONS AND RATIONALES');
const PM = 'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.';
const ACU = 'Decision based on MTUS Acupuncture Medical Treatment 2007.';
const item = (header: string, guideline: string, conclusion: string) =>
  lines(
    header,
    `Claims Administrator guideline: ${guideline}`,
    `MAXIMUS guideline: ${guideline}`,
    `Decision rationale: The guideline allows a course of therapy. ${conclusion}`,
  );

describe('request in the model', () => {
  test('the span is absolute, and the partial-authorization name is the eligible portion', () => {
    const text = lines(
      HEAD,
      'Physical therapy 2 times a week for 6 weeks was the original request. Physical therapy 2 times a week for 3 weeks was authorized by the',
      'Claims Administrator. The remaining IMR eligible portion of the original request, Physical therapy 2 times a week for 3 weeks is: Upheld',
      `Claims Administrator guideline: ${PM}`,
      `MAXIMUS guideline: ${PM}`,
      'Decision rationale: The request is not medically necessary.',
    );
    const m = parseDetermination(text, kb);
    const r = m.items[0].request!;
    assert.equal(r.visits, 6);
    assert.equal(text.slice(r.span.start, r.span.end), '2 times a week for 3 weeks');
    assert.ok(r.span.start > m.items[0].name.span.start);
  });
});

describe('request-exceeds-allowance', () => {
  const flagged = (text: string) =>
    runRules(parseDetermination(text, kb), kb)
      .filter((f) => f.code === 'request-exceeds-allowance')
      .map((f) => ({ ...f, marked: text.slice(f.span.start, f.span.end) }));

  test('Overturned above the largest allowance of the cited topic: flagged, on the request, as information', () => {
    const f = flagged(lines(HEAD, item('Acupuncture 2 times a week for 6 weeks: Overturned', ACU, 'The request is medically necessary.')));
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'information');
    assert.equal(f[0].marked, '2 times a week for 6 weeks');
    assert.match(f[0].message, /12 visits.*up to 6/);
  });

  test('within the largest allowance (24 for Physical Medicine), Upheld, or no number: not flagged', () => {
    assert.equal(flagged(lines(HEAD, item('Physical therapy 2 times a week for 6 weeks: Overturned', PM, 'The request is medically necessary.'))).length, 0);
    assert.equal(flagged(lines(HEAD, item('Acupuncture 2 times a week for 6 weeks: Upheld', ACU, 'The request is not medically necessary.'))).length, 0);
    assert.equal(flagged(lines(HEAD, item('Acupuncture for the neck: Overturned', ACU, 'The request is medically necessary.'))).length, 0);
    assert.equal(flagged(lines(HEAD, item('Physical therapy 3 times a week for 10 weeks: Overturned', PM, 'The request is medically necessary.'))).length, 1);
  });

  test('a cited topic without a known allowance keeps quiet', () => {
    const knee = 'Decision based on MTUS Knee Complaints 2004, Section(s): Special Studies.';
    assert.equal(flagged(lines(HEAD, item('Physical therapy 3 times a week for 10 weeks: Overturned', knee, 'The request is medically necessary.'))).length, 0);
  });

  test('the setting turns it off', () => {
    const text = lines(HEAD, item('Acupuncture 2 times a week for 6 weeks: Overturned', ACU, 'The request is medically necessary.'));
    assert.equal(
      runRules(parseDetermination(text, kb), kb, { 'request-exceeds-allowance': 'off' }).filter((f) => f.code === 'request-exceeds-allowance').length,
      0,
    );
  });
});

describe('item hover: the request section', () => {
  test('visits requested, each allowance within or above, source and confidence', () => {
    const text = lines(HEAD, item('Physical therapy 2 times a week for 6 weeks: Upheld', PM, 'The request is not medically necessary.'));
    const m = parseDetermination(text, kb);
    const md = requestHoverMarkdown(m.items[0], kb)!;
    assert.match(md, /^\*\*12 visits requested\*\*: 2 a week for 6 weeks/);
    assert.match(md, /9-10 visits over 8 weeks for myalgia and myositis: \*\*above\*\*/);
    assert.match(md, /24 visits over 16 weeks.*: within/);
    assert.match(md, /Source: .*not verified against the guideline text \(confidence medium\)/);
    const h = getHover(m, m.items[0].name.span.start + 2, kb)!;
    assert.ok(h.contents.includes('12 visits requested'), 'appended to the item hover');
  });

  test('not a therapy item: no section', () => {
    const m = parseDetermination(lines(HEAD, item('Flexeril 10mg #60: Upheld', PM, 'The request is not medically necessary.')), kb);
    assert.equal(requestHoverMarkdown(m.items[0], kb), null);
    assert.ok(!getHover(m, m.items[0].name.span.start + 2, kb)!.contents.includes('requested'));
  });
});

describe('request: corpus', { skip: !CORPUS_PRESENT && CORPUS_ABSENT_MESSAGE }, () => {
  // An independent, rougher reading of "therapy with a stated number": a therapy word and a digit or number word.
  const THERAPY = /physical therap|\bPT\b(?!\s*\/\s*PTT)|occupational therap|chiro|manipulat|acupunct|massage|aquatic/i;
  const NUMBER = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twice)\b/i;
  const DATE = /\b(?:DOS:?\s*)?\d{1,2}\/\d{1,2}\/\d{2,4}\b|\(\d+\s*mins?\)/gi;

  test('at least 98% of therapy items with a stated number are read', () => {
    let stated = 0;
    let read = 0;
    let flaggedLetters = 0;
    for (const l of [...sampleLetters(), ...corpusLetters()]) {
      const m = parseDetermination(l.text, kb);
      for (const it of m.items) {
        const name = it.name.text;
        if (!THERAPY.test(name) || !NUMBER.test(name.replace(DATE, ''))) continue;
        stated++;
        if (it.request?.visits !== undefined) read++;
      }
      if (l.layout === 'text' && runRules(m, kb).some((f) => f.code === 'request-exceeds-allowance')) flaggedLetters++;
    }
    const share = stated === 0 ? 1 : read / stated;
    console.log(
      `# therapy items with a stated number: ${stated}, read: ${read} (${(share * 100).toFixed(1)}%); 2016-2017 letters flagged by request-exceeds-allowance: ${flaggedLetters}`,
    );
    assert.ok(stated > 100);
    assert.ok(share >= 0.98);
    // One letter (an acupuncture request of up to 8 against 3-6 treatments), read by hand: its
    // rationale does not say why more than the guideline allows. A change here means new hits to read.
    assert.equal(flaggedLetters, 1);
  });

  test('the item hover of every corpus therapy item shows the request, and the allowances with their source when known', () => {
    let withAllowances = 0;
    let items = 0;
    for (const l of corpusLetters().filter((x) => x.layout === 'text')) {
      const m = parseDetermination(l.text, kb);
      for (const it of m.items) {
        if (!it.request) continue;
        items++;
        const h = getHover(m, it.name.span.start, kb);
        assert.ok(h && h.contents.includes('requested**'), `${l.id}: item hover without its request`);
        if (h.contents.includes('_Source: ')) withAllowances++;
      }
    }
    console.log(`# item hovers: ${items} therapy items, ${withAllowances} with allowances of a cited topic`);
    assert.ok(withAllowances > items / 2);
  });
});

describe('request in the command line JSON', () => {
  test('items[].request: visits, perWeek, weeks, kind, text (keys not stated left out), or null', async () => {
    const { reportFor } = await import('../../../server/src/cli/report');
    const text = lines(
      HEAD,
      item('Acupuncture x 8: Upheld', ACU, 'The request is not medically necessary.'),
      item('Flexeril 10mg #60: Upheld', PM, 'The request is not medically necessary.'),
    );
    const model = parseDetermination(text, kb);
    const json = JSON.parse(JSON.stringify(reportFor('x.imr', model, [])));
    assert.deepEqual(json.items[0].request, { visits: 8, kind: 'acupuncture', text: 'x 8' });
    assert.equal(json.items[1].request, null);
  });
});

describe('item hover: a request without a number', () => {
  test('says the name states no number, and still lists the allowances', () => {
    const m = parseDetermination(lines(HEAD, item('Physical therapy for the left shoulder: Upheld', PM, 'The request is not medically necessary.')), kb);
    const md = requestHoverMarkdown(m.items[0], kb)!;
    assert.match(md, /^\*\*Visits requested\*\*: not stated in the name/);
    assert.match(md, /9-10 visits over 8 weeks for myalgia and myositis\n/);
  });
});
