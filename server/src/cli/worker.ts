// dist/cli-worker.js: checks the files the main thread of imr-check hands it, one at a time.
import { parentPort } from 'node:worker_threads';
import { type CheckJob, checkFile } from './check';
import type { WorkerReply } from './jobs';

parentPort!.on('message', async ({ id, job }: { id: number; job: CheckJob }) => {
  let reply: WorkerReply;
  try {
    reply = { id, outcome: await checkFile(job) };
  } catch (e) {
    // Names the file and the failure, never its text.
    reply = { id, outcome: { ok: false, error: `internal error checking '${job.file}': ${(e as Error).message}` } };
  }
  parentPort!.postMessage(reply);
});
