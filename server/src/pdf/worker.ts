// The PDF reading worker (dist/pdf-worker.js). A PDF from outside is hostile until read, so
// PDFium (pdfium.ts) runs here, in a worker thread the reader can end at any moment (time
// limit), with its heap bounded (memory limit: the WebAssembly memory's bound, pdfium.ts) and a
// small JavaScript heap (resourceLimits, reader.ts). One job at a time; the reader may send
// several jobs one after another to the same worker.
import { parentPort, workerData } from 'node:worker_threads';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { documentText, pageLines, type TextRun, WORD_GAP_EM } from './layout';
import { instantiatePdfium, type Pdfium, PdfiumOutOfMemory, type WasmModule } from './pdfium';

export interface WorkerJob {
  id: number;
  bytes: Uint8Array;
  maxPages: number;
  /** PDFium, compiled by the reader (pdfium.ts compilePdfium); instantiated here on first use. */
  module: WasmModule;
}
/** The text is joined here (one flat string crosses to the reader's thread, not a line per string). */
export type WorkerReply = { id: number; ok: true; text: string; pages: number } | { id: number; ok: false; reason: string };
export interface PdfWorkerData {
  /** PDFium's heap bound, in MB. */
  memoryMB: number;
}

/** Average non-blank characters per page below which a PDF is a scan without a text layer. */
const MIN_CHARS_PER_PAGE = 16;
/** A letter's page holds about 3,000 characters; far more is not a letter, and costs time. */
export const MAX_CHARS_PER_PAGE = 100_000;
/** FPDF_GetLastError's codes (fpdfview.h). */
const FPDF_ERR_PASSWORD = 4;
const FPDF_ERR_SECURITY = 5;

// Nothing here may reach the network: PDFium is given the bytes and has no network code, and
// its imports open no file (pdfium.ts). Should any code path of this thread still try, it fails.
const noNetwork = () => Promise.reject(new Error('network access is disabled in the PDF reader'));
(globalThis as { fetch?: unknown }).fetch = noNetwork;
// Every socket of this thread (http, https, fetch's undici, net) connects through these.
for (const proto of [net.Socket.prototype, dgram.Socket.prototype] as unknown as Record<string, unknown>[]) {
  proto.connect = () => {
    throw new Error('network access is disabled in the PDF reader');
  };
}
(dgram.Socket.prototype as unknown as Record<string, unknown>).send = () => {
  throw new Error('network access is disabled in the PDF reader');
};

const config = workerData as PdfWorkerData;
let engine: Pdfium | null = null;

/** PDFium, instantiated on the first job and again after a job that ran out of its memory. */
function pdfium(module: WasmModule): Pdfium {
  engine ??= instantiatePdfium(module, config.memoryMB * 1024 * 1024);
  return engine;
}

function read(job: WorkerJob): WorkerReply {
  let p: Pdfium;
  try {
    p = pdfium(job.module);
  } catch (e) {
    if (e instanceof PdfiumOutOfMemory) return { id: job.id, ok: false, reason: outOfMemory() };
    return { id: job.id, ok: false, reason: `the PDF reader could not start${detail(e)}` };
  }
  try {
    const pages = p.call(() => readDocument(p, job));
    if ('reason' in pages) return { id: job.id, ok: false, reason: pages.reason };
    // One string (join makes it flat), not a string per line: cloning thousands of strings
    // built by concatenation cost more than reading the letter.
    return { id: job.id, ok: true, text: documentText(pages.lines), pages: pages.lines.length };
  } catch (e) {
    // Whatever PDFium was doing is lost: the next job gets a fresh instance.
    engine = null;
    if (e instanceof PdfiumOutOfMemory) return { id: job.id, ok: false, reason: outOfMemory() };
    return { id: job.id, ok: false, reason: `truncated or corrupt PDF${detail(e)}` };
  }
}

/**
 * Past the bound. PDFium does not say which allocation failed; what fills its heap is decoded
 * streams (a flate bomb) or the objects a content stream draws (millions of text runs).
 */
const outOfMemory = () => `too large: a stream decodes to more than the PDF reader's ${config.memoryMB} MB, or a page holds millions of objects`;

function readDocument(p: Pdfium, job: WorkerJob): { lines: string[][] } | { reason: string } {
  const ex = p.exports;
  const size = job.bytes.length;
  const data = ex.malloc(size);
  if (!data) throw new PdfiumOutOfMemory(config.memoryMB * 1024 * 1024, size);
  p.bytes().set(job.bytes, data);
  // The file is in PDFium's heap now: the message's copy may go (its memory is outside both heaps).
  job.bytes = new Uint8Array(0);
  const doc = ex.FPDF_LoadMemDocument(data, size, 0);
  try {
    if (!doc) return { reason: openFailure(ex.FPDF_GetLastError()) };
    const count = ex.FPDF_GetPageCount(doc);
    if (count <= 0) return { reason: 'truncated or corrupt PDF (no pages)' };
    if (count > job.maxPages) return { reason: `too large: ${count} pages (limit ${job.maxPages})` };
    const lines: string[][] = [];
    let chars = 0;
    for (let n = 0; n < count; n++) {
      const runs = pageRuns(p, doc, n, count);
      if (typeof runs === 'string') return { reason: runs };
      const page = pageLines(runs);
      for (const l of page) chars += l.replace(/\s+/g, '').length;
      lines.push(page);
    }
    if (chars < MIN_CHARS_PER_PAGE * count) return { reason: 'no text layer: run OCR first' };
    return { lines };
  } finally {
    if (doc) ex.FPDF_CloseDocument(doc);
    ex.free(data);
  }
}

/** The characters of page `n` as runs for layout.ts, or the reason they cannot be had. */
function pageRuns(p: Pdfium, doc: number, n: number, pages: number): TextRun[] | string {
  const ex = p.exports;
  const unreadable = `truncated or corrupt PDF (page ${n + 1} of ${pages} cannot be read)`;
  const page = ex.FPDF_LoadPage(doc, n);
  if (!page) return unreadable;
  const text = ex.FPDFText_LoadPage(page);
  try {
    if (!text) return unreadable;
    const count = ex.FPDFText_CountChars(text);
    if (count > MAX_CHARS_PER_PAGE) return `too large: page ${n + 1} holds ${count} characters (limit ${MAX_CHARS_PER_PAGE})`;
    // Out-parameters: origin x, y (doubles), the loose box (4 floats), the matrix (6 floats).
    const out = ex.malloc(64);
    if (!out) throw new PdfiumOutOfMemory(config.memoryMB * 1024 * 1024, 64);
    try {
      return charRuns(p, text, count, out);
    } finally {
      ex.free(out);
    }
  } finally {
    if (text) ex.FPDFText_ClosePage(text);
    ex.FPDF_ClosePage(page);
  }
}

/**
 * The page's characters as runs, placed as layout.ts expects (the shape of PDF.js's text items): `transform` is the text
 * matrix scaled by the font size (a, b give its size and rotation; e, f its origin on the
 * baseline), `width` the advance (to the loose box's right edge), `height` the size. Characters
 * PDFium adds itself (spaces and line ends it guesses) are left out: layout.ts measures gaps.
 * A character that follows the previous one on its baseline, at its size, with no more than
 * kerning between them, extends that run: layout.ts would join them without a space anyway, and
 * a page is a few hundred runs instead of thousands of characters.
 */
function charRuns(p: Pdfium, text: number, count: number, out: number): TextRun[] {
  const ex = p.exports;
  const runs: TextRun[] = [];
  let last: TextRun | null = null;
  let lastEnd = 0;
  for (let c = 0; c < count; c++) {
    if (ex.FPDFText_IsGenerated(text, c) === 1) continue;
    const str = characterText(ex.FPDFText_GetUnicode(text, c));
    ex.FPDFText_GetCharOrigin(text, c, out, out + 8);
    ex.FPDFText_GetLooseCharBox(text, c, out + 16);
    ex.FPDFText_GetMatrix(text, c, out + 32);
    const size = ex.FPDFText_GetFontSize(text, c);
    const v = p.view();
    const x = v.getFloat64(out, true);
    const y = v.getFloat64(out + 8, true);
    const right = v.getFloat32(out + 24, true);
    const a = v.getFloat32(out + 32, true) * size;
    const b = v.getFloat32(out + 36, true) * size;
    const height = Math.hypot(a, b);
    const gap = x - lastEnd;
    if (
      last &&
      b === 0 &&
      last.transform[1] === 0 &&
      y === last.transform[5] &&
      height === last.height &&
      gap >= 0 &&
      gap <= WORD_GAP_EM * height &&
      str.trim() &&
      last.str.trim()
    ) {
      last.str += str;
      last.width = right - last.transform[4];
    } else {
      last = { str, transform: [a, b, 0, 0, x, y], width: right - x, height };
      runs.push(last);
    }
    lastEnd = right;
  }
  return runs;
}

/** PDFium reports a hyphen that ends a line as U+0002; other unusable code points become U+FFFD. */
function characterText(code: number): string {
  if (code === 2) return '-';
  if (code < 0x20 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return code === 9 ? ' ' : '\ufffd';
  return String.fromCodePoint(code);
}

function openFailure(code: number): string {
  if (code === FPDF_ERR_PASSWORD) return 'password-protected: cannot open without its password';
  if (code === FPDF_ERR_SECURITY) return 'encrypted with an unsupported security handler';
  return 'truncated or corrupt PDF (invalid structure)';
}

function short(e: unknown): string {
  const m = String((e as { message?: string })?.message ?? e ?? '');
  // One line, no paths or stack, bounded: it is shown to the user.
  return m.split('\n')[0].replace(/\.$/, '').slice(0, 120);
}
const detail = (e: unknown) => (short(e) ? `: ${short(e)}` : '');

parentPort?.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    reply = read(job);
  } catch (e) {
    reply = { id: job.id, ok: false, reason: `truncated or corrupt PDF${detail(e)}` };
  }
  parentPort!.postMessage(reply);
});
