// PDF letters in the language server (issue 13, items 4-5):
// - `imr/pdfText`: the text of one PDF for the client's read-only view (`imr-pdf:` documents);
// - PDFs for the workspace index (its file system is workspace/nodeFileSystem.ts), read through the
//   PDF reader (PDFium in its worker thread, so the server's thread only waits), one at a time,
//   and skipped when their size and modification time are those of the last read.
// The view documents themselves are analysed like any letter (their text comes with didOpen);
// the server never reads a PDF on the typing path.
import { fileURLToPath } from 'node:url';
import { isPdfViewUri, pdfFileUri, type PdfTextResult } from '../protocol';
import { describePdfFailure, maxPdfBytes, type PdfReadOptions, readPdfText } from './reader';
import { type Failure, failure } from '../util/failure';

/** PDFs larger than this are not indexed: the reader's own cap at its default memory bound. */
export const INDEX_MAX_PDF_BYTES = maxPdfBytes();
/**
 * Index reads are background work: a bounded page count and the reader's default memory bound
 * (128 MB of PDFium heap), so one odd PDF in a shared folder stays cheap for the editor.
 */
const INDEX_READ: PdfReadOptions = { maxPages: 500 };

export { isPdfViewUri };

/** The PDF's path for a `file:` or `imr-pdf:` URI; null for anything else. */
export function pdfPathOf(uri: string): string | null {
  const file = isPdfViewUri(uri) ? pdfFileUri(uri) : uri;
  if (!file || !/^file:/i.test(file)) return null;
  try {
    return fileURLToPath(file);
  } catch {
    return null;
  }
}

/** The text of the PDF at `uri`, or a failure whose reason names the file and why. Never throws. */
export async function pdfText(uri: string): Promise<{ ok: true; result: PdfTextResult } | Failure> {
  const file = pdfPathOf(uri);
  if (!file) return failure(describePdfFailure(uri, 'not a file on disk (only file: URIs can be read)'));
  pdfReadStats.viewReads++;
  const read = await readPdfText(file);
  if (!read.ok) return failure(describePdfFailure(file, read.reason));
  return { ok: true, result: { text: read.text, pages: read.pages } };
}

/** Counts PDF reads, so that tests and the bench can tell what read them (no text, no names). */
export const pdfReadStats = { indexReads: 0, viewReads: 0 };

/** One index read at a time: the index already awaits each file, this also holds across roots. */
let chain: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(f: () => Promise<T>): Promise<T> {
  const run = chain.then(f, f);
  chain = run.catch(() => undefined);
  return run;
}

/** The text of a PDF in a workspace folder, for the index; throws the reason when it cannot be read. */
export async function readPdfForIndex(p: string): Promise<string> {
  const read = await oneAtATime(() => {
    pdfReadStats.indexReads++;
    return readPdfText(p, INDEX_READ);
  });
  // Unreadable: left out of the index (the view says why when the user opens it).
  if (!read.ok) throw new Error(read.reason);
  return read.text;
}
