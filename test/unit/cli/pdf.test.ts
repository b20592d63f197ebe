// imr-check on PDFs: found in folders, read through the PDF reader, the same results as the
// letters' text; a PDF it cannot read is an input error naming the file and the reason, and
// the other files are still checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CORPUS_ABSENT_MESSAGE, CORPUS_DIR, CORPUS_PRESENT, REPO_ROOT, sampleLetters } from '../../helpers/corpus';
import { runCli } from '../../helpers/cli';
import { letterPages, makePdf } from '../../helpers/pdfWriter';

interface JsonFile {
  path: string;
  letters: { header: Record<string, string>; reviewer: Record<string, string> }[];
  items: { name: string; decision: string; fields: Record<string, { text: string } | null> }[];
  diagnostics: { code: string }[];
}

/** What must agree between a letter's PDF and its text: hyphens and line breaks aside. */
const comparable = (f: JsonFile) => ({
  letters: f.letters.map((l) => ({ header: l.header, reviewer: l.reviewer })),
  items: f.items.map((i) => ({
    name: i.name,
    decision: i.decision,
    fields: Object.fromEntries(Object.entries(i.fields).map(([k, v]) => [k, v ? v.text.toLowerCase().replace(/[^a-z0-9]+/g, '') : null])),
  })),
});

describe('imr-check reads PDFs', () => {
  let dir: string;
  const seeds = sampleLetters().slice(0, 2);
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'imr-cli-pdf-'));
    mkdirSync(path.join(dir, 'downloads'));
    seeds.forEach((s, k) => writeFileSync(path.join(dir, 'downloads', `letter-${k}.pdf`), makePdf(letterPages(s.text))));
    writeFileSync(path.join(dir, 'downloads', 'empty.pdf'), '');
    writeFileSync(path.join(dir, 'downloads', 'not-a-pdf.pdf'), 'Case Number: CM00-0000000\n');
    const whole = makePdf(letterPages(seeds[0].text));
    writeFileSync(path.join(dir, 'downloads', 'truncated.pdf'), whole.slice(0, Math.floor(whole.length / 2)));
    writeFileSync(path.join(dir, 'downloads', 'locked.pdf'), makePdf(letterPages(seeds[0].text), { lockedWithUnknownPassword: true }));
    writeFileSync(
      path.join(dir, 'downloads', 'scan.pdf'),
      makePdf([
        { lines: [], painted: true },
        { lines: [], painted: true },
      ]),
    );
    writeFileSync(
      path.join(dir, 'downloads', 'invoice.pdf'),
      makePdf([{ lines: ['INVOICE 2291', 'Consulting services rendered in March', 'Total due: $1,200.00'] }]),
    );
    // A PDF saved under a text name is still a PDF.
    writeFileSync(path.join(dir, 'downloads', 'renamed.txt'), makePdf(letterPages(seeds[1].text)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a folder of PDFs: each letter read, each bad PDF an input error naming the file and why (exit 2)', async () => {
    const r = await runCli(['--format', 'json', path.join(dir, 'downloads')]);
    assert.equal(r.code, 2, r.err);
    const json = JSON.parse(r.out) as { files: JsonFile[] };
    assert.deepEqual(json.files.map((f) => path.basename(f.path)).sort(), ['letter-0.pdf', 'letter-1.pdf', 'renamed.txt']);
    const expectations: [string, RegExp][] = [
      ['empty.pdf', /empty file/],
      ['not-a-pdf.pdf', /not a PDF file/],
      ['truncated.pdf', /truncated or corrupt/],
      ['locked.pdf', /password-protected/],
      ['scan.pdf', /no text layer: run OCR first/],
    ];
    for (const [file, reason] of expectations) {
      const line = r.err.split('\n').find((l) => l.includes(file));
      assert.ok(line, `no message for ${file}:\n${r.err}`);
      assert.match(line, reason, line);
      assert.doesNotMatch(line, /\n\s+at /, 'no stack trace');
    }
    // A readable PDF that is not a letter, found in a folder: skipped and counted, as a text file would be.
    assert.doesNotMatch(r.err, /invoice\.pdf/);
    assert.match(r.err, /^imr-check: 1 file skipped: not a determination$/m);
  });

  test('a PDF that is not a letter: skipped in a folder (listed with --verbose), an input error when named, as for text', async () => {
    const inFolder = await runCli(['--verbose', path.join(dir, 'downloads')]);
    assert.match(inFolder.out, /^skipped .*invoice\.pdf: not a determination: no letter heading and no case number near its start$/m);
    assert.match(inFolder.out, /; 1 file skipped: not a determination$/m);
    const named = await runCli([path.join(dir, 'downloads', 'invoice.pdf')]);
    assert.equal(named.code, 2);
    assert.equal(
      named.err,
      `imr-check: ${path.join(dir, 'downloads', 'invoice.pdf')}: not a determination: no letter heading and no case number near its start\n`,
    );
  });

  test('a PDF gives the same items, header and problems as its text', async () => {
    for (const [k, seed] of seeds.entries()) {
      const fromPdf = JSON.parse((await runCli(['--format', 'json', path.join(dir, 'downloads', `letter-${k}.pdf`)])).out) as { files: JsonFile[] };
      const fromText = JSON.parse((await runCli(['--format', 'json', seed.path])).out) as { files: JsonFile[] };
      assert.deepEqual(comparable(fromPdf.files[0]), comparable(fromText.files[0]), seed.id);
      assert.ok(fromPdf.files[0].items.length > 0);
    }
  });

  test(
    'every corpus PDF gives the same letters, items and problem codes as its pdftotext text',
    { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE },
    async () => {
      const pdfDir = path.join(CORPUS_DIR, '2016-2017', 'pdf');
      const textDir = path.join(CORPUS_DIR, '2016-2017', 'text');
      const fromPdf = JSON.parse((await runCli(['--format', 'json', pdfDir])).out) as { files: JsonFile[] };
      const fromText = JSON.parse((await runCli(['--format', 'json', textDir])).out) as { files: JsonFile[] };
      assert.equal(fromPdf.files.length, readdirSync(pdfDir).filter((f) => f.endsWith('.pdf')).length);
      assert.equal(fromPdf.files.length, fromText.files.length);
      let same = 0;
      fromPdf.files.forEach((f, k) => {
        assert.equal(path.basename(f.path, '.pdf'), path.basename(fromText.files[k].path, '.txt'));
        assert.deepEqual(comparable(f), comparable(fromText.files[k]), f.path);
        const codes = (x: JsonFile) => x.diagnostics.map((d) => d.code).sort();
        assert.deepEqual(codes(f), codes(fromText.files[k]), `${f.path} problems`);
        same++;
      });
      console.log(`# imr-check: ${same}/${fromPdf.files.length} corpus PDFs agree with their text`);
    },
  );
});

describe('imr-check exits once its output is written', () => {
  test('after reading a PDF nothing keeps the program alive: the idle reader is ended, no timer or port is left', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-cli-exit-'));
    try {
      const pdf = path.join(dir, 'letter.pdf');
      writeFileSync(pdf, makePdf(letterPages(sampleLetters()[0].text)));
      // The built program's own steps (main, then endIdleReaders, as dist/cli.js runs them); then
      // what would still keep the event loop alive. Before the fix: a Worker's MessagePort and a Timeout.
      const script = `const m = require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'cli-main.js'))});
m.main(['--jobs', '1', ${JSON.stringify(pdf)}], () => {}, () => {}).then(async (code) => {
  await m.endIdleReaders();
  setImmediate(() => process.stdout.write(JSON.stringify({ code, alive: process.getActiveResourcesInfo() })));
});`;
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      const { code, alive } = JSON.parse(r.stdout) as { code: number; alive: string[] };
      assert.equal(code, 0);
      assert.deepEqual(
        alive.filter((k) => k !== 'TTYWrap' && k !== 'PipeWrap' && k !== 'Immediate'),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
