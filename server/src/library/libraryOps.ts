// What the library's database thread does (libraryWorker.ts), one message at a time: open the
// store, write a batch of files in one transaction, answer a query. Also run in-process when
// there is no thread script (unit tests from the sources), with the same messages.
import type { LetterGroupsParams, LettersFilter, LettersParams, LettersSummaryParams } from '../protocol';
import { damageOf, LibraryDb, type OpenState, removeStore, type StoredFile } from './libraryDb';
import { openLibraryFile } from './libraryFile';
import { locateLetters } from './libraryLocations';
import { librarySymbols } from './librarySymbols';
import { decisionCounts, letterCount, letterFileUris, letterGroups, lettersPage, lettersSummary } from './libraryQueries';

/** One file's letters to store (`size`/`mtime` null: not reusable), or (`letters` absent) the file to forget. */
export interface FileWrite {
  key: string;
  uri?: string;
  file?: string;
  size?: number | null;
  mtime?: number | null;
  /** Each letter's summary as stored (workspace/fileSummary.ts LetterRecords). */
  letters?: readonly string[];
}

/** A write message's files, and the rule levels stored with their problems. */
interface WriteBatch {
  writes: FileWrite[];
  severities: Record<string, string>;
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
  /** Workspace symbols of the stored files (librarySymbols.ts). */
  | { op: 'symbols'; query: string; limit: number }
  | { op: 'count' }
  /** The index is complete: the open group of writes committed, and the query indexes a first index went without made (LibraryDb.deferQueryIndexes). */
  | { op: 'complete' }
  /** The workspace's store read page by page; a damaged one is made anew (empty): answers why, or null. */
  | { op: 'check' }
  | { op: 'close' };

/** Files in one transaction at most, however many write messages wait. */
const GROUP_FILES = 1024;
/**
 * A group of writes is committed this long after its first write (or at GROUP_FILES). Each commit
 * writes every index page its files touched (five indexes over citations and item words): committed
 * whenever the thread caught up, a first index of 20,000 letters spent 3.2 s of this thread's 8.3 s
 * in commits. Queries on this thread see the open group; another window's server (or sqlite3) sees it
 * once committed, and at the latest when the index is complete (`commit`).
 */
const GROUP_MS = 1000;

/** Requests that only read: they are answered inside the open group of writes (the same connection sees them). */
const READS = new Set<LibraryRequest['op']>(['stored', 'letters', 'groups', 'summary', 'decisions', 'uris', 'count', 'symbols']);

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
  /** What the summaries depend on (LibraryDb.setContext): a store made anew gets it too. */
  private context = '';
  /** Set when the database is a library file opened read-only (its letters are located on this machine). */
  private libraryFile: string | undefined;

  /** The commit of the open group of writes, scheduled. */
  private commitTimer: NodeJS.Timeout | undefined;
  /** Files written in the open group. */
  private groupFiles = 0;
  /** Batches the store refused (its lock held elsewhere), written first at the next write. */
  private refused: WriteBatch[] = [];

  /** Runs one request; the answer is structured-cloneable. */
  run(r: LibraryRequest): unknown {
    // Writes waiting together are one transaction (LibraryDb.writeInGroup); another write or a new database comes after their commit.
    if (r.op !== 'write' && !READS.has(r.op)) this.commit();
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
      case 'context': {
        this.context = r.context;
        const emptied = db.setContext(r.context);
        if (emptied) db.deferQueryIndexes();
        return emptied;
      }
      case 'write':
        return this.write(db, { writes: r.writes, severities: r.severities });
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
      case 'symbols':
        return librarySymbols(db, r.query, r.limit);
      case 'uris':
        return letterFileUris(db);
      case 'count':
        return letterCount(db);
      case 'complete':
        // Committed above, as before any request that is not a read.
        if (!this.libraryFile) db.makeQueryIndexes();
        return null;
      case 'check':
        return this.check(db);
    }
  }

  /**
   * Writes a batch, after the batches refused before it. One refused because another window's
   * server held the store's lock past the busy timeout is kept here, in order, and written at the
   * next write (libraryStore.ts sends an empty one soon): the main thread, which serves typing,
   * keeps no copy of the summaries it sent for a retry (at 100,000 letters, indexing with those
   * copies took its heap to 93-111 MB, without them to 70 MB). Any other failure costs the cache those files: they are read again at the next start.
   */
  private write(db: LibraryDb, batch: WriteBatch): null {
    this.refused.push(batch);
    const batches = this.refused;
    this.refused = [];
    let failure: unknown;
    for (let k = 0; k < batches.length; k++) {
      try {
        this.writeBatch(db, batches[k]);
      } catch (e) {
        if (/\b(locked|busy)\b/i.test(e instanceof Error ? e.message : String(e))) {
          this.refused = batches.slice(k);
          throw e;
        }
        failure = e;
      }
    }
    if (failure !== undefined) throw failure;
    return null;
  }

  private writeBatch(db: LibraryDb, { writes, severities }: WriteBatch): void {
    db.writeInGroup(() => {
      for (const w of writes) {
        if (w.letters) db.putFileInTransaction(w.key, w.uri ?? w.key, w.file ?? w.key, w.size ?? null, w.mtime ?? null, w.letters, severities);
        else db.forgetFileInTransaction(w.key);
      }
    });
    this.groupFiles += writes.length;
    if (this.groupFiles >= GROUP_FILES) this.commit();
    else this.commitTimer ??= setTimeout(() => this.commit(), GROUP_MS).unref();
  }

  /** Commits the group of writes (a failure costs the cache those files: they are read again at the next start). */
  private commit(): void {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    this.groupFiles = 0;
    try {
      this.db?.commitGroup();
    } catch {
      // As above.
    }
  }

  /** A damaged store is made anew, as one that cannot be read is when opened (it is a cache). */
  private check(db: LibraryDb): string | null {
    if (this.libraryFile) return null; // a person's library file is never rebuilt (libraryFile.ts checks it when opened)
    const damage = damageOf(db.db);
    if (damage && db.file) {
      db.close();
      this.db = undefined;
      removeStore(db.file);
      this.open(db.file, this.context);
    }
    return damage;
  }

  /** Opens the store; one that cannot be made at all (an unwritable folder) is kept in memory, and said so. */
  private open(file: string | undefined, context: string): Opened {
    this.context = context;
    this.db?.close();
    try {
      this.db = new LibraryDb(file, context);
    } catch (e) {
      this.db = new LibraryDb(undefined, context);
      this.db.deferQueryIndexes();
      return { opened: { state: 'rebuilt', reason: `it cannot be written (${e instanceof Error ? e.message : 'unknown error'}); kept in memory` } };
    }
    this.db.deferQueryIndexes();
    return { opened: this.db.opened };
  }
}
