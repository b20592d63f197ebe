// The one folder walk, shared by the command line and the workspace index.
//
// - Each real file is yielded once, however many paths lead to it (hard or symbolic links):
//   files are keyed by device and inode.
// - Symbolic links to folders are never followed, so a folder holding links to itself (or to
//   its parent) cannot loop; a symbolic link to a file is followed (once per real file).
// - `node_modules` and dot-folders are skipped: they hold tooling, not letters.
// - An entry that cannot be read is reported through `onError` and skipped; the walk goes on.
//   A symbolic link whose target is gone is reported as `link to a missing file`.
// - Names are visited in sorted order, so the output order is stable across runs and machines.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface FolderWalkOptions {
  /** Which file names to yield (by name only; the folder rules above always apply). */
  accept(name: string): boolean;
  /** An entry that could not be read: its path and a short reason (`EACCES`, `ENOENT`...). */
  onError?(path: string, reason: string): void;
  /** Stop after this many files. Default: no limit. */
  maxFiles?: number;
  /** Which paths to yield, beyond `accept` (imr-check's globs): decided before the file is stat'ed or counted as seen. */
  include?(path: string): boolean;
  /**
   * Real files already yielded, shared by several walks so that each real file is yielded
   * once over all of them (imr-check's targets); a root file is checked against it too.
   */
  seenFiles?: Set<string>;
}

/** The reason given for a symbolic link whose target does not exist. */
export const DANGLING_LINK = 'link to a missing file';

/** Text files that may hold letters: what folders are searched for. */
export const LETTER_FILE = /\.(?:txt|imr)$/i;
/** Letters as published: read through the PDF reader. */
export const PDF_FILE = /\.pdf$/i;

/** Folders that never hold letters worth reading. */
export const isSkippedFolder = (name: string): boolean => name === 'node_modules' || name.startsWith('.');

/** Files of a folder stat'ed at once. */
const STAT_BATCH = 32;

const reasonOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String((e as Error).message ?? e);

/** Why `p` could not be stat'ed: a dangling link says so (its stat's ENOENT would read as "no such file"). */
async function statFailure(p: string, e: unknown): Promise<string> {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return reasonOf(e);
  try {
    return (await fsp.lstat(p)).isSymbolicLink() ? DANGLING_LINK : reasonOf(e);
  } catch {
    return reasonOf(e);
  }
}

/**
 * Files under `root` (absolute or relative paths, as given) in sorted, depth-first order.
 * `root` may itself be a file: it is yielded when accepted.
 */
export async function* walkFolder(root: string, options: FolderWalkOptions): AsyncGenerator<string> {
  for await (const f of walkFolderStats(root, options)) yield f.path;
}

/** A file the walk found, with the size and modification time its stat gave (no second stat needed). */
export interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** `walkFolder`, with each file's stat. */
export async function* walkFolderStats(root: string, options: FolderWalkOptions): AsyncGenerator<WalkedFile> {
  const seen = new Set<string>();
  const seenFiles = options.seenFiles ?? seen;
  const maxFiles = options.maxFiles ?? Number.POSITIVE_INFINITY;
  let count = 0;
  const fail = (p: string, e: unknown) => options.onError?.(p, reasonOf(e));
  let rootStat;
  try {
    rootStat = await fsp.stat(root);
  } catch (e) {
    options.onError?.(root, await statFailure(root, e));
    return;
  }
  if (!rootStat.isDirectory()) {
    const key = `f${rootStat.dev}:${rootStat.ino}`;
    if (rootStat.isFile() && !seenFiles.has(key)) {
      seenFiles.add(key);
      yield { path: root, size: rootStat.size, mtimeMs: rootStat.mtimeMs };
    }
    return;
  }
  seen.add(`d${rootStat.dev}:${rootStat.ino}`);
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const listed = await listFolder(dir, options, seen, fail);
    if (!listed) continue;
    const { files, subfolders } = listed;
    // Stats a batch at a time (one by one, a folder of 10,000 letters waited a second on them), in order.
    for (let start = 0; start < files.length; start += STAT_BATCH) {
      const batch = files.slice(start, start + STAT_BATCH).map((name) => path.join(dir, name));
      // Follows a link to a file; a dangling link is reported.
      const stats = await Promise.all(batch.map((f) => fsp.stat(f).catch(async (e: unknown) => (options.onError?.(f, await statFailure(f, e)), null))));
      for (let k = 0; k < batch.length; k++) {
        const st = stats[k];
        if (!st?.isFile()) continue; // a link to a folder: never followed
        const key = `f${st.dev}:${st.ino}`;
        if (seenFiles.has(key)) continue;
        seenFiles.add(key);
        yield { path: batch[k], size: st.size, mtimeMs: st.mtimeMs };
        if (++count >= maxFiles) return;
      }
    }
    for (let k = subfolders.length - 1; k >= 0; k--) stack.push(subfolders[k]);
  }
}

/**
 * A folder's letter files (their names, sorted) and its subfolders not walked yet. Its entries
 * are gone once this returns: a folder of 100,000 letters held them, and a path for each, for as
 * long as its files were read.
 */
async function listFolder(
  dir: string,
  options: FolderWalkOptions,
  seen: Set<string>,
  fail: (p: string, e: unknown) => void,
): Promise<{ files: string[]; subfolders: string[] } | null> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (e) {
    fail(dir, e);
    return null;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const subfolders: string[] = [];
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (isSkippedFolder(entry.name)) continue;
      const full = path.join(dir, entry.name);
      // A bind mount or a second hard path to a folder already walked is walked once.
      const key = await folderKey(full, fail);
      if (key && !seen.has(key)) {
        seen.add(key);
        subfolders.push(full);
      }
      continue;
    }
    if ((entry.isFile() || entry.isSymbolicLink()) && options.accept(entry.name) && (options.include?.(path.join(dir, entry.name)) ?? true))
      files.push(entry.name);
  }
  return { files, subfolders };
}

async function folderKey(p: string, fail: (p: string, e: unknown) => void): Promise<string | null> {
  try {
    const st = await fsp.stat(p);
    return `d${st.dev}:${st.ino}`;
  } catch (e) {
    fail(p, e);
    return null;
  }
}
