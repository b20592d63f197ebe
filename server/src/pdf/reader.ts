// readPdfText: the text of a PDF, as the parser reads it, or the reason it cannot be had.
// Never throws, never hangs. PDFium (WebAssembly, pdfium.ts) is loaded only here, on the first
// PDF, in a worker thread (worker.ts) with a memory limit and a time limit: PDFium's heap is
// bounded by its WebAssembly memory (maxMemoryMB), the thread's JavaScript heap by
// resourceLimits, and a worker that overruns its time is terminated. Workers are kept a few
// seconds between reads (a folder of PDFs would otherwise start a thread and PDFium for every
// file; PDFium is compiled once per process, pdfium.ts) and never keep the process alive.
import { existsSync, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { compilePdfium, type WasmModule } from './pdfium';
import type { PdfWorkerData, WorkerJob, WorkerReply } from './worker';
import type { Failure } from '../util/failure';

export type PdfReadResult = { ok: true; text: string; pages: number } | Failure;

export interface PdfReadOptions {
  /** Time for the whole read, from when a worker takes it (default 20 s). */
  timeoutMs?: number;
  /**
   * PDFium's memory bound: the file, decoded streams, fonts and page objects together (default
   * 128 MB, DEFAULT_MEMORY_MB; at least MIN_MEMORY_MB, PDFium's own starting heap).
   */
  maxMemoryMB?: number;
  /** PDFs with more pages are declined (default 500). */
  maxPages?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MEMORY_MB = 128;
/** PDFium starts with an 18 MB heap: a smaller bound is raised to this. */
const MIN_MEMORY_MB = 24;
/** The worker's JavaScript heap: one page's characters at a time and the pages' lines. */
const WORKER_JS_HEAP_MB = 64;
const DEFAULT_MAX_PAGES = 500;
/** Larger files are declined whatever the memory bound (the bound's own cap: maxPdfBytes). */
const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** An idle worker is ended after this long. */
const IDLE_MS = 3_000;

/**
 * The largest PDF read with a given memory bound: a quarter of it. The file is copied into
 * PDFium's heap, which must still hold what is read from it, and until then it is in the
 * process twice (read here, then in the worker).
 */
export function maxPdfBytes(memoryMB = DEFAULT_MEMORY_MB): number {
  return Math.min(MAX_FILE_BYTES, (memoryMB * 1048576) / 4);
}

export function describePdfFailure(file: string, reason: string): string {
  return `${file}: cannot read PDF: ${reason}`;
}

export async function readPdfText(bytes: Uint8Array | string, opts: PdfReadOptions = {}): Promise<PdfReadResult> {
  // A permit first, then the file: a folder of 1,000 PDFs holds at most a few in memory.
  let permitted = false;
  try {
    await holdFile();
    permitted = true;
    const timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS);
    const maxMemoryMB = Math.max(MIN_MEMORY_MB, Math.floor(positive(opts.maxMemoryMB, DEFAULT_MEMORY_MB)));
    const maxPages = Math.floor(positive(opts.maxPages, DEFAULT_MAX_PAGES));
    const maxBytes = maxPdfBytes(maxMemoryMB);
    let data: Uint8Array;
    if (typeof bytes === 'string') {
      try {
        const stat = await fs.stat(bytes);
        if (!stat.isFile()) return { ok: false, reason: 'not a file' };
        if (stat.size > maxBytes) return { ok: false, reason: tooManyBytes(stat.size, maxBytes) };
        data = ownBytes(await fs.readFile(bytes));
      } catch (e) {
        return { ok: false, reason: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
      }
    } else {
      // A copy: the bytes are handed over to the worker, the caller keeps its own.
      data = new Uint8Array(bytes ?? 0);
    }
    const early = precheck(data);
    if (early) return { ok: false, reason: early };
    if (data.length > maxBytes) return { ok: false, reason: tooManyBytes(data.length, maxBytes) };
    const reply = await runJob(data, maxPages, timeoutMs, maxMemoryMB);
    if (!reply.ok) return { ok: false, reason: reply.reason };
    return { ok: true, text: reply.text, pages: reply.pages };
  } catch (e) {
    return {
      ok: false,
      reason: `the PDF reader failed (${String((e as Error)?.message ?? e)
        .split('\n')[0]
        .slice(0, 120)})`,
    };
  } finally {
    if (permitted) releaseFile();
  }
}

const tooManyBytes = (n: number, limit = MAX_FILE_BYTES) => `too large: ${Math.round(n / 1048576)} MB (limit ${Math.round(limit / 1048576)} MB)`;
/** The file's bytes in an ArrayBuffer of their own, which is transferred to the worker: not copied when readFile gave one. */
const ownBytes = (b: Buffer) => (b.byteOffset === 0 && b.buffer.byteLength === b.byteLength ? new Uint8Array(b.buffer) : new Uint8Array(b));
const positive = (v: number | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);

/** What can be told from the bytes alone, before starting PDFium. */
function precheck(data: Uint8Array): string | null {
  if (data.length === 0) return 'empty file';
  if (data.length > MAX_FILE_BYTES) return tooManyBytes(data.length);
  // The header may follow some junk, within the first kilobyte (as readers accept).
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) return 'not a PDF file';
  // A PDF ends with %%EOF (allowing trailing junk); without it the download was cut short and
  // whatever PDFium could recover would be a letter with pages or items missing.
  const tail = Buffer.from(data.buffer, data.byteOffset + Math.max(0, data.length - 2048), Math.min(data.length, 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) return 'truncated or corrupt PDF (no end-of-file marker: the file is incomplete)';
  return null;
}

// ---- the worker pool -------------------------------------------------------------------

interface Slot {
  worker: Worker;
  memoryMB: number;
  idleTimer?: NodeJS.Timeout;
}

/** A read with its bytes in hand, waiting for a worker. */
interface Pending {
  job: WorkerJob;
  memoryMB: number;
  timeoutMs: number;
  resolve(reply: WorkerReply): void;
}

const idle: Slot[] = [];
/** Reading workers at once: one per core, at most four, unless a program says fewer (limitPdfReaders). */
let maxWorkers = Math.max(1, Math.min(4, availableParallelism()));
/** Workers reading now: at most maxWorkers. */
let reading = 0;
const waiting: Pending[] = [];
/**
 * Reads holding their file's bytes: one per worker, and one more, read ahead while the workers
 * read, so that a worker that finishes is handed its next file at once instead of idling
 * through a file read (a folder of PDFs kept each worker a quarter idle that way).
 */
let inHand = 0;
const handQueue: (() => void)[] = [];
let nextId = 1;

/** Where the worker script and PDFium are: beside the bundle in dist/, or the sources under tsx. */
let located: { script: string; wasmFile: string; eval?: boolean } | null = null;
function locate(): { script: string; wasmFile: string; eval?: boolean } {
  located ??= findWorker();
  return located;
}

function findWorker(): { script: string; wasmFile: string; eval?: boolean } {
  const bundled = path.join(__dirname, 'pdf-worker.js');
  if (existsSync(bundled)) return { script: bundled, wasmFile: path.join(__dirname, 'pdfium', 'pdfium.wasm') };
  // Running from TypeScript (tests under `node --import tsx`): the worker is the .ts file,
  // loaded through tsx's CommonJS hook (a worker does not inherit `--import`), and PDFium
  // comes from node_modules.
  const wasmFile = require.resolve('@embedpdf/pdfium/pdfium.wasm');
  const source = path.join(__dirname, 'worker.ts');
  return { script: `require('tsx/cjs'); require(${JSON.stringify(source)});`, wasmFile, eval: true };
}

function spawn(memoryMB: number): Slot {
  const where = locate();
  const data: PdfWorkerData = { memoryMB };
  const worker = new Worker(where.script, {
    workerData: data,
    eval: where.eval ?? false,
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_JS_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    // The worker's console is not ours to print: the language server speaks LSP on stdout,
    // and a message about a document may quote its text. Piped, and dropped.
    stdout: true,
    stderr: true,
    env: {},
  });
  worker.stdout.resume();
  worker.stderr.resume();
  return { worker, memoryMB };
}

/** At most a file per worker and one more in memory at once; the rest wait their turn before reading theirs. */
async function holdFile(): Promise<void> {
  while (inHand >= maxWorkers + 1) await new Promise<void>((r) => handQueue.push(r));
  inHand++;
}

function releaseFile(): void {
  inHand--;
  handQueue.shift()?.();
}

/** An idle worker with the same memory limit, or a new one. */
function acquire(memoryMB: number): Slot {
  const i = idle.findIndex((s) => s.memoryMB === memoryMB);
  if (i >= 0) {
    const slot = idle.splice(i, 1)[0];
    clearTimeout(slot.idleTimer);
    slot.worker.ref();
    return slot;
  }
  return spawn(memoryMB);
}

function retire(slot: Slot): void {
  slot.worker.removeAllListeners('message');
  slot.worker.removeAllListeners('error');
  slot.worker.removeAllListeners('exit');
  slot.worker.on('error', () => undefined);
  // An idle worker that dies is never handed out (a read sent to it would wait for its timeout).
  slot.worker.on('exit', () => {
    const i = idle.indexOf(slot);
    if (i >= 0) idle.splice(i, 1);
    clearTimeout(slot.idleTimer);
  });
  slot.worker.unref();
  slot.idleTimer = setTimeout(() => {
    const i = idle.indexOf(slot);
    if (i >= 0) idle.splice(i, 1);
    void slot.worker.terminate();
  }, IDLE_MS);
  slot.idleTimer.unref();
  idle.push(slot);
}

/**
 * Ends the idle readers now instead of after IDLE_MS. A program that has read its last PDF calls
 * it (imr-check, once its output is written): a worker whose console is piped keeps the process
 * alive while it exists, even unref'd, and the idle timer would make every run wait 3 s.
 */
export async function endIdleReaders(): Promise<void> {
  const slots = idle.splice(0);
  for (const slot of slots) clearTimeout(slot.idleTimer);
  await Promise.all(slots.map((slot) => slot.worker.terminate()));
}

/**
 * At most `n` PDFs read at once (n worker threads): imr-check's `--jobs`. Reads already running
 * finish; the limit applies to the reads that start after.
 */
export function limitPdfReaders(n: number): void {
  maxWorkers = Math.max(1, Math.min(4, Math.floor(n) || 1));
}

/**
 * Starts the reader ahead of its first read: PDFium compiles (once per process) while a worker
 * boots. imr-check's launcher calls it when a PDF is named, before its main bundle loads; the
 * first read calls it too. An error is left to the read to report.
 */
export function startPdfReader(memoryMB = DEFAULT_MEMORY_MB): void {
  try {
    if (reading < maxWorkers && !idle.some((s) => s.memoryMB === memoryMB)) retire(spawn(memoryMB));
    compilePdfium(locate().wasmFile).catch(() => undefined);
  } catch {
    // The read that follows meets the same error, and says it.
  }
}

async function runJob(bytes: Uint8Array, maxPages: number, timeoutMs: number, memoryMB: number): Promise<WorkerReply> {
  let module: WasmModule;
  try {
    startPdfReader(memoryMB);
    module = await compilePdfium(locate().wasmFile);
  } catch (e) {
    return { id: 0, ok: false, reason: couldNotStart(e) };
  }
  return new Promise<WorkerReply>((resolve) => dispatch({ job: { id: nextId++, bytes, maxPages, module }, memoryMB, timeoutMs, resolve }));
}

/** A worker for the read now, or a place in line. */
function dispatch(p: Pending): void {
  if (reading >= maxWorkers) {
    waiting.push(p);
    return;
  }
  reading++;
  let slot: Slot;
  try {
    slot = acquire(p.memoryMB);
  } catch (e) {
    reading--;
    p.resolve({ id: p.job.id, ok: false, reason: couldNotStart(e) });
    return;
  }
  postJob(slot, p);
}

/** Sends one job to its worker; the reply, or the reason the worker was ended (time, memory, crash). */
function postJob(slot: Slot, p: Pending): void {
  const { job, timeoutMs } = p;
  const id = job.id;
  let done = false;
  const finish = (reply: WorkerReply, reuse: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (reuse) retire(slot);
    else {
      // Overrun, crash or out of memory: this worker is ended, the next read gets a new one.
      slot.worker.removeAllListeners();
      slot.worker.on('error', () => undefined);
      void slot.worker.terminate();
    }
    // The freed worker takes the next file in line before this reply is handled (parsed, say):
    // it reads while this thread works.
    reading--;
    const next = waiting.shift();
    if (next) dispatch(next);
    p.resolve(reply);
  };
  // The time limit runs from here: the worker is free, so it starts on the job as it arrives.
  const timer = setTimeout(() => finish({ id, ok: false, reason: `timed out after ${seconds(timeoutMs)}` }, false), timeoutMs);
  slot.worker.on('message', (reply: WorkerReply) => {
    if (reply.id === id) finish(reply, true);
  });
  slot.worker.on('error', (e: Error & { code?: string }) => {
    const reason =
      e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `too large: ran out of memory (limit ${WORKER_JS_HEAP_MB} MB of JavaScript heap)`
        : `the PDF reader failed (${String(e?.message).split('\n')[0].slice(0, 120)})`;
    finish({ id, ok: false, reason }, false);
  });
  slot.worker.on('exit', (code) => finish({ id, ok: false, reason: `the PDF reader stopped unexpectedly (exit code ${code})` }, false));
  slot.worker.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
}

const couldNotStart = (e: unknown) => `the PDF reader could not start (${String((e as Error)?.message ?? e).slice(0, 120)})`;
const seconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`);
