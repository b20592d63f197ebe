// Checking many files on worker threads, results in input order.
//
// Jobs are handed out as workers free up, in batches (a few batches queued at each worker, so a
// worker never idles between messages); results are yielded strictly in input order, and at
// most `window` jobs are outstanding, so a slow file holds back output but never lets memory
// grow with the number of files. With one job everything runs on the main thread through the same
// `checkFile`, so `--jobs 1` and `--jobs N` print the same bytes. PDFs are checked from the
// main thread: their reading is done on the PDF reader's threads, as many as jobs.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PDF_FILE } from '../workspace/folderWalk';
import { WorkerPool } from '../util/workerPool';
import { type CheckJob, type CheckOutcome, checkFile } from './check';

/**
 * Small heaps: each file's garbage is short-lived, and a capped heap is given back as the run
 * goes. V8's default young generation (tens of MB per thread) made 10,000 letters in ndjson
 * peak ~50 MB higher with two workers; an uncapped old generation, ~40 MB higher again. Profiled
 * on 10,000 letters (--cpu-prof on every thread, per-thread CPU from /proc, paired runs): with
 * 16 MB of young generation, or V8's defaults, the workers' collector shows half the samples
 * but the process's CPU time moves by under 3%, while the peak RSS grows by 25-60 MB; so the
 * caps stay. Files over 1 MB are checked on the main thread, whose heap has no such cap (a
 * 30 MB file's text alone is past it, and a string too large for a capped heap ends the
 * process, not the worker); a file that still exhausts a worker (the worker dies) is checked
 * again there.
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 48 } };
/** Larger files are checked on the main thread. */
export const WORKER_MAX_BYTES = 1024 * 1024;
/**
 * Files in one message, and queued at each worker (two batches: it never waits for the main
 * thread between files). One file a message cost a message each way per letter (a letter is
 * ~0.5 ms of work): a wake-up of each thread and a clone each time. 16 a message (a few ms of
 * work) divide that by 16 and still start the output within the first batch.
 */
export const BATCH = 16;
const PER_WORKER = 2 * BATCH;

/** The worker: bundled beside dist/cli.js; from the sources (tests under tsx), worker.ts through tsx's require hook. */
function newWorker(): Worker {
  const bundled = path.join(__dirname, 'cli-worker.js');
  if (existsSync(bundled)) return new Worker(bundled, WORKER_OPTIONS);
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'worker.ts'))});`, { ...WORKER_OPTIONS, eval: true });
}

/** A job whose worker died (or was stopped) before answering. */
interface WorkerLost {
  lost: string;
}
const failed = (_job: CheckJob, reason: string): WorkerLost => ({ lost: reason });

/** The main thread's check, for a file a worker could not finish; a failure there too is the file's error. */
async function checkHere(job: CheckJob, reason: string): Promise<CheckOutcome> {
  try {
    return await checkFile(job);
  } catch (e) {
    return { ok: false, reason: `${reason}, then ${(e as Error).message}, while checking '${job.file}'` };
  }
}

export interface Dispatched<T> {
  tag: T;
  outcome: CheckOutcome;
}

/**
 * Checks the jobs of `input` on `jobs` threads and yields each outcome in input order, with
 * the tag it came with. An input entry with a null job is passed through in order (a file
 * skipped before checking, e.g. ignored or a config error), so messages keep their order too.
 */
export async function* checkInOrder<T>(
  input: AsyncIterable<{ tag: T; job: CheckJob | null }>,
  jobs: number,
): AsyncGenerator<{ tag: T; outcome: CheckOutcome | null }> {
  if (jobs <= 1) {
    // One file checked at a time, and the next one's check starts before this one's outcome is
    // handed on: a PDF's read (on the reader's one thread) overlaps the parsing and output of
    // the file before it, as a pdftotext loop piped into a parser would. Two files in flight at most.
    let ahead: { tag: T; result: Promise<CheckOutcome> | null } | undefined;
    for await (const { tag, job } of input) {
      const result = job ? checkFile(job) : null;
      // Awaited below, after the file before it: no rejection goes unhandled meanwhile.
      result?.catch(() => undefined);
      if (ahead) yield { tag: ahead.tag, outcome: ahead.result ? await ahead.result : null };
      ahead = { tag, result };
    }
    if (ahead) yield { tag: ahead.tag, outcome: ahead.result ? await ahead.result : null };
    return;
  }
  const pool = new WorkerPool<CheckJob, CheckOutcome | WorkerLost>({ size: jobs, start: newWorker, failed, perWorker: PER_WORKER, batch: BATCH });
  // A PDF's work is its read, which already runs on the PDF reader's own worker threads (as
  // many as cores, with their limits): checked from here, it costs no second thread and heap.
  const onThread = (job: CheckJob) => pool.run(job).then((o) => ('lost' in o ? checkHere(job, o.lost) : o));
  const dispatch = (job: CheckJob): Promise<CheckOutcome> => {
    if (PDF_FILE.test(job.file)) return checkFile(job);
    // The size the walk's stat gave (no second stat); without one (a caller's job), the worker's.
    return (job.size ?? 0) > WORKER_MAX_BYTES ? checkFile(job) : onThread(job);
  };
  const window = jobs * PER_WORKER * 2;
  const pending: { tag: T; result: Promise<CheckOutcome> | null }[] = [];
  try {
    const it = input[Symbol.asyncIterator]();
    let exhausted = false;
    for (;;) {
      while (!exhausted && pending.length < window) {
        const n = await it.next();
        if (n.done) exhausted = true;
        else pending.push({ tag: n.value.tag, result: n.value.job ? dispatch(n.value.job) : null });
        // Yield finished heads while filling, so output starts before the whole window is queued.
        if (pending.length > 0 && pending[0].result === null) break;
      }
      const head = pending.shift();
      if (!head) return;
      yield { tag: head.tag, outcome: head.result ? await head.result : null };
    }
  } finally {
    await pool.close();
  }
}
