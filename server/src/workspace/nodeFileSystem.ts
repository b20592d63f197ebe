// The workspace index's view of the disk: real folders through the shared folder walk, text
// letters read as text and PDF letters through the PDF reader (pdf/pdfDocuments.ts), whose
// symbols point at the PDF's read-only view.
import { promises as fsp } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { INDEX_MAX_PDF_BYTES, readPdfForIndex } from '../pdf/pdfDocuments';
import { pdfViewUri } from '../protocol';
import { LETTER_FILE, PDF_FILE, walkFolderStats } from './folderWalk';
import { normalizePath } from './paths';
import { decodeText } from '../util/decodeText';

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
  /** Folders holding more letter files than the limit listed: how many were listed, and found (the view says so). */
  capped?(): { listed: number; found: number } | undefined;
}

/** A folder's files, as `listFiles` gives them: walked as they are asked for (the node file system), or all at once (tests). */
export function walkOf(listed: AsyncIterable<string> | Promise<string[]>): AsyncIterator<string> {
  if (Symbol.asyncIterator in Object(listed)) return (listed as AsyncIterable<string>)[Symbol.asyncIterator]();
  return (async function* () {
    yield* await (listed as Promise<string[]>);
  })();
}

export interface NodeFileSystemOptions {
  /** Text letters larger than this are not listed. Default 2 MB. */
  maxBytes?: number;
  /** List at most this many letter files of a folder (`imr.library.maxFiles`, asked at each walk); the rest are counted. Default: no limit. */
  maxFiles?: () => number;
}

/** Stats kept from a walk until the index asks for them (bounded: a huge folder costs a second stat, not memory). */
const MAX_WALKED_STATS = 100_000;

const isLetterName = (name: string) => LETTER_FILE.test(name) || PDF_FILE.test(name);

/** Real folders through the shared folder walk (`workspace/folderWalk.ts`); files over their size cap too (the index lists them as left out). */
export function createNodeFileSystem(options: NodeFileSystemOptions = {}): IndexFileSystem {
  // Sizes and times in whole milliseconds: what a stored JSON number and utimes round-trip exactly.
  const walkedStats = new Map<string, { size: number; mtimeMs: number }>();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = options.maxFiles ?? (() => Number.POSITIVE_INFINITY);
  const capped = new Map<string, { listed: number; found: number }>();
  const limitOf = (p: string) => (PDF_FILE.test(p) ? INDEX_MAX_PDF_BYTES : maxBytes);
  return {
    // Text as imr-check reads it: UTF-8, or UTF-16 / UTF-8 with a byte-order mark.
    readFile: async (p) => (PDF_FILE.test(p) ? readPdfForIndex(p) : decodeText(await fsp.readFile(p))),
    size: async (p) => (await fsp.stat(p)).size,
    maxBytesOf: limitOf,
    accepts: isLetterName,
    uriOf: (p) => {
      const href = pathToFileURL(p).href;
      return PDF_FILE.test(p) ? (pdfViewUri(href) ?? href) : href;
    },
    stat: async (p) => {
      // The walk's stat of a file just listed is used once; after that (a change) it is asked again.
      const walked = walkedStats.get(p);
      if (walked) {
        walkedStats.delete(p);
        return walked;
      }
      const st = await fsp.stat(p);
      return { size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
    },
    capped: () => {
      if (capped.size === 0) return undefined;
      const all = [...capped.values()];
      return { listed: all.reduce((n, c) => n + c.listed, 0), found: all.reduce((n, c) => n + c.found, 0) };
    },
    async *listFiles(root: string): AsyncIterable<string> {
      // No silent cap: past the limit the walk goes on counting, so the view can say how many were left out.
      const max = maxFiles();
      let found = 0;
      capped.delete(root);
      for await (const f of walkFolderStats(root, { accept: isLetterName })) {
        if (++found > max) continue;
        if (walkedStats.size < MAX_WALKED_STATS) walkedStats.set(normalizePath(f.path), { size: f.size, mtimeMs: Math.floor(f.mtimeMs) });
        yield f.path;
      }
      if (found > max) capped.set(root, { listed: max, found });
    },
  };
}
