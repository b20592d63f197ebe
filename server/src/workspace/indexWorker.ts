// dist/index-worker.js: reads the letter files the workspace index hands it (fileSummary.ts).
// Its thread runs at the lowest CPU priority: typing in the editor, served by the server's main
// thread, always comes first. Linux only: there a thread's nice value is its own; elsewhere it
// would lower the whole server.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { serveJobs } from '../util/workerPool';
import { type FileSummaryJob, type FileSummaryOutcome, type FileSummarySettings, summarizeFile } from './fileSummary';

if (process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // Not permitted here: the thread keeps the normal priority.
  }
}

const settings = workerData as FileSummarySettings;
// A failure names nothing of the text (the main thread knows the file).
serveJobs<FileSummaryJob, FileSummaryOutcome>(
  parentPort!,
  (job) => summarizeFile(job, settings),
  (_job, e) => ({ ok: false, reason: `internal error: ${e.message}` }),
);
