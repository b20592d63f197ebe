// imr-check --jobs and --files-from: worker threads change nothing but the time.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FORMATS, parseArgs } from '../../../server/src/cli/args';
import { BATCH, checkInOrder, WORKER_MAX_BYTES } from '../../../server/src/cli/jobs';
import type { CheckJob } from '../../../server/src/cli/check';
import { CLI, runBundled, runCli, syntheticLetter } from '../../helpers/cli';
import { CORPUS_DIR, CORPUS_PRESENT, REPO_ROOT } from '../../helpers/corpus';

const SAMPLES = path.join(REPO_ROOT, 'samples');
const INPUTS = CORPUS_PRESENT ? [SAMPLES, path.join(CORPUS_DIR, '2016-2017', 'text'), path.join(CORPUS_DIR, '2016-2017', 'raw')] : [SAMPLES];
let tmp: string;

before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'imr-cli-jobs-'));
  // An unreadable input in the middle: its message and exit code are the same with workers.
  writeFileSync(path.join(tmp, 'binary.txt'), 'Case Number: \u0000\u0000');
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('--jobs', () => {
  for (const format of FORMATS) {
    test(`--format ${format}: --jobs 3 prints what --jobs 1 prints (in process, worker threads from the sources)`, async () => {
      const args = ['--format', format, SAMPLES, path.join(tmp, 'binary.txt'), ...INPUTS.slice(1)];
      const one = await runCli(['--jobs', '1', ...args]);
      const three = await runCli(['--jobs', '3', ...args]);
      assert.equal(three.out, one.out);
      assert.equal(three.err, one.err);
      assert.equal(three.code, one.code);
      assert.equal(one.code, 2, 'the binary file is an input error');
      assert.match(one.err, /binary\.txt': binary content/);
    });
  }

  test('the bundled program with its bundled worker: default jobs equal --jobs 1', { skip: !existsSync(CLI) && 'dist/cli.js not built' }, () => {
    const one = runBundled(['--jobs', '1', '--format', 'ndjson', ...INPUTS]);
    const many = runBundled(['--jobs', '2', '--format', 'ndjson', ...INPUTS]);
    const dflt = runBundled(['--format', 'ndjson', ...INPUTS]);
    assert.equal(one.err, '');
    assert.ok(one.out.length > 0);
    assert.equal(many.out, one.out);
    assert.equal(dflt.out, one.out);
    assert.equal(many.code, one.code);
  });

  test(
    "a file over the workers' size (checked on the main thread) among small ones: the same output as --jobs 1",
    { skip: !existsSync(CLI) && 'dist/cli.js not built' },
    () => {
      const dir = path.join(tmp, 'sizes');
      mkdirSync(dir);
      const letters: string[] = [];
      for (let i = 0; letters.join('\n').length <= WORKER_MAX_BYTES; i++) letters.push(syntheticLetter(`CM99-${String(100000 + i).padStart(7, '0')}`));
      writeFileSync(path.join(dir, 'b-batch.imr'), letters.join('\n'));
      writeFileSync(path.join(dir, 'a-one.imr'), syntheticLetter('CM99-0000001'));
      writeFileSync(path.join(dir, 'c-one.imr'), syntheticLetter('CM99-0000002'));
      const one = runBundled(['--jobs', '1', '--format', 'ndjson', dir]);
      const two = runBundled(['--jobs', '2', '--format', 'ndjson', dir]);
      assert.equal(one.code, 0, one.err);
      assert.equal(two.out, one.out);
      assert.equal(two.err, one.err);
      const files = two.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { path: string; letters: unknown[] });
      assert.deepEqual(
        files.map((f) => [path.basename(f.path), f.letters.length]),
        [
          ['a-one.imr', 1],
          ['b-batch.imr', letters.length],
          ['c-one.imr', 1],
        ],
      );
    },
  );

  test('the default is a thread per core: on one core, one job (everything on the main thread)', () => {
    const jobsOn = (cores: number, argv: string[] = []) => {
      const r = parseArgs([...argv, SAMPLES], cores);
      assert.equal(r.kind, 'run');
      return r.kind === 'run' ? r.options.jobs : NaN;
    };
    assert.equal(jobsOn(1), 1);
    assert.equal(jobsOn(2), 2);
    assert.equal(jobsOn(8), 8);
    assert.equal(jobsOn(1, ['--jobs', '3']), 3, 'an explicit --jobs wins');
  });

  test('files sent to the workers several to a message come back in input order, skipped entries in their place', async () => {
    // More files than a few batches, unlike one another, with null jobs (skipped before checking) among them.
    const dir = mkdtempSync(path.join(tmp, 'order-'));
    const count = BATCH * 5 + 3;
    const input = Array.from({ length: count }, (_, i) => {
      const file = path.join(dir, `${String(i).padStart(3, '0')}.imr`);
      writeFileSync(file, syntheticLetter(`CM99-${String(1000000 + i)}`));
      return { tag: i, job: i % 7 === 3 ? null : ({ file, format: 'json', levels: {} } satisfies CheckJob) };
    });
    async function* each() {
      yield* input;
    }
    const collect = async (jobs: number) => {
      const got: { tag: number; caseNumber: string | null }[] = [];
      for await (const { tag, outcome } of checkInOrder(each(), jobs))
        got.push({ tag, caseNumber: outcome?.ok ? (/"caseNumber":\s*"(CM99-\d+)"/.exec(outcome.piece)?.[1] ?? '?') : null });
      return got;
    };
    const two = await collect(2);
    assert.deepEqual(
      two.map((g) => g.tag),
      input.map((e) => e.tag),
    );
    assert.deepEqual(
      two.map((g) => g.caseNumber),
      input.map((e) => (e.job ? `CM99-${1000000 + e.tag}` : null)),
    );
    assert.deepEqual(await collect(1), two);
  });

  test('bad values are usage errors', async () => {
    for (const v of ['0', '-1', 'x', '1.5']) {
      const r = await runCli(['--jobs', v, SAMPLES]);
      assert.equal(r.code, 2, v);
      assert.match(r.err, /--jobs needs a whole number/);
    }
  });
});

describe('--files-from', () => {
  test(
    '- reads the paths from standard input, one a line (blank lines and CRLF tolerated), in that order',
    { skip: !existsSync(CLI) && 'dist/cli.js not built' },
    () => {
      const files = ['x-rays-and-pt.txt', 'physical-therapy-overturned.imr', 'pt-and-acupuncture.txt'].map((f) => path.join(SAMPLES, f));
      const r = runBundled(['--files-from', '-', '--format', 'ndjson'], `${files[0]}\r\n\n${files[1]}\n${files[2]}`);
      assert.equal(r.code, 0, r.err);
      // Written relative to the current folder (the repository), however they were named.
      assert.deepEqual(
        r.out
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).path),
        files.map((f) => path.relative(REPO_ROOT, f)),
      );
    },
  );

  test('a file of paths, a folder among them; with targets on the command line first', async () => {
    const list = path.join(tmp, 'list.txt');
    writeFileSync(list, `${SAMPLES}\n`);
    const r = await runCli(['--format', 'ndjson', '--files-from', list, path.join(SAMPLES, 'x-rays-and-pt.txt')]);
    assert.equal(r.code, 0, r.err);
    const paths = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).path);
    // Six files in samples/, one of them named first: each real file is checked once.
    assert.equal(paths.length, 5);
    assert.equal(paths[0], path.relative(process.cwd(), path.join(SAMPLES, 'x-rays-and-pt.txt')));
    assert.equal(new Set(paths.map((p) => path.resolve(p))).size, 5);
  });

  test('a list that cannot be read is an input error', async () => {
    const r = await runCli(['--files-from', path.join(tmp, 'missing.txt')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /missing\.txt': no such file or folder/);
  });
});
