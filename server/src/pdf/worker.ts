// The PDF reading worker (dist/pdf-worker.js). A PDF from outside is hostile until read, so
// PDF.js runs here, in a worker thread the reader can end at any moment, under the memory
// limit the reader set (resourceLimits). One job at a time; the reader may send several jobs
// one after another to the same worker.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import * as path from 'node:path';
import { pageLines, type TextRun } from './layout';

export interface WorkerJob {
  id: number;
  bytes: Uint8Array;
  maxPages: number;
}
export type WorkerReply = { id: number; ok: true; pages: string[][] } | { id: number; ok: false; reason: string };

/** Average non-blank characters per page below which a PDF is a scan without a text layer. */
const MIN_CHARS_PER_PAGE = 16;

// Nothing here may reach the network: PDF.js is given the bytes, never a URL, and fonts and
// character maps are not fetched (no URLs given). Should any code path still try, it fails.
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

// PDF.js's Node build creates a DOMMatrix at load time and would polyfill it from the native
// @napi-rs/canvas package, which we do not ship: text extraction never renders, so inert
// stand-ins are enough to load it.
class Inert {
  constructor(..._args: unknown[]) {}
}
const g = globalThis as Record<string, unknown>;
for (const name of ['DOMMatrix', 'ImageData', 'Path2D']) if (!g[name]) g[name] = Inert;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  // Shipped beside the bundle as files (dist/pdfjs/), imported at run time: PDF.js is ESM-only
  // and breaks when bundled into our CommonJS output.
  const dir: string = (workerData as { pdfjsDir: string }).pdfjsDir;
  pdfjs ??= (async () => {
    const worker = await import(pathToFileURL(path.join(dir, 'pdf.worker.mjs')).href);
    // The "fake worker" of PDF.js in Node: its worker code runs in this thread, found here.
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    const lib = (await import(pathToFileURL(path.join(dir, 'pdf.mjs')).href)) as PdfJs;
    lib.GlobalWorkerOptions.workerSrc = pathToFileURL(path.join(dir, 'pdf.worker.mjs')).href;
    return lib;
  })();
  return pdfjs;
}

async function read(job: WorkerJob): Promise<WorkerReply> {
  let lib: PdfJs;
  try {
    lib = await loadPdfJs();
  } catch (e) {
    pdfjs = null;
    return { id: job.id, ok: false, reason: `the PDF reader could not start${detail(e)}` };
  }
  const task = lib.getDocument({
    data: job.bytes,
    isEvalSupported: false, // CVE-2024-4367: no code generated from font data
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    verbosity: 0, // errors only, and the worker's console goes nowhere (see reader.ts)
  });
  let doc: Awaited<typeof task.promise> | null = null;
  try {
    try {
      doc = await task.promise;
    } catch (e) {
      return { id: job.id, ok: false, reason: openFailure(e) };
    }
    if (doc.numPages > job.maxPages) return { id: job.id, ok: false, reason: `too large: ${doc.numPages} pages (limit ${job.maxPages})` };
    const pages: string[][] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      let runs: TextRun[];
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent({ includeMarkedContent: false });
        runs = content.items.filter((i): i is TextRun & typeof i => 'str' in i);
        page.cleanup();
      } catch (e) {
        return { id: job.id, ok: false, reason: `truncated or corrupt PDF (page ${n} of ${doc.numPages} cannot be read${detail(e)})` };
      }
      const lines = pageLines(runs);
      for (const l of lines) chars += l.replace(/\s+/g, '').length;
      pages.push(lines);
    }
    if (chars < MIN_CHARS_PER_PAGE * Math.max(1, doc.numPages)) return { id: job.id, ok: false, reason: 'no text layer: run OCR first' };
    return { id: job.id, ok: true, pages };
  } finally {
    await (doc ? doc.destroy() : task.destroy()).catch(() => undefined);
  }
}

/** PDF.js's exception names are stable; their messages are not ours to show raw. */
function openFailure(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === 'PasswordException') return 'password-protected: cannot open without its password';
  if (name === 'InvalidPDFException') return `truncated or corrupt PDF (${short(e) || 'invalid structure'})`;
  return `truncated or corrupt PDF${detail(e)}`;
}

function short(e: unknown): string {
  const m = String((e as { message?: string })?.message ?? e ?? '');
  // One line, no paths or stack, bounded: it is shown to the user.
  return m.split('\n')[0].replace(/\.$/, '').slice(0, 120);
}
const detail = (e: unknown) => (short(e) ? `: ${short(e)}` : '');

parentPort?.on('message', (job: WorkerJob) => {
  read(job).then(
    (reply) => parentPort!.postMessage(reply),
    (e) => parentPort!.postMessage({ id: job.id, ok: false, reason: `truncated or corrupt PDF${detail(e)}` } satisfies WorkerReply),
  );
});
