// The workspace index's view of the disk: real folders through the shared folder walk, text
// letters read as text and PDF letters through the PDF reader (pdf/pdfDocuments.ts), whose
// symbols point at the PDF's read-only view.
import { promises as fsp } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { INDEX_MAX_PDF_BYTES, readPdfForIndex } from '../pdf/pdfDocuments';
import { pdfViewUri } from '../protocol';
import { LETTER_FILE, PDF_FILE, walkFolder } from './folderWalk';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export interface IndexFileSystem {
  readFile(path: string): Promise<string>;
  /** Every candidate file under root (absolute paths). */
  listFiles(root: string): AsyncIterable<string> | Promise<string[]>;
  /** Size in bytes, when known: lets the index skip a huge changed file without reading it. */
  size?(path: string): Promise<number>;
  /** The size cap of a file (default: the index's maxBytes). */
  maxBytesOf?(path: string): number;
  /** Which files are letters (default LETTER_FILE). */
  accepts?(path: string): boolean;
  /** The URI its symbols point at (default its file: URI). */
  uriOf?(path: string): string;
  /** Size and modification time: lets the index reuse a stored entry without reading the file. */
  stat?(path: string): Promise<{ size: number; mtimeMs: number }>;
}

export interface NodeFileSystemOptions {
  /** Text letters larger than this are not listed. Default 2 MB. */
  maxBytes?: number;
  /** Stop listing a folder after this many candidate files. Default 50,000. */
  maxFiles?: number;
}

const isLetterName = (name: string) => LETTER_FILE.test(name) || PDF_FILE.test(name);

/** Real folders through the shared folder walk (`workspace/folderWalk.ts`), without files over their size cap. */
export function createNodeFileSystem(options: NodeFileSystemOptions = {}): IndexFileSystem {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = options.maxFiles ?? 50_000;
  const limitOf = (p: string) => (PDF_FILE.test(p) ? INDEX_MAX_PDF_BYTES : maxBytes);
  return {
    readFile: (p) => (PDF_FILE.test(p) ? readPdfForIndex(p) : fsp.readFile(p, 'utf8')),
    size: async (p) => (await fsp.stat(p)).size,
    maxBytesOf: limitOf,
    accepts: isLetterName,
    uriOf: (p) => {
      const href = pathToFileURL(p).href;
      return PDF_FILE.test(p) ? (pdfViewUri(href) ?? href) : href;
    },
    stat: async (p) => {
      const st = await fsp.stat(p);
      // Whole milliseconds: what a stored JSON number and utimes round-trip exactly.
      return { size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
    },
    async *listFiles(root: string): AsyncIterable<string> {
      for await (const full of walkFolder(root, { accept: isLetterName, maxFiles })) {
        try {
          if ((await fsp.stat(full)).size > limitOf(full)) continue;
        } catch {
          continue;
        }
        yield full;
      }
    },
  };
}
