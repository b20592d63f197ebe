// The one worker pool (imr-check --jobs, the workspace index's threads): every job answered,
// a worker that dies fails only its own jobs and is replaced, close() ends them all.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { WorkerPool } from '../../../server/src/util/workerPool';

const POOL_SOURCE = path.join(__dirname, '..', '..', '..', 'server', 'src', 'util', 'workerPool.ts');

/** A worker serving jobs through serveJobs: doubles a number; 'die' exits the thread; 'throw' throws; 'hang' never answers. */
function startWorker(): Worker {
  const source = `
    require('tsx/cjs');
    const { parentPort, threadId } = require('node:worker_threads');
    const { serveJobs } = require(${JSON.stringify(POOL_SOURCE)});
    serveJobs(parentPort, (job) => {
      if (job === 'die') process.exit(3);
      if (job === 'throw') throw new Error('bad job');
      if (job === 'hang') return new Promise(() => {});
      return { value: job * 2, thread: threadId };
    }, (job, e) => ({ error: e.message }));`;
  return new Worker(source, { eval: true });
}

/** A worker that speaks the pool's messages itself: answers each job with the size of the batch it came in; 'die' in a batch exits before answering it. */
function startBatchCounter(): Worker {
  const source = `
    const { parentPort } = require('node:worker_threads');
    parentPort.on('message', ({ jobs }) => {
      if (jobs.some(({ job }) => job === 'die')) process.exit(4);
      parentPort.postMessage({ outcomes: jobs.map(({ id, job }) => ({ id, outcome: { value: job * 2, batch: jobs.length } })) });
    });`;
  return new Worker(source, { eval: true });
}

type Outcome = { value?: number; thread?: number; error?: string; batch?: number };
const newPool = (size: number) =>
  new WorkerPool<number | string, Outcome>({ size, start: startWorker, failed: (job, reason) => ({ error: `${reason} (${job})` }), perWorker: 2 });

describe('WorkerPool', () => {
  test('answers every job, on at most `size` threads', async () => {
    const pool = newPool(2);
    try {
      const out = await Promise.all(Array.from({ length: 40 }, (_, i) => pool.run(i)));
      assert.deepEqual(
        out.map((o) => o.value),
        Array.from({ length: 40 }, (_, i) => i * 2),
      );
      assert.ok(new Set(out.map((o) => o.thread)).size <= 2);
      assert.equal(pool.busy(), false);
    } finally {
      await pool.close();
    }
  });

  test('a job that throws answers its failure; a worker that dies fails its own jobs only, and is replaced', async () => {
    const pool = newPool(1);
    try {
      assert.deepEqual(await pool.run('throw'), { error: 'bad job' });
      const [died, after] = await Promise.all([pool.run('die'), pool.run(5)]);
      assert.match(died.error ?? '', /internal error: worker exited with code 3 \(die\)/);
      // Queued at the same worker: failed with it, or answered by the fresh one; never lost.
      assert.ok(after.value === 10 || /exited/.test(after.error ?? ''), JSON.stringify(after));
      assert.equal((await pool.run(7)).value, 14, 'a fresh worker took its place');
    } finally {
      await pool.close();
    }
  });

  test('jobs travel several to a message, at most `batch`, each answered with its own outcome', async () => {
    const pool = new WorkerPool<number | string, Outcome>({
      size: 1,
      start: startBatchCounter,
      failed: (job, reason) => ({ error: `${reason} (${job})` }),
      perWorker: 8,
      batch: 4,
    });
    try {
      // Queued at once: the first goes alone (the worker is idle), the rest as the worker has room, four to a message.
      const out = await Promise.all(Array.from({ length: 41 }, (_, i) => pool.run(i)));
      assert.deepEqual(
        out.map((o) => o.value),
        Array.from({ length: 41 }, (_, i) => i * 2),
      );
      assert.ok(
        out.every((o) => o.batch! >= 1 && o.batch! <= 4),
        JSON.stringify(out.map((o) => o.batch)),
      );
      assert.ok(out.filter((o) => o.batch === 4).length >= 32, `most jobs went four to a message: ${JSON.stringify(out.map((o) => o.batch))}`);
    } finally {
      await pool.close();
    }
  });

  test('a worker that dies mid-batch fails every job it held, none is lost, and a fresh worker serves the next', async () => {
    const pool = new WorkerPool<number | string, Outcome>({
      size: 1,
      start: startBatchCounter,
      failed: (job, reason) => ({ error: `${reason} (${job})` }),
      perWorker: 8,
      batch: 4,
    });
    try {
      const out = await Promise.all([1, 2, 'die', 3, 4, 5].map((j) => pool.run(j)));
      for (const [k, o] of out.entries()) assert.ok(o.value !== undefined || /worker exited with code 4/.test(o.error ?? ''), `job ${k}: ${JSON.stringify(o)}`);
      assert.match(out[2].error ?? '', /internal error: worker exited with code 4 \(die\)/);
      // The first job goes alone to the idle worker; the next four as one batch, which dies with 'die'.
      assert.deepEqual(
        out.map((o) => o.error !== undefined),
        [false, true, true, true, true, false],
      );
      assert.deepEqual((await pool.run(6)).value, 12);
    } finally {
      await pool.close();
    }
  });

  test('close() fails the jobs still running, and the pool starts again on the next job', async () => {
    const pool = newPool(1);
    const hung = pool.run('hang');
    await new Promise((r) => setTimeout(r, 200));
    await pool.close();
    assert.deepEqual(await hung, { error: 'stopped (hang)' });
    assert.equal((await pool.run(1)).value, 2);
    await pool.close();
  });
});
