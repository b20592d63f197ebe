// imr-check on PDFs: found in folders, read through the PDF reader, the same results as the
// letters' text; a PDF it cannot read is an input error naming the file and the reason, and
// the other files are still checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CORPUS_ABSENT_MESSAGE, CORPUS_DIR, CORPUS_PRESENT, REPO_ROOT, sampleLetters } from '../../helpers/corpus';
import { CLI, runCli } from '../../helpers/cli';
import { flateBomb, letterPages, makePdf, manyRuns } from '../../helpers/pdfWriter';

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

  test('PDFs among text letters and bad files: --jobs 1 (the next read overlapping this file) prints what --jobs 2 prints', async () => {
    // With one job the next file's check starts before this one's is printed: a text letter
    // after a PDF is ready first, and must still come after it.
    const mixed = path.join(dir, 'mixed');
    mkdirSync(mixed, { recursive: true });
    for (const f of readdirSync(path.join(dir, 'downloads'))) writeFileSync(path.join(mixed, `b-${f}`), readFileSync(path.join(dir, 'downloads', f)));
    seeds.forEach((s, k) => {
      writeFileSync(path.join(mixed, `a-${k}.txt`), s.text);
      writeFileSync(path.join(mixed, `c-${k}.txt`), s.text);
    });
    for (const format of ['text', 'ndjson', 'csv']) {
      const one = await runCli(['--jobs', '1', '--verbose', '--format', format, mixed]);
      const two = await runCli(['--jobs', '2', '--verbose', '--format', format, mixed]);
      assert.equal(one.out, two.out, format);
      assert.equal(one.err, two.err, format);
      assert.equal(one.code, 2, format);
    }
    const order = (await runCli(['--jobs', '1', '--format', 'ndjson', mixed])).out
      .trim()
      .split('\n')
      .map((l) => path.basename((JSON.parse(l) as { path: string }).path));
    assert.deepEqual(order, [...order].sort(), 'in the order the folder walk gives, which is by name');
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
  test('a PDF named: the reader the launcher starts early reads it, and ends with a run that reads nothing', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-cli-early-'));
    try {
      const pdf = path.join(dir, 'letter.pdf');
      writeFileSync(pdf, makePdf(letterPages(sampleLetters()[0].text)));
      // dist/cli.js starts dist/pdf-reader.js before the main bundle; the read goes through it.
      const read = await runCli(['--format', 'json', pdf]);
      assert.equal(JSON.parse(read.out).files[0].items.length > 0, true, read.err);
      // Runs that end before any read (a usage error, --version, a missing file) must not wait on
      // the worker started for them: spawnSync returns only when the process has exited.
      for (const args of [['--no-such-flag', pdf], ['--version', pdf], [path.join(dir, 'missing.pdf')]]) {
        const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
        assert.notEqual(r.status, null, `${args.join(' ')}: still running after 30 s (${r.signal})`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
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

// Peak memory is read from outside the program's code: /proc/self/status's VmHWM (the process's
// peak resident set, Linux) written by an exit hook preloaded beside dist/cli.js.
const PEAK_HOOK = `process.on('exit', () => process.stderr.write('[peak-kB] ' + require('fs').readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/)[1] + '\\n'));`;
const noProc = !existsSync('/proc/self/status') ? 'no /proc (peak memory is read from /proc/self/status)' : false;
const notBuilt = !existsSync(CLI) ? 'dist/cli.js not built (run `npm run build`)' : false;

describe('imr-check on hostile PDFs: bounded memory, a clear answer, the other files still checked', { skip: noProc || notBuilt }, () => {
  test('a flate bomb and two million text runs refused by name and reason, a 30 MB letter read: the whole process under 300 MB', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-cli-hostile-'));
    try {
      const seed = sampleLetters()[0];
      writeFileSync(path.join(dir, 'bomb.pdf'), makePdf([flateBomb(300), ...letterPages(seed.text)]));
      writeFileSync(path.join(dir, 'runs.pdf'), makePdf([manyRuns(2_000_000)]));
      writeFileSync(path.join(dir, 'letter.pdf'), makePdf(letterPages(seed.text)));
      // A letter padded to 30 MB, just under the reader's file limit (a quarter of its 128 MB):
      // read, and the process still under 300 MB.
      writeFileSync(path.join(dir, 'padded.pdf'), makePdf(letterPages(seed.text), { catalogExtra: `/Junk <${'ab'.repeat(15 * 1024 * 1024)}>` }));
      writeFileSync(path.join(dir, 'peak.js'), PEAK_HOOK);
      for (const [args, refused] of [
        [['bomb.pdf'], ['bomb.pdf']],
        [['runs.pdf'], ['runs.pdf']],
        [['padded.pdf'], []],
        [['.'], ['bomb.pdf', 'runs.pdf']],
      ] as const) {
        const r = spawnSync(process.execPath, ['-r', path.join(dir, 'peak.js'), CLI, '--jobs', '1', '--format', 'json', ...args], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 50_000,
          input: '',
        });
        assert.equal(r.status, refused.length > 0 ? 2 : 0, r.stderr);
        for (const file of refused) {
          assert.match(
            r.stderr,
            new RegExp(
              `^imr-check: cannot read PDF '${file}': too large: a stream decodes to more than the PDF reader's 128 MB, or a page holds millions of objects$`,
              'm',
            ),
          );
        }
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
        const peakMB = Number(/\[peak-kB\] (\d+)/.exec(r.stderr)?.[1]) / 1024;
        assert.ok(peakMB > 0 && peakMB < 300, `${args.join(' ')}: peak ${peakMB.toFixed(0)} MB`);
        console.log(`# imr-check --jobs 1 ${args.join(' ')}: peak ${peakMB.toFixed(0)} MB`);
        if (args[0] === '.')
          assert.equal((JSON.parse(r.stdout) as { files: JsonFile[] }).files.map((f) => path.basename(f.path)).join(), 'letter.pdf,padded.pdf');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
