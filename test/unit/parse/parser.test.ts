// The parser on focused fixtures: drafts typed by hand, odd line breaks, half-typed input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseDetermination } from '../../../server/src/parse/parser';
import { syntheticLetter } from '../../helpers/cli';
import { REPO_ROOT } from '../../helpers/corpus';

const lines = (...l: string[]) => l.join('\n');
const ITEM = (name: string, decision: string) =>
  lines(
    `${name}: ${decision}`,
    'Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.',
    'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s):',
    'Physical medicine treatment.',
    'Decision rationale: The request is not medically necessary.',
  );
const LETTER = (...items: string[]) =>
  lines('HOW THE IMR FINAL DETERMINATION WAS MADE', 'text', 'CLINICAL CASE SUMMARY', 'text', 'IMR ISSUES, DECISIONS AND RATIONALES', ...items);

describe('parseDetermination', () => {
  test('not a letter: an empty model, never an exception', () => {
    for (const text of ['', ' ', '\n\n', 'Hello world', '\u0000\u0001binary', '\uD800 lone surrogate', 'Upheld', ':', '\f\f\f']) {
      const m = parseDetermination(text);
      assert.equal(m.isLetter, false, JSON.stringify(text));
      assert.deepEqual([m.items, m.sections, m.header], [[], [], []]);
    }
  });

  test('a hand-typed letter: sections, items, fields with exact spans', () => {
    const text = LETTER(ITEM('MRI of the knee', 'Upheld'), ITEM('Pre-op labs: CBC', 'Overturned'));
    const m = parseDetermination(text);
    assert.equal(m.layout, 'draft');
    assert.deepEqual(
      m.items.map((i) => [i.name.text, i.decision.kind]),
      [
        ['MRI of the knee', 'Upheld'],
        ['Pre-op labs: CBC', 'Overturned'],
      ],
    );
    const f = m.items[0].fields.maximusGuideline!;
    assert.equal(f.value.text, 'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment.');
    assert.equal(text.slice(f.label.span.start, f.label.span.end), 'MAXIMUS guideline:');
    assert.equal(
      text.slice(f.value.span.start, f.value.span.end),
      'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s):\nPhysical medicine treatment.',
    );
    assert.equal(text.slice(m.items[1].name.span.start, m.items[1].name.span.end), 'Pre-op labs: CBC');
  });

  test('CRLF, CR-only, trailing spaces and form feeds read the same as LF', () => {
    const lf = LETTER(ITEM('MRI of the knee', 'Upheld'));
    const expected = parseDetermination(lf).items.map((i) => [i.name.text, i.decision.kind, i.allFields.map((f) => f.value.text)]);
    for (const text of [lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r'), lf.replace(/\n/g, '   \n'), lf.replace(/\nMAXIMUS/, '\n\f\nMAXIMUS')]) {
      const m = parseDetermination(text);
      assert.deepEqual(
        m.items.map((i) => [i.name.text, i.decision.kind, i.allFields.map((f) => f.value.text)]),
        expected,
      );
      for (const i of m.items) assert.equal(text.slice(i.name.span.start, i.name.span.end), 'MRI of the knee');
    }
  });

  test('page furniture (page numbers, "Page 2 of 3", the case number) at page breaks is no part of any item', () => {
    const text = syntheticLetter('CM99-0000123', ['MRI of the knee', 'Physical therapy for the lumbar spine']);
    const read = (t: string) => {
      const m = parseDetermination(t);
      return m.items.map((i) => [
        i.name.text,
        i.decision.kind,
        i.allFields.map((f) => [f.value.text, f.citations.map((c) => c.pages.map((p) => p.part.text))]),
      ]);
    };
    const expected = read(text);
    assert.equal(expected.length, 2);
    // A page break before each Claims Administrator label (an item header at a page's bottom), with
    // the furniture a printed letter repeats there, at the bottom of one page or the top of the next.
    const furniture = [
      '3',
      'Page 3',
      'Page 3 of 4',
      '- 3 -',
      'CM99-0000123',
      'CM99-0000123 Page 3 of 4',
      'Page 3 of 4 | CM99-0000123',
      'IMR Case Number: CM99-0000123',
      // As a browser prints a page: the date and time with the title, the address with "N/M".
      '3/4',
      '12/7/26, 9:31 PM      IMR Final Determination',
      'file:///C:/Letters/letter.html      3/4',
    ];
    for (const f of furniture) {
      for (const t of [
        text.replace(/\nClaims Administrator/g, `\n${f}\n\fClaims Administrator`),
        text.replace(/\nClaims Administrator/g, `\n\f${f}\nClaims Administrator`),
        text.replace(/\nMAXIMUS guideline/g, `\n${f}\n\fMAXIMUS guideline`),
      ]) {
        const m = parseDetermination(t);
        assert.deepEqual(read(t), expected, `${JSON.stringify(f)}: ${JSON.stringify(t.slice(900, 1100))}`);
        // Spans still point into the letter as written.
        for (const i of m.items) assert.equal(t.slice(i.name.span.start, i.name.span.end), i.name.text);
      }
    }
    // "Page N of M" and the case number are furniture without a page break too (text copied without form feeds).
    assert.deepEqual(read(text.replace(/\nClaims Administrator/g, '\nPage 3 of 4\nCM99-0000123\nClaims Administrator')), expected);
    // A number beside a page break is a page number; elsewhere it stays what it is (a header of figures).
    assert.equal(parseDetermination(text.replace('\nMRI of the knee: Upheld', '\n12\nMRI of the knee: Upheld')).items.length, 2);
  });

  test("a page's running header with the letter's own case number continues the letter; another case number starts the next", () => {
    const one = syntheticLetter('CM99-0000123', ['MRI of the knee', 'Physical therapy for the lumbar spine']);
    const running = one.replace(
      '\nPhysical therapy for the lumbar spine: Upheld',
      '\n\fCase Number: CM99-0000123\nPhysical therapy for the lumbar spine: Upheld',
    );
    const m = parseDetermination(running);
    assert.equal(m.parts.length, 1);
    assert.deepEqual(
      m.items.map((i) => i.name.text),
      ['MRI of the knee', 'Physical therapy for the lumbar spine'],
    );
    const batch = `${one}\n\f${syntheticLetter('CM99-0000124')}`;
    assert.equal(parseDetermination(batch).parts.length, 2, 'a batch of two letters');
  });

  test('no-break and other Unicode spaces read as spaces; the model keeps the text as written', () => {
    const text = syntheticLetter('CM99-0000123', ['MRI of the knee']);
    const spaced = text.replace(/ /g, (m, at: number) => (at % 3 === 0 ? '\u00a0' : at % 5 === 0 ? '\u2009' : m));
    assert.notEqual(spaced, text);
    const a = parseDetermination(text);
    const b = parseDetermination(spaced);
    assert.equal(b.text, spaced);
    assert.deepEqual(
      b.sections.map((x) => x.kind),
      a.sections.map((x) => x.kind),
    );
    assert.deepEqual(
      b.header.map((h) => [h.key, h.value?.text]),
      a.header.map((h) => [h.key, h.value?.text]),
    );
    assert.deepEqual(
      b.items.map((i) => [i.name.text, i.decision.kind, i.allFields.map((f) => f.citations.length)]),
      a.items.map((i) => [i.name.text, i.decision.kind, i.allFields.map((f) => f.citations.length)]),
    );
    assert.deepEqual(b.items[0].name.span, a.items[0].name.span);
  });

  test('the decision alone on the next line; colons inside the name', () => {
    const m = parseDetermination(
      LETTER(
        ITEM('Oxycodone HCL ER 20mg #60 day supply: 30', 'Overturned'),
        lines(
          'Further aquatic therapy twice weekly for three weeks (6) to both hips and the left ankle region:',
          'Upheld',
          ITEM('x', 'y').split('\n').slice(1).join('\n'),
        ),
      ),
    );
    assert.deepEqual(
      m.items.map((i) => [i.name.text, i.decision.kind]),
      [
        ['Oxycodone HCL ER 20mg #60 day supply: 30', 'Overturned'],
        ['Further aquatic therapy twice weekly for three weeks (6) to both hips and the left ankle region', 'Upheld'],
      ],
    );
  });

  test('partial authorization: the remaining portion is the item, the rest its preamble', () => {
    const header = lines(
      'Tramadol 50mg #90 was the original request. Tramadol 50mg #30 was authorized by the',
      'Claims Administrator. The remaining IMR eligible portion of the original request, Tramadol',
      '50mg #60 is: Upheld',
    );
    const m = parseDetermination(LETTER(ITEM('MRI', 'Upheld'), ITEM(header.replace(/: Upheld$/, ''), 'Upheld')));
    const item = m.items[1];
    assert.equal(item.name.text, 'Tramadol 50mg #60');
    assert.match(item.preamble!.text, /^Tramadol 50mg #90 was the original request\./);
    assert.equal(
      item.fields.claimsAdministratorGuideline!.value.text.startsWith('Decision based on MTUS'),
      true,
      'a line starting "Claims Administrator." is not the label',
    );
  });

  test('drafts: a missing, misspelt or unfinished decision still makes an item', () => {
    const fields = ITEM('x', 'y').split('\n').slice(1).join('\n');
    const m = parseDetermination(
      LETTER(
        lines('MRI of the knee:', fields),
        lines('Acupuncture x 6: Uphled', fields),
        lines('Chiropractic: Partially upheld', fields),
        lines('TENS unit', fields),
      ),
    );
    assert.deepEqual(
      m.items.map((i) => [i.name.text, i.decision.kind, i.decision.text]),
      [
        ['MRI of the knee', 'absent', ''],
        ['Acupuncture x 6', 'unknown', 'Uphled'],
        ['Chiropractic', 'unknown', 'Partially upheld'],
        ['TENS unit', 'absent', ''],
      ],
    );
  });

  test('a field missing or empty, a field repeated', () => {
    const m = parseDetermination(
      LETTER(
        lines('MRI: Upheld', 'Claims Administrator guideline:', 'MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.'),
        lines('CT: Overturned', 'Decision rationale: medically necessary.', 'Decision rationale: again.'),
      ),
    );
    const [a, b] = m.items;
    assert.equal(a.fields.claimsAdministratorGuideline!.value.text, '');
    assert.equal(a.fields.decisionRationale, null);
    assert.equal(b.allFields.length, 2);
    assert.equal(b.fields.decisionRationale!.value.text, 'medically necessary.');
  });

  test('header: default, two-column and run-together extractions and typed headers', () => {
    const variants = [
      lines(
        'Case Number:',
        'Date Assigned:',
        'Decision Date:',
        'Priority:',
        '',
        'CM99-0000037',
        '03/02/2016',
        '04/01/2016',
        'Standard',
        '',
        'Date of Injury:',
        'UR Denial Date:',
        'Application',
        'Received:',
        '',
        '01/15/2016',
        '02/10/2016',
        '02/12/2016',
      ),
      lines(
        'Case Number:          CM99-0000037',
        'Date Assigned:        03/02/2016                      Date of Injury:      01/15/2016',
        'Decision Date:        04/01/2016                      UR Denial Date:      02/10/2016',
        'Priority:             Standard                        Application          02/12/2016',
        '                                                      Received:',
      ),
      lines(
        'Case Number: CM99-0000037',
        'Date Assigned: 03/02/2016 Date of Injury: 01/15/2016',
        'Decision Date: 04/01/2016 UR Denial Date: 02/10/2016',
        'Priority: Standard Application',
        'Received:',
        '02/12/2016',
      ),
      // pdfminer: the right column's values in another order, one above its own label.
      lines(
        'Case Number: ',
        'Date Assigned: ',
        'Decision Date: ',
        'Priority:  ',
        '',
        'CM99-0000037 ',
        '03/02/2016 ',
        '04/01/2016 ',
        'Standard ',
        '',
        '01/15/2016 ',
        'Date of Injury:  ',
        'UR Denial Date:   02/10/2016 ',
        '02/12/2016 ',
        'Application ',
        'Received:  ',
      ),
      lines(
        'Case Number: ',
        'Date Assigned: ',
        'Decision Date: ',
        'Priority:  ',
        '',
        'CM99-0000037 ',
        '03/02/2016 ',
        '04/01/2016 ',
        'Standard ',
        '',
        'Date of Injury:  ',
        '01/15/2016 ',
        'UR Denial Date:   02/10/2016 ',
        'Application ',
        '02/12/2016 ',
        'Received:  ',
      ),
      // MuPDF: each label with its value on the next line, the columns interleaved.
      lines(
        'Case Number:',
        'CM99-0000037',
        '',
        'Date Assigned:',
        '03/02/2016',
        'Date of Injury: ',
        '01/15/2016',
        '',
        'Decision Date:',
        '04/01/2016',
        'UR Denial Date: ',
        '02/10/2016',
        '',
        'Priority: ',
        'Standard',
        'Application ',
        'Received: ',
        '',
        '02/12/2016',
      ),
    ];
    for (const v of variants) {
      const m = parseDetermination(`${v}\nHOW THE IMR FINAL DETERMINATION WAS MADE\n`);
      assert.deepEqual(Object.fromEntries(m.header.map((h) => [h.key, h.value?.text])), {
        caseNumber: 'CM99-0000037',
        dateAssigned: '03/02/2016',
        decisionDate: '04/01/2016',
        priority: 'Standard',
        dateOfInjury: '01/15/2016',
        urDenialDate: '02/10/2016',
        applicationReceived: '02/12/2016',
      });
    }
  });

  test('header: a value that no label of its type can claim is left unread, never given to the wrong label', () => {
    // pdfminer's order with the Date of Injury value lost: 02/12/2016 must not become the date of injury.
    const m = parseDetermination(
      `${lines('Case Number: ', 'Date Assigned: ', 'Decision Date: ', 'Priority:  ', '', 'CM99-0000037 ', '03/02/2016 ', '04/01/2016 ', 'Standard ', '', 'Date of Injury:  ', 'UR Denial Date:   02/10/2016 ', 'Application ', 'Received:  ')}\nHOW THE IMR FINAL DETERMINATION WAS MADE\n`,
    );
    const values = Object.fromEntries(m.header.map((h) => [h.key, h.value?.text]));
    assert.equal(values.urDenialDate, '02/10/2016');
    assert.equal(values.dateOfInjury, undefined);
    assert.equal(values.applicationReceived, undefined);
  });

  test('headings of the layouts known only by their headings give an outline', () => {
    const older = parseDetermination(
      lines(
        'MAXIMUS FEDERAL SERVICES, INC.',
        'Independent Medical Review',
        'HOW THE IMR FINAL DETERMINATION WAS MADE',
        'x',
        'DOCUMENTS REVIEWED',
        'x',
        'CLINICAL CASE SUMMARY',
        'x',
        'IMR DECISION(S) AND RATIONALE(S)',
        ITEM('MRI', 'Upheld'),
      ),
    );
    assert.equal(older.layout, 'maximus-older');
    assert.deepEqual(
      older.sections.map((s) => s.kind),
      ['determinationProcess', 'documentsReviewed', 'clinicalCaseSummary', 'issues'],
    );
    assert.equal(older.items.length, 1);
    const mpr = parseDetermination(
      lines(
        'MEDICAL PROFESSIONAL REVIEW',
        'ISSUE AT DISPUTE:',
        'x',
        'CASE SUMMARY:',
        'x',
        'DOCUMENTS REVIEWED FOR DETERMINATION:',
        'x',
        'MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL',
        'REVIEWER AND WHY:',
        'x',
        'RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT',
        'MEDICALLY NECESSARY:',
        'x',
        'MEDICAL REVIEWER QUALIFICATIONS:',
        'x',
      ),
    );
    assert.equal(mpr.layout, 'medical-professional-review');
    assert.deepEqual(
      mpr.sections.map((s) => s.kind),
      ['issueAtDispute', 'clinicalCaseSummary', 'documentsReviewed', 'guidelinesRelied', 'rationale', 'reviewerQualifications'],
    );
    assert.equal(mpr.sections[3].heading.text, 'MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:');
  });

  test('a letter being written: every prefix parses, items only grow', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'drafts', 'draft-missing-rationale.imr'), 'utf8');
    for (let n = 0; n <= text.length; n += 7) {
      const m = parseDetermination(text.slice(0, n));
      for (const i of m.items) assert.ok(i.span.end <= n && i.name.span.start <= i.name.span.end);
    }
    const full = parseDetermination(text);
    assert.deepEqual(
      full.items.map((i) => [i.name.text, i.decision.kind, i.allFields.length]),
      [
        ['Physical therapy 2 times a week for 4 weeks, lumbar spine', 'Upheld', 2],
        ['Pre-op labs: CBC', 'Overturned', 3],
      ],
    );
  });

  test('odd Unicode keeps exact UTF-16 ranges', () => {
    const text = LETTER(ITEM('Émile’s 🦴 scan', 'Upheld'));
    const m = parseDetermination(text);
    const pos = m.lines.range(m.items[0].name.span);
    assert.equal(text.split('\n')[pos.start.line].slice(pos.start.character, pos.end.character), 'Émile’s 🦴 scan');
  });
});
