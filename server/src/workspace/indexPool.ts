// The workspace index's worker threads (dist/index-worker.js): letter files are read, parsed,
// checked and summarised there, in parallel and at low priority, and only their summaries come
// back. On Linux the threads run at the lowest priority (indexWorker.ts), so there is one per
// core (at most four) and typing on the main thread still comes first; elsewhere a thread's
// priority is the process's, so there is one fewer than the cores.
// The threads end when the index is idle, so their memory is given back; they start again with
// the next files. Without the bundled script (unit tests under tsx) there is no pool and the
// index reads files on the main thread.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { STOPPED, WorkerPool } from '../util/workerPool';
import type { FileSummaryJob, FileSummaryOutcome, FileSummarySettings } from './fileSummary';

export const INDEX_WORKER_FILE = 'index-worker.js';

/**
 * Heap limits per thread: a small young generation (each file's garbage is short-lived); an old
 * generation large enough for the biggest file the index reads (2 MB), small enough that a
 * hostile one fails alone (its file is then skipped) rather than growing the server.
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

export const indexThreads = (cores = availableParallelism(), platform: NodeJS.Platform = process.platform): number =>
  Math.max(1, Math.min(cores - (platform === 'linux' ? 0 : 1), 4));

/** Files in one message (as imr-check's, cli/jobs.ts): a message each way per batch, not per file. */
export const FILES_PER_MESSAGE = 8;
/** Files queued at each thread (two messages), so it never waits for the main thread between files. */
export const FILES_PER_THREAD = 2 * FILES_PER_MESSAGE;

export class IndexPool {
  private pool: WorkerPool<FileSummaryJob, FileSummaryOutcome> | undefined;
  private settings: FileSummarySettings = { rules: {}, knowledgeBaseFile: '' };
  private settingsKey = '';

  constructor(
    private readonly script: string | undefined = path.join(__dirname, INDEX_WORKER_FILE),
    readonly threads = indexThreads(),
  ) {}

  /** Whether files can be read on the threads. */
  available(): boolean {
    return this.script !== undefined && existsSync(this.script);
  }

  /** New rule levels or knowledge base: threads started from now on use them (running ones end). */
  setSettings(settings: FileSummarySettings): void {
    const key = JSON.stringify(settings);
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    this.settings = settings;
    void this.close();
  }

  summarize(job: FileSummaryJob): Promise<FileSummaryOutcome> {
    this.pool ??= this.newPool();
    // The summaries go on to the library's database: nothing of them stays in this thread's memory.
    return this.pool.run(job);
  }

  /** Ends the threads (the index is idle, or the server stops). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  private newPool(): WorkerPool<FileSummaryJob, FileSummaryOutcome> {
    const script = this.script!;
    const settings = this.settings;
    return new WorkerPool<FileSummaryJob, FileSummaryOutcome>({
      size: this.threads,
      perWorker: FILES_PER_THREAD,
      batch: FILES_PER_MESSAGE,
      start: () => new Worker(script, { workerData: settings, resourceLimits: RESOURCE_LIMITS }),
      // Stopped (new settings, shutdown): read again; a thread that died on the file: not.
      failed: (_job, reason) => (reason === STOPPED ? { ok: false, reason, retry: true } : { ok: false, reason }),
    });
  }
}
