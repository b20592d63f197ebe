// PDF letters in the language server (issue 13, items 4-5):
// - `imr/pdfText`: the text of one PDF for the client's read-only view (`imr-pdf:` documents);
// - the workspace index's file system with PDFs: listed with the text letters, read through the
//   PDF reader (PDF.js in its worker thread, so the server's thread only waits), one at a time,
//   and skipped when their size and modification time are those of the last read.
// The view documents themselves are analysed like any letter (their text comes with didOpen);
// the server never reads a PDF on the typing path.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_MAX_BYTES, type IndexFileSystem, LETTER_FILE } from '../features/workspaceIndex';
import { isPdfViewUri, pdfFileUri, pdfViewUri, type PdfTextResult } from '../protocol';
import { walkFolder } from '../workspace/folderWalk';
import { describePdfFailure, type PdfReadOptions, readPdfText } from './reader';

export const PDF_FILE = /\.pdf$/i;
/** PDFs larger than this are not indexed (the reader's own cap is higher; a view may open them). */
export const INDEX_MAX_PDF_BYTES = 50 * 1024 * 1024;
/** Index reads are background work: a bounded page count and heap, so one odd PDF stays cheap. */
const INDEX_READ: PdfReadOptions = { maxPages: 500, maxMemoryMB: 256 };

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

/** The text of the PDF at `uri`, or a message naming the file and the reason. Never throws. */
export async function pdfText(uri: string): Promise<{ ok: true; result: PdfTextResult } | { ok: false; message: string }> {
  const file = pdfPathOf(uri);
  if (!file) return { ok: false, message: describePdfFailure(uri, 'not a file on disk (only file: URIs can be read)') };
  pdfReadStats.viewReads++;
  const read = await readPdfText(file);
  if (!read.ok) return { ok: false, message: describePdfFailure(file, read.reason) };
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

export interface PdfIndexFileSystemOptions {
  /** Text letters larger than this are not listed. Default 2 MB. */
  maxBytes?: number;
  maxFiles?: number;
}

/**
 * The workspace index's view of real folders: `.txt`/`.imr` letters as text, `.pdf` files as the
 * text of their PDF, with symbols pointing at the PDF's read-only view (`imr-pdf:`).
 */
export function createPdfIndexFileSystem(options: PdfIndexFileSystemOptions = {}): IndexFileSystem {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = options.maxFiles ?? 50_000;
  const limitOf = (p: string) => (PDF_FILE.test(p) ? INDEX_MAX_PDF_BYTES : maxBytes);
  return {
    async readFile(p) {
      if (!PDF_FILE.test(p)) return fsp.readFile(p, 'utf8');
      const read = await oneAtATime(() => {
        pdfReadStats.indexReads++;
        return readPdfText(p, INDEX_READ);
      });
      // Unreadable: left out of the index (the view says why when the user opens it).
      if (!read.ok) throw new Error(read.reason);
      return read.text;
    },
    size: async (p) => (await fsp.stat(p)).size,
    maxBytesOf: limitOf,
    accepts: (p) => LETTER_FILE.test(p) || PDF_FILE.test(p),
    uriOf: (p) => {
      const href = pathToFileURL(p).href;
      return PDF_FILE.test(p) ? (pdfViewUri(href) ?? href) : href;
    },
    // Size and modification time: a PDF whose both are unchanged is not read again.
    signature: async (p) => {
      const st = await fsp.stat(p);
      return `${st.size}:${st.mtimeMs}`;
    },
    async *listFiles(root: string): AsyncIterable<string> {
      const accept = (name: string) => LETTER_FILE.test(name) || PDF_FILE.test(name);
      for await (const full of walkFolder(root, { accept, maxFiles })) {
        try {
          if ((await fsp.stat(full)).size > limitOf(full)) continue;
        } catch {
          continue;
        }
        yield path.normalize(full);
      }
    },
  };
}
