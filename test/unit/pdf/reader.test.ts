// The PDF reader (server/src/pdf/): every corpus PDF read by it parses as its pdftotext text
// does and as the corpus index says; every kind of bad input gets its reason, never a throw or
// a hang. Runs from the TypeScript sources (the reader starts its worker through tsx); the
// bad-input fixtures are made here, from the seed letters in samples/ or by hand, never from
// a 2016-2017 PDF.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseDetermination } from '../../../server/src/parse/parser';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { runRules } from '../../../server/src/rules/engine';
import type { Determination } from '../../../server/src/model/types';
import { itemPage } from '../../../server/src/model/pages';
import { describePdfFailure, endIdleReaders, readPdfText } from '../../../server/src/pdf/reader';
import { pageLines } from '../../../server/src/pdf/layout';
import { CORPUS_ABSENT_MESSAGE, CORPUS_DIR, CORPUS_PRESENT, corpusIndex, REPO_ROOT, sampleLetters, INDEX_HEADER_COLUMNS } from '../../helpers/corpus';
import { flateBomb, letterPages, makePdf, manyRuns } from '../../helpers/pdfWriter';

const HEADER_COLUMNS = INDEX_HEADER_COLUMNS;

/**
 * pdftotext's default mode joins a word hyphenated at a line end (`electro-` / `myography` ->
 * `electromyography`, also `x-` / `ray` -> `xray`); the PDF reader keeps the text as printed.
 * Field values are compared without hyphens and spacing, so that only this differs.
 */
// No reader worker is left alive when the file's process exits: Node 22 has been seen to crash
// (SIGSEGV) tearing down an unref'd worker at exit.
after(() => endIdleReaders());

const loose = (s: string) => s.replace(/[\s\-\u2010-\u2014]+/g, '');

/** What must agree between two readings of one letter (page numbers too: a pin cite names the page). */
function summary(m: Determination) {
  return {
    pages: m.pageStarts.length,
    items: m.items.map((i) => ({
      page: itemPage(m, i),
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
    const files = readdirSync(pdfDir)
      .filter((f) => f.endsWith('.pdf'))
      .sort();
    assert.equal(files.length, 130);
    assert.equal(index.length, 130);
    const vsText: string[] = [];
    const vsIndex: string[] = [];
    const vsFindings: string[] = [];
    const kb = defaultKnowledgeBase();
    // The problems a user sees: same codes and messages from the PDF as from its text.
    const problems = (m: Determination) =>
      runRules(m, kb)
        .map((f) => `${f.severity} ${f.code}: ${loose(f.message)}`)
        .sort();
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
      const fromPdf = parseDetermination(r.text, kb);
      const fromText = parseDetermination(readFileSync(path.join(CORPUS_DIR, '2016-2017', 'text', `${row.n}.txt`), 'utf8'), kb);
      try {
        assert.deepEqual(problems(fromPdf), problems(fromText));
      } catch (e) {
        vsFindings.push(
          `${row.n}: ${(e as Error).message
            .split('\n')
            .filter((l) => /^[+-] /.test(l))
            .slice(0, 4)
            .map((l) => l.slice(0, 160))
            .join(' | ')}`,
        );
      }
      try {
        assert.deepEqual(summary(fromPdf), summary(fromText));
      } catch (e) {
        vsText.push(
          `${row.n}: ${(e as Error).message
            .split('\n')
            .filter((l) => /^[+-] /.test(l))
            .slice(0, 4)
            .map((l) => l.slice(0, 160))
            .join(' | ')}`,
        );
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
    console.log(
      `# PDF vs pdftotext text: ${130 - vsText.length}/130 agree; PDF vs index.tsv: ${130 - vsIndex.length}/130 agree; same problems: ${130 - vsFindings.length}/130`,
    );
    assert.deepEqual(vsText, [], 'PDF vs text');
    assert.deepEqual(vsIndex, [], 'PDF vs index');
    assert.deepEqual(vsFindings, [], 'problems from PDF vs from text');
  });
});

describe('bad and unusual inputs: a reason each, never a throw or a hang', () => {
  let dir = '';
  let seedPdf: Uint8Array;
  const seed = sampleLetters()[0];
  const qpdf = spawnSync('qpdf', ['--version']).status === 0;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'imr-pdf-'));
    seedPdf = makePdf(letterPages(seed.text));
    writeFileSync(path.join(dir, 'seed.pdf'), seedPdf);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const reasonOf = async (input: Uint8Array | string, opts?: Parameters<typeof readPdfText>[1]) => {
    const r = await readPdfText(input, opts);
    assert.equal(r.ok, false, 'must be refused');
    return (r as { reason: string }).reason;
  };

  test('a seed letter made into a PDF reads back to the same items and decisions', async () => {
    const r = await readPdfText(path.join(dir, 'seed.pdf'));
    assert.ok(r.ok, !r.ok ? r.reason : '');
    assert.equal(r.pages, letterPages(seed.text).length);
    assert.equal(r.text.split('\f').length - 1, r.pages, 'one form feed per page');
    const fromPdf = parseDetermination(r.text).items.map((i) => [i.name.text, i.decision.kind]);
    assert.deepEqual(
      fromPdf,
      parseDetermination(seed.text).items.map((i) => [i.name.text, i.decision.kind]),
    );
    assert.ok(fromPdf.length > 0);
  });
  test('a batch: two letters in one PDF read as two letters', async () => {
    const [a, b] = sampleLetters();
    const r = await readPdfText(makePdf([...letterPages(a.text), ...letterPages(b.text)]));
    assert.ok(r.ok, !r.ok ? r.reason : '');
    const model = parseDetermination(r.text);
    assert.equal(model.parts.length, 2);
    assert.deepEqual(
      model.items.map((i) => [i.name.text, i.decision.kind]),
      [a, b].flatMap((l) => parseDetermination(l.text).items.map((i) => [i.name.text, i.decision.kind])),
    );
  });
  test('pages printed with a running header and footer (as a browser or a word processor prints them) read as the letter alone', async () => {
    for (const seed of sampleLetters()) {
      const plain = letterPages(seed.text);
      // Short pages, so that page breaks fall between items' headers and their fields.
      const lines = plain.flatMap((p) => p.lines);
      const pages = [];
      for (let i = 0, n = 1; i < lines.length; i += 9, n++) {
        const total = Math.ceil(lines.length / 9);
        pages.push({
          lines: [
            `12/7/26, 9:31 PM      IMR Final Determination`,
            '',
            ...lines.slice(i, i + 9),
            '',
            `file:///C:/Letters/CM99-0000123.html      ${n}/${total}`,
            `Page ${n} of ${total}`,
          ],
        });
      }
      const r = await readPdfText(makePdf(pages));
      assert.ok(r.ok, !r.ok ? r.reason : '');
      const read = (t: string) => parseDetermination(t).items.map((i) => [i.name.text, i.decision.kind, i.allFields.map((f) => loose(f.value.text))]);
      assert.deepEqual(read(r.text), read(seed.text), seed.id);
    }
  });
  test('empty file', async () => {
    assert.equal(await reasonOf(new Uint8Array(0)), 'empty file');
    writeFileSync(path.join(dir, 'empty.pdf'), '');
    assert.equal(await reasonOf(path.join(dir, 'empty.pdf')), 'empty file');
  });
  test('a text file named .pdf', async () => {
    writeFileSync(path.join(dir, 'letter.pdf'), seed.text);
    assert.equal(await reasonOf(path.join(dir, 'letter.pdf')), 'not a PDF file');
  });
  test('a missing file or a folder', async () => {
    assert.equal(await reasonOf(path.join(dir, 'nope.pdf')), 'cannot read the file (ENOENT)');
    assert.equal(await reasonOf(dir), 'not a file');
  });
  test('a truncated PDF (download cut short)', async () => {
    assert.match(await reasonOf(seedPdf.slice(0, Math.floor(seedPdf.length * 0.6))), /^truncated or corrupt PDF \(.+\)$/);
  });
  test('a corrupt PDF (header and end marker intact, garbage between)', async () => {
    const bad = Buffer.from(seedPdf);
    for (let i = 20; i < bad.length - 20; i++) bad[i] = (i * 7919) & 0xff;
    assert.match(await reasonOf(bad), /^truncated or corrupt PDF/);
  });
  test('a PDF with a user password (hand-made, no tool needed)', async () => {
    assert.equal(await reasonOf(makePdf(letterPages(seed.text), { lockedWithUnknownPassword: true })), 'password-protected: cannot open without its password');
  });
  test('a PDF with a user password (qpdf, AES-256)', { skip: qpdf ? false : 'qpdf not installed' }, async () => {
    const out = path.join(dir, 'locked.pdf');
    assert.equal(spawnSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', path.join(dir, 'seed.pdf'), out]).status, 0);
    assert.equal(await reasonOf(out), 'password-protected: cannot open without its password');
  });
  test('a PDF with an owner password only (as every published letter) opens', { skip: qpdf ? false : 'qpdf not installed' }, async () => {
    const out = path.join(dir, 'owner.pdf');
    const r = spawnSync('qpdf', ['--encrypt', '', 'owner', '256', '--extract=n', '--modify=none', '--', path.join(dir, 'seed.pdf'), out]);
    assert.equal(r.status, 0, String(r.stderr));
    const read = await readPdfText(out);
    assert.ok(read.ok, !read.ok ? read.reason : '');
    assert.ok(parseDetermination(read.text).items.length > 0);
  });
  test('no text layer (a scan: painted pages; blank pages)', async () => {
    assert.equal(
      await reasonOf(
        makePdf([
          { lines: [], painted: true },
          { lines: [], painted: true },
        ]),
      ),
      'no text layer: run OCR first',
    );
    assert.equal(await reasonOf(makePdf([{ lines: [] }])), 'no text layer: run OCR first');
  });
  test('1,000 pages: declined above the page limit; read within the time limit when allowed', { timeout: 120_000 }, async () => {
    const big = makePdf(Array.from({ length: 1000 }, (_, i) => ({ lines: [`Page ${i + 1} of a long exhibit, not a letter`] })));
    assert.equal(await reasonOf(big), 'too large: 1000 pages (limit 500)');
    const r = await readPdfText(big, { maxPages: 1000 });
    assert.ok(r.ok, !r.ok ? r.reason : '');
    assert.equal(r.pages, 1000);
  });
  test('over the time limit or the memory limit: the worker is ended, and the next read works', { timeout: 120_000 }, async () => {
    // 300,000 runs on a page: PDFium parses them within its memory, for far longer than 5 ms.
    assert.equal(await reasonOf(makePdf([manyRuns(300_000)]), { timeoutMs: 5 }), 'timed out after 5 ms');
    assert.equal(
      await reasonOf(makePdf([flateBomb(16), ...letterPages(seed.text)]), { maxMemoryMB: 24 }),
      "too large: a stream decodes to more than the PDF reader's 24 MB, or a page holds millions of objects",
    );
    const r = await readPdfText(seedPdf);
    assert.ok(r.ok, !r.ok ? r.reason : '');
  });
  test('many reads at once: each its own answer, in line behind a read that overruns or runs out of memory', { timeout: 120_000 }, async () => {
    // More reads than workers and files in hand: most wait in line, and a worker freed (or
    // ended by a limit) must take the next one, whose time limit starts only then.
    const slow = makePdf([manyRuns(300_000)]);
    const bomb = makePdf([flateBomb(16), ...letterPages(seed.text)]);
    const reads = [
      readPdfText(slow, { timeoutMs: 5 }),
      ...Array.from({ length: 6 }, () => readPdfText(seedPdf)),
      readPdfText(bomb, { maxMemoryMB: 24 }),
      ...Array.from({ length: 6 }, () => readPdfText(seedPdf)),
    ];
    const results = await Promise.all(reads);
    assert.deepEqual(results[0], { ok: false, reason: 'timed out after 5 ms' });
    assert.equal(results[7].ok ? 'read' : results[7].reason.slice(0, 10), 'too large:');
    const alone = await readPdfText(seedPdf);
    for (const [i, r] of results.entries()) {
      if (i === 0 || i === 7) continue;
      assert.deepEqual(r, alone, `read ${i}`);
    }
  });
  test('a PDF that is not a determination is read; the caller decides', async () => {
    const r = await readPdfText(makePdf([{ lines: ['Quarterly report', 'Revenue rose in every region this quarter.'] }]));
    assert.ok(r.ok);
    assert.match(r.text, /^Quarterly report\nRevenue rose in every region this quarter\.\n\f$/);
    const model = parseDetermination(r.text);
    assert.equal(model.items.length, 0);
    assert.equal(model.isLetter, false);
  });
  test('never throws, whatever it is given', async () => {
    for (const junk of [null, undefined, 42, {}, new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])] as unknown[]) {
      const r = await readPdfText(junk as Uint8Array);
      assert.equal(r.ok, false);
    }
  });
  test('the caller keeps its bytes (they are copied to the worker)', async () => {
    const mine = new Uint8Array(seedPdf);
    await readPdfText(mine);
    assert.equal(mine.length, seedPdf.length);
  });
  test('inside the reading worker, no socket can be opened (fetch, net, http)', { timeout: 60_000 }, async () => {
    const { Worker } = await import('node:worker_threads');
    const workerTs = path.join(REPO_ROOT, 'server/src/pdf/worker.ts');
    const code = `require('tsx/cjs'); require(${JSON.stringify(workerTs)});
      const { parentPort } = require('node:worker_threads');
      const tries = [
        () => fetch('http://127.0.0.1:9/'),
        () => require('node:net').connect(9, '127.0.0.1'),
        () => require('node:http').get('http://127.0.0.1:9/'),
      ];
      Promise.all(tries.map((t) => { try { return Promise.resolve(t()).then(() => 'connected', (e) => e.message); } catch (e) { return e.message; } }))
        .then((r) => parentPort.postMessage(r));`;
    const w = new Worker(code, { eval: true, workerData: { memoryMB: 128 }, stdout: true, stderr: true });
    const answers = await new Promise<string[]>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await w.terminate();
    assert.deepEqual(answers, Array(3).fill('network access is disabled in the PDF reader'));
  });
  test('describePdfFailure names the file and the reason', () => {
    assert.equal(describePdfFailure('letters/a.pdf', 'empty file'), 'letters/a.pdf: cannot read PDF: empty file');
  });
});

describe('line reconstruction (pageLines)', () => {
  const run = (str: string, x: number, y: number, width: number, size = 11) => ({ str, transform: [size, 0, 0, size, x, y], width, height: size });
  test('the header table: each row on one line, label then value, columns apart', () => {
    const lines = pageLines([
      run('Case Number:', 72, 688.68, 74.7),
      run(' ', 146.7, 688.68, 3),
      run('CM99-0000037', 179.4, 688.56, 75.8),
      run('Date of Injury:', 328.9, 675.6, 73.9),
      run('01/15/2016', 426.8, 675.48, 55.2),
      run('Date Assigned:', 72, 675.6, 80),
      run('03/02/2016', 179.4, 675.48, 55.2),
    ]);
    assert.deepEqual(lines, ['Case Number:   CM99-0000037', 'Date Assigned:   03/02/2016   Date of Injury:   01/15/2016']);
    const model = parseDetermination(lines.join('\n') + '\n');
    assert.equal(model.header.find((h) => h.key === 'dateOfInjury')?.value?.text, '01/15/2016');
    assert.equal(model.header.find((h) => h.key === 'dateAssigned')?.value?.text, '03/02/2016');
  });
  test('a word split into runs stays whole; a word gap is one space', () => {
    assert.deepEqual(pageLines([run('Over', 72, 500, 22), run('turned', 94.2, 500, 30), run('today', 127.5, 500, 25)]), ['Overturned today']);
  });
  test('lines come top to bottom whatever the drawing order', () => {
    assert.deepEqual(pageLines([run('second', 72, 480, 30), run('first', 72, 500, 25)]), ['first', 'second']);
  });
  test('rotated text (a margin stamp) does not break into the lines; it follows them', () => {
    const stamp = { str: 'COPY', transform: [0, 11, -11, 0, 30, 480], width: 30, height: 11 };
    assert.deepEqual(pageLines([run('first', 72, 500, 25), stamp, run('line', 72, 480, 20)]), ['first', 'line', 'COPY']);
  });
  test('runs without text or with a broken position are ignored', () => {
    assert.deepEqual(pageLines([run('', 72, 500, 0), { str: 'x', transform: [1, 0, 0, 1, NaN, 3], width: 1, height: 1 }, run('ok', 72, 400, 10)]), ['ok']);
  });
});

// The shipped form: dist/pdf-reader.js, dist/pdf-worker.js and dist/pdfium/ alone in a folder, as
// in the installed .vsix (no node_modules beside them).
const DIST_WORKER = path.join(REPO_ROOT, 'dist', 'pdf-worker.js');
const NOT_BUILT = 'dist/pdf-worker.js not built (run `npm run build`; `npm test` builds first): the bundled reader was not tried';
describe('the built reader, installed alone', { skip: existsSync(DIST_WORKER) ? false : NOT_BUILT }, () => {
  test("reads a letter and refuses a corrupt file; nothing reaches stdout but the caller's own output", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-pdf-dist-'));
    try {
      cpSync(DIST_WORKER, path.join(dir, 'pdf-worker.js'));
      cpSync(path.join(REPO_ROOT, 'dist', 'pdf-reader.js'), path.join(dir, 'reader.js'));
      cpSync(path.join(REPO_ROOT, 'dist', 'pdfium'), path.join(dir, 'pdfium'), { recursive: true });
      const seedPdf = makePdf(letterPages(sampleLetters()[0].text));
      writeFileSync(path.join(dir, 'seed.pdf'), seedPdf);
      const corrupt = Buffer.from(seedPdf);
      for (let i = 20; i < corrupt.length - 20; i++) corrupt[i] = (i * 31) & 0xff;
      writeFileSync(path.join(dir, 'corrupt.pdf'), corrupt);
      const script = `const { readPdfText } = require('./reader.js');
        (async () => {
          const a = await readPdfText('seed.pdf');
          const b = await readPdfText('corrupt.pdf');
          process.stdout.write(JSON.stringify({ a: a.ok ? { pages: a.pages, items: /: (Upheld|Overturned)\\n/.test(a.text) } : a.reason, b: b.ok ? 'read' : b.reason }));
        })();`;
      const r = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      const out = JSON.parse(r.stdout);
      assert.deepEqual(out.a, { pages: letterPages(sampleLetters()[0].text).length, items: true });
      assert.match(out.b, /^truncated or corrupt PDF/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
