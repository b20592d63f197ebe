// The PDF reader (server/src/pdf/): every corpus PDF read by it parses as its pdftotext text
// does and as the corpus index says; every kind of bad input gets its reason, never a throw or
// a hang. Runs from the TypeScript sources (the reader starts its worker through tsx); the
// bad-input fixtures are made here, from the seed letters in samples/ or by hand, never from
// a 2016-2017 PDF.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseDetermination } from '../../server/src/model/parser';
import type { Determination, HeaderKey } from '../../server/src/model/types';
import { describePdfFailure, readPdfText } from '../../server/src/pdf/reader';
import { pageLines } from '../../server/src/pdf/layout';
import { CORPUS_ABSENT_MESSAGE, CORPUS_DIR, CORPUS_PRESENT, corpusIndex, sampleLetters } from '../helpers/corpus';
import { makePdf } from '../helpers/pdfWriter';

const HEADER_COLUMNS: Record<string, HeaderKey> = {
  'Case Number': 'caseNumber',
  'Date Assigned': 'dateAssigned',
  'Decision Date': 'decisionDate',
  Priority: 'priority',
  'Date of Injury': 'dateOfInjury',
  'UR Denial Date': 'urDenialDate',
  'Application Received': 'applicationReceived',
};

/**
 * pdftotext's default mode joins a word hyphenated at a line end (`electro-` / `myography` ->
 * `electromyography`, also `x-` / `ray` -> `xray`); the PDF reader keeps the text as printed.
 * Field values are compared without hyphens and spacing, so that only this differs.
 */
const loose = (s: string) => s.replace(/[\s\-\u2010-\u2014]+/g, '');

/** What must agree between two readings of one letter. */
function summary(m: Determination) {
  return {
    items: m.items.map((i) => ({
      name: i.name.text,
      decision: i.decision.kind,
      fields: i.allFields.map((f) => `${f.kind}=${loose(f.value.text)}`),
    })),
    // Document order of labels differs between extractions (columns vs rows): compare as a set.
    header: m.header.map((h) => `${h.key}=${h.value?.text ?? ''}`).sort(),
    sections: m.sections.map((s) => s.kind),
    licensure: m.credentials?.licensure?.text.trim() ?? null,
    specialty: m.credentials?.specialty?.text.replace(/\s+/g, ' ').trim() ?? null,
  };
}

describe('2016-2017 PDFs through readPdfText', { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE }, () => {
  const pdfDir = path.join(CORPUS_DIR, '2016-2017', 'pdf');
  test('each of the 130 PDFs parses like its pdftotext text and its index row', { timeout: 600_000 }, async () => {
    const index = corpusIndex();
    const files = readdirSync(pdfDir).filter((f) => f.endsWith('.pdf')).sort();
    assert.equal(files.length, 130);
    assert.equal(index.length, 130);
    const vsText: string[] = [];
    const vsIndex: string[] = [];
    // Two at a time, as a folder would be read.
    const results = new Map<string, Awaited<ReturnType<typeof readPdfText>>>();
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        while (next < files.length) {
          const f = files[next++];
          results.set(f, await readPdfText(path.join(pdfDir, f)));
        }
      }),
    );
    for (const row of index) {
      const r = results.get(`${row.n}.pdf`);
      if (!r?.ok) {
        vsText.push(`${row.n}: ${r ? r.reason : 'missing'}`);
        vsIndex.push(`${row.n}: not read`);
        continue;
      }
      const fromPdf = parseDetermination(r.text);
      const fromText = parseDetermination(readFileSync(path.join(CORPUS_DIR, '2016-2017', 'text', `${row.n}.txt`), 'utf8'));
      try {
        assert.deepEqual(summary(fromPdf), summary(fromText));
      } catch (e) {
        vsText.push(`${row.n}: ${(e as Error).message.split('\n').filter((l) => /^[+-] /.test(l)).slice(0, 4).map((l) => l.slice(0, 160)).join(' | ')}`);
      }
      try {
        assert.equal(fromPdf.items.length, row.nItems, 'item count');
        assert.equal(fromPdf.items.filter((i) => i.decision.kind === 'Upheld').length, row.upheld, 'upheld');
        assert.equal(fromPdf.items.filter((i) => i.decision.kind === 'Overturned').length, row.overturned, 'overturned');
        for (const [col, key] of Object.entries(HEADER_COLUMNS)) {
          assert.equal(fromPdf.header.find((h) => h.key === key)?.value?.text, row.header[col], col);
        }
      } catch (e) {
        vsIndex.push(`${row.n}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    console.log(`# PDF vs pdftotext text: ${130 - vsText.length}/130 agree; PDF vs index.tsv: ${130 - vsIndex.length}/130 agree`);
    assert.deepEqual(vsText, [], 'PDF vs text');
    assert.deepEqual(vsIndex, [], 'PDF vs index');
  });
});
