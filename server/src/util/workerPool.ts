// Jobs on worker threads: `imr-check --jobs N` (cli/jobs.ts) and the workspace index's reading
// of letter files (workspace/indexPool.ts). Jobs are handed out as workers free up, a few queued
// at each worker so it never waits for the main thread between jobs; workers start only when
// there is work for them. A worker that dies (out of memory, a crash) takes only its own jobs
// down: they resolve as `failed(job, reason)`, and a fresh worker takes its place.
import type { Worker } from 'node:worker_threads';

/** What a worker script receives and answers (`serveJobs` below). */
export interface JobMessage<J> {
  id: number;
  job: J;
}
export interface JobReply<O> {
  id: number;
  outcome: O;
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
}

/** The `failed` reason of the jobs still running when `close()` ends their workers. */
export const STOPPED = 'stopped';

export class WorkerPool<J, O> {
  private readonly slots: Slot<J, O>[] = [];
  private readonly queue: { id: number; job: J; resolve: (o: O) => void }[] = [];
  private nextId = 0;
  private readonly perWorker: number;

  constructor(private readonly options: WorkerPoolOptions<J, O>) {
    this.perWorker = options.perWorker ?? 4;
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
      const waiting = slot.inflight.get(m.id);
      slot.inflight.delete(m.id);
      waiting?.resolve(m.outcome);
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
      let best: Slot<J, O> | undefined;
      for (const s of this.slots) if (s.inflight.size < this.perWorker && (!best || s.inflight.size < best.inflight.size)) best = s;
      // Workers start when there is work for them: three files on a 64-core machine start three.
      if ((!best || best.inflight.size > 0) && this.slots.length < this.options.size) this.slots.push((best = this.spawn()));
      if (!best) return;
      const { id, job, resolve } = this.queue.shift()!;
      best.inflight.set(id, { job, resolve });
      best.worker.postMessage({ id, job } satisfies JobMessage<J>);
    }
  }
}

/** The worker side: answers each job with `handle`'s outcome, or `failed` when it throws. */
export function serveJobs<J, O>(port: import('node:worker_threads').MessagePort, handle: (job: J) => O | Promise<O>, failed: (job: J, e: Error) => O): void {
  port.on('message', async ({ id, job }: JobMessage<J>) => {
    let outcome: O;
    try {
      outcome = await handle(job);
    } catch (e) {
      outcome = failed(job, e as Error);
    }
    port.postMessage({ id, outcome } satisfies JobReply<O>);
  });
}
