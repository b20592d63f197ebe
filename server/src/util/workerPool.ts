// Jobs on worker threads: `imr-check --jobs N` (cli/jobs.ts) and the workspace index's reading
// of letter files (workspace/indexPool.ts). Jobs are handed out as workers free up, a few queued
// at each worker so it never waits for the main thread between jobs; workers start only when
// there is work for them. Jobs travel in batches, one message each way per batch: a message
// costs each side a wake-up and the worker's postMessage (profiled at ~80 µs a message, ~13%
// of a worker's time with one letter a message, more than checking a short letter). A worker that dies (out of memory, a crash) takes only its own jobs
// down: they resolve as `failed(job, reason)`, and a fresh worker takes its place.
import type { Worker } from 'node:worker_threads';

/** What a worker script receives and answers (`serveJobs` below): a batch of jobs, then all their outcomes in one reply. */
export interface JobMessage<J> {
  jobs: { id: number; job: J }[];
}
export interface JobReply<O> {
  outcomes: { id: number; outcome: O }[];
}

interface Slot<J, O> {
  worker: Worker;
  inflight: Map<number, { job: J; resolve: (o: O) => void }>;
}

export interface WorkerPoolOptions<J, O> {
  /** Most workers at once. */
  size: number;
  start: () => Worker;
  /** The outcome of a job whose worker died. */
  failed: (job: J, reason: string) => O;
  /** Jobs queued at each worker. Default 4. */
  perWorker?: number;
  /** Most jobs in one message. Default 1: each job goes as soon as a worker has room. */
  batch?: number;
}

/** The `failed` reason of the jobs still running when `close()` ends their workers. */
export const STOPPED = 'stopped';

export class WorkerPool<J, O> {
  private readonly slots: Slot<J, O>[] = [];
  private readonly queue: { id: number; job: J; resolve: (o: O) => void }[] = [];
  private nextId = 0;
  private readonly perWorker: number;
  private readonly batch: number;

  constructor(private readonly options: WorkerPoolOptions<J, O>) {
    this.perWorker = options.perWorker ?? 4;
    this.batch = Math.max(1, Math.min(options.batch ?? 1, this.perWorker));
  }

  get size(): number {
    return this.options.size;
  }

  run(job: J): Promise<O> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, job, resolve });
      this.pump();
    });
  }

  /** Ends every worker; jobs still running resolve as failed. The pool can be used again (workers restart). */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const s of slots) for (const { job, resolve } of s.inflight.values()) resolve(this.options.failed(job, STOPPED));
    for (const s of slots) s.inflight.clear();
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  /** True while jobs are queued or running. */
  busy(): boolean {
    return this.queue.length > 0 || this.slots.some((s) => s.inflight.size > 0);
  }

  private spawn(): Slot<J, O> {
    const worker = this.options.start();
    const slot: Slot<J, O> = { worker, inflight: new Map() };
    worker.on('message', (m: JobReply<O>) => {
      for (const { id, outcome } of m.outcomes) {
        const waiting = slot.inflight.get(id);
        slot.inflight.delete(id);
        waiting?.resolve(outcome);
      }
      this.pump();
    });
    worker.on('error', (e) => this.replace(slot, `internal error: ${e.message}`));
    worker.on('exit', (code) => {
      if (slot.inflight.size > 0) this.replace(slot, `internal error: worker exited with code ${code}`);
    });
    return slot;
  }

  private replace(slot: Slot<J, O>, reason: string): void {
    const k = this.slots.indexOf(slot);
    if (k < 0) return;
    for (const { job, resolve } of slot.inflight.values()) resolve(this.options.failed(job, reason));
    slot.inflight.clear();
    void slot.worker.terminate();
    this.slots.splice(k, 1);
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slotWithRoom();
      if (!slot) return;
      const taken = this.queue.splice(0, Math.min(this.batch, this.perWorker - slot.inflight.size));
      for (const { id, job, resolve } of taken) slot.inflight.set(id, { job, resolve });
      slot.worker.postMessage({ jobs: taken.map(({ id, job }) => ({ id, job })) } satisfies JobMessage<J>);
    }
  }

  /**
   * The worker to send the next jobs to: the least busy; a new one while every worker is busy
   * (three files on a 64-core machine start three). An idle worker takes whatever is queued; a
   * busy one only a full batch, else each reply would make room for one job and batches would
   * shrink to single jobs. Whatever is queued waits at most until a worker is idle.
   */
  private slotWithRoom(): Slot<J, O> | undefined {
    let best: Slot<J, O> | undefined;
    for (const s of this.slots) if (!best || s.inflight.size < best.inflight.size) best = s;
    if ((!best || best.inflight.size > 0) && this.slots.length < this.options.size) this.slots.push((best = this.spawn()));
    if (!best) return undefined;
    if (best.inflight.size === 0) return best;
    return this.perWorker - best.inflight.size >= this.batch && this.queue.length >= this.batch ? best : undefined;
  }
}

/** The worker side: answers each batch, one job after another, with `handle`'s outcomes (`failed` for one that throws). */
export function serveJobs<J, O>(port: import('node:worker_threads').MessagePort, handle: (job: J) => O | Promise<O>, failed: (job: J, e: Error) => O): void {
  port.on('message', async ({ jobs }: JobMessage<J>) => {
    const outcomes: JobReply<O>['outcomes'] = [];
    for (const { id, job } of jobs) {
      try {
        outcomes.push({ id, outcome: await handle(job) });
      } catch (e) {
        outcomes.push({ id, outcome: failed(job, e as Error) });
      }
    }
    port.postMessage({ outcomes } satisfies JobReply<O>);
  });
}
