// What the library's database thread does (libraryWorker.ts), one message at a time: open the
// store, write a batch of files in one transaction, answer a query. Also run in-process when
// there is no thread script (unit tests from the sources), with the same messages.
import type { LetterGroupsParams, LettersFilter, LettersParams, LettersSummaryParams } from '../protocol';
import { LibraryDb, type OpenState, type StoredFile } from './libraryDb';
import { openLibraryFile } from './libraryFile';
import { locateLetters } from './libraryLocations';
import { decisionCounts, letterCount, letterFileUris, letterGroups, lettersPage, lettersSummary } from './libraryQueries';
import type { LetterSummary } from '../protocol';

/** One file's letters to store (`size`/`mtime` null: not reusable), or (`letters` absent) the file to forget. */
export interface FileWrite {
  key: string;
  uri?: string;
  file?: string;
  size?: number | null;
  mtime?: number | null;
  letters?: LetterSummary[];
}

export type LibraryRequest =
  | { op: 'open'; file: string | undefined; context: string }
  /** The stored files after file id `after`, a page at a time (LibraryDb.storedFiles). */
  | { op: 'stored'; after: number; limit: number }
  /** A library file a person made, read-only (libraryFile.ts): answers its letter count, or fails naming the file and why. */
  | { op: 'openFile'; file: string }
  | { op: 'context'; context: string }
  | { op: 'write'; writes: FileWrite[]; severities: Record<string, string> }
  | { op: 'retain'; keys: string[] }
  | { op: 'letters'; params: LettersParams | null | undefined }
  | { op: 'groups'; params: LetterGroupsParams }
  | { op: 'summary'; params: LettersSummaryParams | null | undefined }
  | { op: 'decisions'; filters: LettersFilter[] }
  | { op: 'uris' }
  | { op: 'count' }
  | { op: 'close' };

/** Files in one transaction at most, however many write messages wait. */
const GROUP_FILES = 1024;

export interface Opened {
  opened: OpenState;
}

export interface StoredPage {
  files: StoredFile[];
  /** The last file id given: the next page starts after it; null: none left. */
  last: number | null;
}

export class LibraryOps {
  private db: LibraryDb | undefined;
  /** Set when the database is a library file opened read-only (its letters are located on this machine). */
  private libraryFile: string | undefined;

  /** A commit of the open group of writes is scheduled. */
  private commitScheduled = false;
  /** Files written in the open group. */
  private groupFiles = 0;

  /** Runs one request; the answer is structured-cloneable. */
  run(r: LibraryRequest): unknown {
    // Writes waiting together are one transaction (LibraryDb.writeInGroup); anything else comes after their commit.
    if (r.op !== 'write') this.commit();
    if (r.op === 'open') return this.open(r.file, r.context);
    if (r.op === 'openFile') {
      this.db = openLibraryFile(r.file, 'read');
      this.libraryFile = r.file;
      return letterCount(this.db);
    }
    if (r.op === 'close') {
      this.db?.close();
      this.db = undefined;
      return null;
    }
    const db = this.db;
    if (!db) throw new Error('the library is not open');
    switch (r.op) {
      case 'context':
        return db.setContext(r.context);
      case 'write':
        db.writeInGroup(() => {
          for (const w of r.writes) {
            if (w.letters) db.putFileInTransaction(w.key, w.uri ?? w.key, w.file ?? w.key, w.size ?? null, w.mtime ?? null, w.letters, r.severities);
            else db.forgetFileInTransaction(w.key);
          }
        });
        this.groupFiles += r.writes.length;
        // Committed once the messages already waiting are written (setImmediate runs after them), or at a bound.
        if (this.groupFiles >= GROUP_FILES) this.commit();
        else if (!this.commitScheduled) {
          this.commitScheduled = true;
          setImmediate(() => this.commit());
        }
        return null;
      case 'stored':
        return db.storedFiles(r.after, r.limit);
      case 'retain':
        return db.retainFiles(r.keys);
      case 'letters':
        return this.libraryFile ? locateLetters(db, this.libraryFile, lettersPage(db, r.params)) : lettersPage(db, r.params);
      case 'groups':
        return letterGroups(db, r.params);
      case 'summary':
        return lettersSummary(db, r.params?.filter);
      case 'decisions':
        return decisionCounts(db, r.filters);
      case 'uris':
        return letterFileUris(db);
      case 'count':
        return letterCount(db);
    }
  }

  /** Commits the group of writes (a failure costs the cache those files: they are read again at the next start). */
  private commit(): void {
    this.commitScheduled = false;
    this.groupFiles = 0;
    try {
      this.db?.commitGroup();
    } catch {
      // As above.
    }
  }

  /** Opens the store; one that cannot be made at all (an unwritable folder) is kept in memory, and said so. */
  private open(file: string | undefined, context: string): Opened {
    this.db?.close();
    try {
      this.db = new LibraryDb(file, context);
    } catch (e) {
      this.db = new LibraryDb(undefined, context);
      return { opened: { state: 'rebuilt', reason: `it cannot be written (${e instanceof Error ? e.message : 'unknown error'}); kept in memory` } };
    }
    return { opened: this.db.opened };
  }
}
