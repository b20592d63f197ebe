// Where the letters of an opened library file are on this machine. The library was written
// anywhere (`imr-check --library` on another machine, a shard merged): a letter's file is where
// its `files.uri` says when that file exists here, else at its `folder` + `file` beside the
// library file (a library copied with its folder), else nowhere here, and the letter says where
// it was (`notOnThisMachine`) so the view can say so instead of failing to open it.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LetterSummary } from '../protocol';
import type { LibraryDb } from './libraryDb';

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

const pathOf = (uri: string): string | undefined => {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
};

/** The page's letters with each file found here (its URI) or said to be elsewhere. One look-up per file of the page. */
export function locateLetters(db: LibraryDb, libraryFile: string, letters: LetterSummary[]): LetterSummary[] {
  const found = new Map<string, { uri: string } | { notOnThisMachine: string }>();
  const locate = (uri: string) => {
    const where = pathOf(uri);
    if (where && isFile(where)) return { uri };
    const row = db.prepare('SELECT l.folder AS folder, l.file AS file FROM files f JOIN letters l ON l.file_id = f.id WHERE f.uri = ? LIMIT 1').get(uri) as
      { folder: string; file: string } | undefined;
    // A relative folder (as written on imr-check's command line) is taken from the library file's folder.
    const beside = row ? path.resolve(path.dirname(libraryFile), row.folder, row.file) : undefined;
    if (beside && isFile(beside)) return { uri: pathToFileURL(beside).href };
    return { notOnThisMachine: where ?? uri };
  };
  return letters.map((l) => {
    let at = found.get(l.uri);
    if (!at) found.set(l.uri, (at = locate(l.uri)));
    return 'uri' in at ? { ...l, uri: at.uri } : { ...l, notOnThisMachine: at.notOnThisMachine };
  });
}
