// dist/cli-worker.js: checks the files the main thread of imr-check hands it, one at a time.
import { parentPort } from 'node:worker_threads';
import { serveJobs } from '../util/workerPool';
import { type CheckJob, type CheckOutcome, checkFile } from './check';

// A failure names the file and what went wrong, never its text.
serveJobs<CheckJob, CheckOutcome>(parentPort!, checkFile, (job, e) => ({ ok: false, reason: `internal error checking '${job.file}': ${e.message}` }));
