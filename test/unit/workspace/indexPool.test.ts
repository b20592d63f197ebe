// The workspace index's threads (dist/index-worker.js): a file read there gives the summaries a
// read on the main thread gives; settings reach new threads; bad files answer, never throw; on
// Linux the threads run at the lowest priority. Needs the built bundle (npm run build).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { parseDetermination } from '../../../server/src/parse/parser';
import { runRules } from '../../../server/src/rules/engine';
import { INDEX_WORKER_FILE, IndexPool, indexThreads } from '../../../server/src/workspace/indexPool';
import { summarizeLetters } from '../../../server/src/library/library';
import { REPO_ROOT, sampleLetters } from '../../helpers/corpus';
import { summariesOf } from '../../helpers/records';
import { letterRecords, NO_RECORDS } from '../../../server/src/workspace/fileSummary';

const SCRIPT = path.join(REPO_ROOT, 'dist', INDEX_WORKER_FILE);
const MISSING = existsSync(SCRIPT) ? false : `${SCRIPT} is missing: run \`npm run build\` first`;

/** Nice values of this process's threads (Linux); a thread that ends while they are read is left out. */
function threadNiceValues(): number[] {
  const dir = '/proc/self/task';
  const out: number[] = [];
  for (const t of readdirSync(dir)) {
    let stat: string;
    try {
      stat = readFileSync(path.join(dir, t, 'stat'), 'utf8');
    } catch {
      continue;
    }
    out.push(Number(stat.split(') ')[1].split(' ')[16]));
  }
  return out;
}

describe('indexThreads', () => {
  test('a thread per core on Linux (at most four), one fewer elsewhere, never none', () => {
    assert.deepEqual(
      [1, 2, 4, 16].map((cores) => indexThreads(cores, 'linux')),
      [1, 2, 4, 4],
    );
    assert.deepEqual(
      [1, 2, 4, 16].map((cores) => indexThreads(cores, 'win32')),
      [1, 1, 3, 4],
    );
  });
});

describe('IndexPool', { skip: MISSING }, () => {
  const pool = new IndexPool(SCRIPT, 2);
  const dir = mkdtempSync(path.join(tmpdir(), 'imr-pool-'));
  after(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const job = (p: string) => ({ path: p, uri: pathToFileURL(p).href, maxBytes: 2 * 1024 * 1024 });

  test('a letter read on a thread gives the summaries of a read on the main thread', async () => {
    const kb = defaultKnowledgeBase();
    const samples = sampleLetters();
    assert.ok(samples.length >= 5);
    for (const s of samples) {
      const model = parseDetermination(s.text);
      const want = summarizeLetters(pathToFileURL(s.path).href, model, kb, runRules(model, kb, {}));
      const got = await pool.summarize(job(s.path));
      assert.deepEqual(got, { ok: true, letters: letterRecords(want) }, s.id);
    }
  });

  test('settings reach the threads: rules turned off leave no problem codes', async () => {
    const s = sampleLetters().find((l) => {
      const m = parseDetermination(l.text);
      return runRules(m, defaultKnowledgeBase(), {}).length > 0;
    })!;
    const before = await pool.summarize(job(s.path));
    assert.ok(
      before.ok &&
        summariesOf(before.letters, job(s.path).uri).some((l) => (l.problems?.length ?? 0) + l.items.reduce((n, i) => n + (i.problems?.length ?? 0), 0) > 0),
    );
    const codes = runRules(parseDetermination(s.text), defaultKnowledgeBase(), {}).map((f) => f.code);
    pool.setSettings({ rules: Object.fromEntries(codes.map((c) => [c, 'off'])), knowledgeBaseFile: '' });
    const off = await pool.summarize(job(s.path));
    assert.ok(off.ok && summariesOf(off.letters, job(s.path).uri).every((l) => !l.problems && l.items.every((i) => !i.problems)), JSON.stringify(off));
    pool.setSettings({ rules: {}, knowledgeBaseFile: '' });
  });

  test('no letter, too large, binary, missing: an answer each, never a throw', async () => {
    writeFileSync(path.join(dir, 'notes.txt'), 'Physical therapy notes, not a letter.');
    writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 0, 255, 0, 80, 75, 3, 4]));
    const big = path.join(dir, 'big.txt');
    writeFileSync(big, 'Upheld '.repeat(1000));
    assert.deepEqual(await pool.summarize(job(path.join(dir, 'notes.txt'))), { ok: true, letters: NO_RECORDS });
    assert.deepEqual(await pool.summarize(job(path.join(dir, 'binary.txt'))), { ok: true, letters: NO_RECORDS });
    assert.deepEqual(await pool.summarize({ ...job(big), maxBytes: 100 }), { ok: true, letters: NO_RECORDS });
    assert.deepEqual(await pool.summarize(job(path.join(dir, 'gone.txt'))), { ok: false, reason: 'cannot read the file (ENOENT)' });
  });

  test('on Linux the threads run at the lowest priority, and close() ends them', { skip: process.platform !== 'linux' && 'Linux only' }, async () => {
    const s = sampleLetters()[0];
    const lowest = () => threadNiceValues().filter((n) => n === 19).length;
    await pool.close();
    for (let i = 0; i < 50 && lowest() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    const before = lowest();
    await pool.summarize(job(s.path));
    assert.ok(lowest() > before, `nice values: ${threadNiceValues().join(' ')}`);
    await pool.close();
    // A terminated thread leaves /proc/self/task shortly after.
    for (let i = 0; i < 50 && lowest() > before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(lowest(), before);
  });
});
