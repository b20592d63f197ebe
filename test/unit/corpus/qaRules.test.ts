// The checks of text carried over from another item or case (rationale-about-other-item,
// date-of-injury-mismatch, patient-details-mismatch) raise nothing on any unmodified real
// letter, in every extraction and read from the PDFs by our reader, and nothing on the seed
// letters; and on the same letters changed as a pasting reviewer would change them, they do
// raise (so the silence above is the letters', not the checks' deafness).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { parseDetermination } from '../../../server/src/parse/parser';
import { endIdleReaders, readPdfText } from '../../../server/src/pdf/reader';
import { runRules } from '../../../server/src/rules/engine';
import { headerInjuryDate, injuryDates, passages, patientDescriptions, speaksOfCumulativeTrauma } from '../../../server/src/rules/letterStatements';
import { CORPUS_ABSENT_MESSAGE, CORPUS_DIR, CORPUS_PRESENT, corpusLetters, type Letter, sampleLetters } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();
// No reader worker outlives the file (Node 22 has crashed tearing down an unref'd worker at exit).
after(() => endIdleReaders());
const QA_RULES = ['rationale-about-other-item', 'date-of-injury-mismatch', 'patient-details-mismatch'];

const qaFindings = (text: string) => runRules(parseDetermination(text, kb), kb).filter((f) => QA_RULES.includes(f.code));

/** Every finding of the QA rules in the letters, as `id: code message` lines (empty when none). */
function findingsIn(letters: { id: string; text: string }[]): string[] {
  return letters.flatMap((l) => qaFindings(l.text).map((f) => `${l.id}: ${f.code} ${f.message}`));
}

describe('QA rules on the seed letters', () => {
  test('nothing raised', () => {
    const letters = sampleLetters();
    assert.ok(letters.length >= 5);
    assert.deepEqual(findingsIn(letters), []);
  });
});

describe('QA rules on the real letters', { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE }, () => {
  const letters: Letter[] = CORPUS_PRESENT ? corpusLetters() : [];

  test('nothing raised on any unmodified letter, in every extraction', () => {
    const byLayout = new Map<string, number>();
    for (const l of letters) byLayout.set(l.layout, (byLayout.get(l.layout) ?? 0) + 1);
    assert.equal(byLayout.get('text'), 130);
    assert.equal(byLayout.get('layout'), 130);
    assert.equal(byLayout.get('raw'), 130);
    assert.equal(byLayout.get('2014-2015'), 5);
    // What the checks had to read: statements found, so that "nothing raised" means something.
    let dates = 0;
    let descriptions = 0;
    let headers = 0;
    for (const l of letters) {
      const m = parseDetermination(l.text, kb);
      if (headerInjuryDate(m)) headers++;
      for (const p of passages(m)) {
        dates += injuryDates(p, m.text).length;
        descriptions += patientDescriptions(p, m.text).length;
      }
    }
    console.log(
      `QA rules tried on ${letters.length} letters (${[...byLayout].map(([k, n]) => `${k} ${n}`).join(', ')}): ${headers} header dates of injury, ${dates} dates of injury and ${descriptions} patient descriptions read`,
    );
    assert.ok(dates > 200 && descriptions > 200, 'the statements of the letters are read');
    assert.deepEqual(findingsIn(letters), []);
  });

  test('nothing raised on the 130 PDFs read by our reader', { timeout: 600_000 }, async () => {
    const dir = path.join(CORPUS_DIR, '2016-2017', 'pdf');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.pdf'))
      .sort();
    assert.equal(files.length, 130);
    const read: { id: string; text: string }[] = [];
    for (const f of files) {
      const r = await readPdfText(path.join(dir, f));
      assert.ok(r.ok, `${f}: ${r.ok ? '' : r.reason}`);
      read.push({ id: `2016-2017/pdf/${f}`, text: r.text });
    }
    console.log(`QA rules tried on ${read.length} PDFs through the reader`);
    assert.deepEqual(findingsIn(read), []);
  });

  // The same letters, changed as a reviewer pasting from another case would.
  const text = letters.filter((l) => l.layout === 'text');

  test('a changed date of injury in the case summary is raised, pointing to the header', () => {
    let changed = 0;
    for (const l of text) {
      const m = parseDetermination(l.text, kb);
      const summary = passages(m).find((p) => p.item === null);
      const stated = summary ? injuryDates(summary, m.text)[0] : undefined;
      // A continuous-trauma letter is left alone by the check (its dates of injury are a span).
      if (!stated || !headerInjuryDate(m) || passages(m).some((p) => speaksOfCumulativeTrauma(p))) continue;
      const mutated = l.text.slice(0, stated.span.start) + '03/15/2009' + l.text.slice(stated.span.end);
      const found = qaFindings(mutated).filter((f) => f.code === 'date-of-injury-mismatch');
      assert.equal(found.length, 1, l.id);
      assert.equal(found[0].span.start, stated.span.start, l.id);
      assert.equal(found[0].related?.[0].message, "the header's Date of Injury");
      changed++;
    }
    assert.ok(changed > 50, `${changed} letters changed`);
  });

  test("a rationale's description of the patient with another age and sex is raised", () => {
    let changed = 0;
    for (const l of text) {
      const m = parseDetermination(l.text, kb);
      const all = passages(m);
      const summary = all.find((p) => p.item === null);
      const described = summary ? patientDescriptions(summary, m.text) : [];
      if (described.length !== 1 || described[0].age === null || described[0].sex === null) continue;
      const rationale = all.find((p) => p.item !== null);
      if (!rationale) continue;
      const other = `${described[0].age + 11} year old ${described[0].sex === 'male' ? 'female' : 'male'}`;
      const at = rationale.spanOf(m.text, 0, 0).start;
      const mutated = `${l.text.slice(0, at)}The injured worker is a ${other}. ${l.text.slice(at)}`;
      const found = qaFindings(mutated).filter((f) => f.code === 'patient-details-mismatch');
      assert.equal(found.length, 1, l.id);
      assert.match(found[0].message, /age .* and sex /);
      changed++;
    }
    assert.ok(changed > 50, `${changed} letters changed`);
  });

  test("one item's rationale pasted under another is raised, pointing to that item", () => {
    let changed = 0;
    for (const l of text) {
      const m = parseDetermination(l.text, kb);
      if (m.parts.length !== 1 || m.items.length < 2) continue;
      const [a, b] = m.items;
      const ra = a.fields.decisionRationale;
      const rb = b.fields.decisionRationale;
      // Only where the first rationale names its own item in full (and not the second): the paste then names it under the second.
      const names = (r: string, n: string) => r.toLowerCase().includes(n.toLowerCase());
      if (
        !ra ||
        !rb ||
        a.name.text.length < 8 ||
        !names(ra.value.text, a.name.text) ||
        names(ra.value.text, b.name.text) ||
        names(a.name.text, b.name.text) ||
        names(b.name.text, a.name.text)
      )
        continue;
      const mutated = l.text.slice(0, rb.value.span.start) + l.text.slice(ra.value.span.start, ra.value.span.end) + l.text.slice(rb.value.span.end);
      const found = qaFindings(mutated).filter((f) => f.code === 'rationale-about-other-item');
      assert.ok(found.length >= 1, l.id);
      assert.ok(
        found.some((f) => f.related?.some((r) => r.span.start === a.name.span.start)),
        `${l.id}: related information points to the first item`,
      );
      changed++;
    }
    console.log(`rationale pasted under another item in ${changed} letters`);
    assert.ok(changed > 0);
  });
});
