// The workspace index's view of the disk: real folders through the shared folder walk.
import { promises as fsp } from 'node:fs';
import { LETTER_FILE, walkFolder } from './folderWalk';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export interface IndexFileSystem {
  readFile(path: string): Promise<string>;
  /** Every candidate file under root (absolute paths). */
  listFiles(root: string): AsyncIterable<string> | Promise<string[]>;
  /** Size in bytes, when known: lets the index skip a huge changed file without reading it. */
  size?(path: string): Promise<number>;
  /** Size and modification time: lets the index reuse a stored entry without reading the file. */
  stat?(path: string): Promise<{ size: number; mtimeMs: number }>;
}

export interface NodeFileSystemOptions {
  /** Files larger than this are not listed. Default 2 MB. */
  maxBytes?: number;
  /** Stop listing a folder after this many candidate files. Default 50,000. */
  maxFiles?: number;
}

/** Real folders through the shared folder walk (`workspace/folderWalk.ts`), without files over the size cap. */
export function createNodeFileSystem(options: NodeFileSystemOptions = {}): IndexFileSystem {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = options.maxFiles ?? 50_000;
  return {
    readFile: (p) => fsp.readFile(p, 'utf8'),
    size: async (p) => (await fsp.stat(p)).size,
    stat: async (p) => {
      const st = await fsp.stat(p);
      // Whole milliseconds: what a stored JSON number and utimes round-trip exactly.
      return { size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
    },
    async *listFiles(root: string): AsyncIterable<string> {
      for await (const full of walkFolder(root, { accept: (name) => LETTER_FILE.test(name), maxFiles })) {
        try {
          if ((await fsp.stat(full)).size > maxBytes) continue;
        } catch {
          continue;
        }
        yield full;
      }
    },
  };
}
