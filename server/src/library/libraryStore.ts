// The library's database as the server's main thread sees it: requests posted to its thread
// (libraryWorker.ts, dist/library-worker.js) and answered as promises, so no query or write ever
// runs on the thread that serves typing. Writes are queued and sent in batches (one transaction
// each); a query is sent after the writes queued before it, so it sees them.
// Without the thread script (unit tests from the sources) the same requests run in-process.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type FileWrite, type LibraryRequest, LibraryOps, type Opened } from './libraryOps';

export const LIBRARY_WORKER_FILE = 'library-worker.js';
/**
 * Writes are sent at most this often, or once this many are queued. Posting a batch copies its
 * summaries on this thread (the one that serves typing): 256 files a message cost an edit made
 * while the first index builds several milliseconds; 32 keep each copy near a millisecond.
 */
const WRITE_DELAY_MS = 50;
const WRITE_BATCH = 32;
/**
 * Files sent and not yet answered by the thread, past which `writable()` waits: their summaries
 * wait in its messages (and, before the thread kept refused writes itself, waited here too for a
 * retry). Indexing 100,000 letters without a bound left 15,000 of them waiting after 15 s.
 */
const WRITE_BACKLOG = 256;

/**
 * The thread's heap: a small young generation, as each message's rows are garbage once answered
 * (with V8's default one, indexing 20,000 letters left the thread 25 MB larger); the old
 * generation well above what any one answer holds (a page of stored files, a page of the export).
 */
const LIBRARY_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class LibraryStore {
  private worker: Worker | undefined;
  private local: LibraryOps | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private writes: FileWrite[] = [];
  private writeTimer: NodeJS.Timeout | undefined;
  private severities: Record<string, string> = {};
  private closed = false;
  /** Files in write messages the thread has not answered yet. */
  private unanswered = 0;
  private backlogWaiters: (() => void)[] = [];

  constructor(private readonly script: string | undefined = path.join(__dirname, LIBRARY_WORKER_FILE)) {}

  /** Opens (or makes, or rebuilds) the store at `file` (undefined: in memory), and answers what it holds. */
  open(file: string | undefined, context: string): Promise<Opened> {
    this.start();
    return this.request({ op: 'open', file, context }) as Promise<Opened>;
  }

  /** Opens a library file a person made, read-only (never rebuilt); answers its letter count, or rejects naming the file and why. */
  openFile(file: string): Promise<number> {
    this.start();
    return this.request({ op: 'openFile', file }) as Promise<number>;
  }

  private start(): void {
    if (this.script && existsSync(this.script)) {
      this.worker = new Worker(this.script, { resourceLimits: LIBRARY_THREAD_LIMITS });
      this.worker.unref();
      this.worker.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => this.answered(m));
      this.worker.on('error', (e) => this.failAll(e));
      this.worker.on('exit', () => this.failAll(new Error('the library thread ended')));
    } else {
      this.local = new LibraryOps();
    }
  }

  /** The severity stored with each rule code (the rule levels in force). */
  setSeverities(severities: Record<string, string>): void {
    this.severities = severities;
  }

  /** Queues a file's letters (or, without letters, its removal). */
  write(w: FileWrite): void {
    if (this.closed) return;
    this.writes.push(w);
    if (this.writes.length >= WRITE_BATCH) this.flushWrites();
    else this.writeTimer ??= setTimeout(() => this.flushWrites(), WRITE_DELAY_MS);
  }

  /** Resolves at once while the writes waiting for the thread are few; else once they are. */
  writable(): Promise<void> {
    if (this.unanswered + this.writes.length < WRITE_BACKLOG || this.closed) return Promise.resolve();
    this.flushWrites();
    return new Promise((resolve) => this.backlogWaiters.push(resolve));
  }

  private written(files: number): void {
    this.unanswered -= files;
    if (!this.closed && this.unanswered + this.writes.length >= WRITE_BACKLOG / 2) return;
    const waiters = this.backlogWaiters;
    this.backlogWaiters = [];
    for (const w of waiters) w();
  }

  /** Sends a request after the queued writes; a write that fails only costs the cache an entry. */
  request(r: LibraryRequest): Promise<unknown> {
    this.flushWrites();
    return this.send(r);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flushWrites();
    this.closed = true;
    this.written(0);
    await this.send({ op: 'close' }).catch(() => undefined);
    this.worker = undefined;
    this.local = undefined;
  }

  /** `retry`: an empty write, so that the thread writes what it was refused (libraryOps.ts), none being queued. */
  private flushWrites(retry = false): void {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    if (this.writes.length === 0 && !retry) return;
    const writes = this.writes;
    this.writes = [];
    this.unanswered += writes.length;
    // No copy is kept for a retry: the thread keeps what the store refused.
    void this.send({ op: 'write', writes, severities: this.severities })
      .catch((e: Error) => {
        // The other window held the lock past the busy timeout: the thread writes those files first, at the next write, sent soon.
        // Anything else (a full disk) is not fatal: the next start reads those files again.
        if (/\b(locked|busy)\b/i.test(e.message) && !this.closed) this.writeTimer ??= setTimeout(() => this.flushWrites(true), WRITE_DELAY_MS);
      })
      .finally(() => this.written(writes.length));
  }

  private send(r: LibraryRequest): Promise<unknown> {
    if (this.local) {
      try {
        return Promise.resolve(this.local.run(r));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the library is not open'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keeps the process alive only while an answer is awaited.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, request: r });
    });
  }

  private answered(m: { id: number; ok: boolean; value?: unknown; error?: string }): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.error ?? 'library error'));
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.worker = undefined;
  }
}
