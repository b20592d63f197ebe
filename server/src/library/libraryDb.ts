// The letter library's database (SQLite through `node:sqlite`): one file per workspace in the
// extension's storage folder, or in memory. Synchronous: the server runs it on a thread of its
// own (libraryWorker.ts); a command line may run it in-process. Its schema (librarySchema.ts) is
// for people too (docs/library.md): `letters`, `items`, `citations`, `problems`, two views; `files`
// and `item_words` are the cache's own (each file's size and time; the words of item names).
// It holds names, dates, guideline references and rule codes, never a letter's text.
import { rmSync } from 'node:fs';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { LetterSummary } from '../protocol';
import { isoDate, parseAnyDate } from '../util/usDate';
import { sqlite } from '../util/sqlite';
import { wordsOf } from '../workspace/indexedItem';
import { letterOutcome } from './letterFacets';
import { migratable, MIGRATIONS, QUERY_INDEXES, SCHEMA, SCHEMA_VERSION } from './librarySchema';

export const LIBRARY_DB_FILE = 'letters.sqlite';
/** How long a write waits for another server's (another window on the same workspace). */
export const BUSY_TIMEOUT_MS = 10_000;

export const SIDES = { claimsAdministrator: 'claims administrator', maximus: 'MAXIMUS' } as const;

/** How the store was found when opened: new, reused, or rebuilt (and why, for the output channel). */
export type OpenState = { state: 'memory' | 'new' | 'loaded' } | { state: 'rebuilt'; reason: string };

/** A file as stored: its key, size and time (null: not reusable, an open document's text), and how many letters it holds. */
export interface StoredFile {
  key: string;
  size: number | null;
  mtime: number | null;
  letters: number;
}

/** Above every character a word holds: `x >= t AND x < t || TOP` is "x starts with t", through an index. */
export const TOP = '\u{10FFFF}';
/** SQL: item `i`'s name has a word starting with a query word (its two arguments: `wordRange`), found through item_words_word. */
export const NAME_HAS_WORD = 'i.id IN (SELECT item_id FROM item_words WHERE word >= ? AND word < ?)';
export const wordRange = (word: string): [string, string] => [word, word + TOP];

export type QueryIndex = keyof typeof QUERY_INDEXES;
const QUERY_INDEX_NAMES = Object.keys(QUERY_INDEXES) as QueryIndex[];
/** Makes every query index missing, and none twice. */
const MAKE_QUERY_INDEXES = Object.values(QUERY_INDEXES)
  .map((sql) => sql.replace('CREATE INDEX ', 'CREATE INDEX IF NOT EXISTS '))
  .join('\n');

const iso = (d: string | undefined): string | null => {
  const parsed = d ? parseAnyDate(d) : null;
  return parsed ? isoDate(parsed) : null;
};

/** The database of the library: opened (or made, or rebuilt) at `file`, or in memory. */
export class LibraryDb {
  readonly db: DatabaseSync;
  readonly opened: OpenState;
  private readonly statements = new Map<string, StatementSync>();
  /** A group of writes is open (writeInGroup): its transaction is committed by commitGroup. */
  private grouped = false;

  /** `ready`: a library file opened by `openLibraryFile` (no context: its files are compared by size and time). */
  constructor(
    readonly file: string | undefined,
    context: string | null,
    ready?: { db: DatabaseSync; opened: OpenState },
  ) {
    const { db, opened } = ready ?? openStore(file);
    this.db = db;
    this.opened = opened;
    if (context !== null) this.setContext(context);
  }

  /** One prepared statement per SQL text. */
  prepare(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** Runs `fn` in one write transaction (IMMEDIATE: another server's writer makes this one wait, up to the busy timeout). */
  write<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      rollback(this.db);
      throw e;
    }
  }

  /**
   * Runs `fn` in the open group of writes, beginning one if none is open; `commitGroup` ends it.
   * The library's thread groups a second's write messages into one transaction (libraryOps.ts
   * GROUP_MS): a commit of 32 files cost as much as the 32 files' inserts (8,000 files 3.2 s, in
   * groups of 256 1.9 s).
   * A failure rolls back the whole group (those files are read again at the next start).
   */
  writeInGroup(fn: () => void): void {
    if (!this.grouped) {
      this.db.exec('BEGIN IMMEDIATE');
      this.grouped = true;
    }
    try {
      fn();
    } catch (e) {
      this.grouped = false;
      rollback(this.db);
      throw e;
    }
  }

  /** Commits the group of writes, if one is open. Anything else (a query, another write) comes after it. */
  commitGroup(): void {
    if (!this.grouped) return;
    this.grouped = false;
    try {
      this.db.exec('COMMIT');
    } catch (e) {
      rollback(this.db);
      throw e;
    }
  }

  /**
   * A first index writes without the query indexes (librarySchema.ts QUERY_INDEXES): dropped when
   * the store holds no file; when some are missing (a first index that did not end) the rest wait
   * too. `makeQueryIndexes` makes them, once the index is complete. Meanwhile every query still
   * answers, without them (`indexedBy`).
   */
  deferQueryIndexes(): void {
    if (this.prepare('SELECT 1 FROM files LIMIT 1').get() !== undefined) return;
    this.commitGroup();
    this.write(() => {
      for (const name of QUERY_INDEX_NAMES) this.db.exec(`DROP INDEX IF EXISTS ${name}`);
    });
  }

  /** Makes the query indexes that are missing (none: nothing written). */
  makeQueryIndexes(): void {
    const present = this.prepare(
      `SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name IN (${QUERY_INDEX_NAMES.map(() => '?').join(', ')})`,
    ).get(...QUERY_INDEX_NAMES) as { n: number };
    if (present.n === QUERY_INDEX_NAMES.length) return;
    this.commitGroup();
    this.write(() => this.db.exec(MAKE_QUERY_INDEXES));
  }

  /** `INDEXED BY` the query index when it is there; nothing while a first index goes without it (deferQueryIndexes). */
  indexedBy(name: QueryIndex): string {
    return this.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(name) ? `INDEXED BY ${name}` : '';
  }

  /** What the summaries depend on (server version, rule levels, knowledge base): another one empties the store. */
  setContext(context: string): boolean {
    const row = this.prepare("SELECT value FROM meta WHERE name = 'context'").get() as { value: string } | undefined;
    if (row?.value === context) return false;
    this.write(() => {
      if (row) this.db.exec('DELETE FROM files');
      this.prepare("INSERT OR REPLACE INTO meta(name, value) VALUES ('context', ?)").run(context);
    });
    return row !== undefined;
  }

  /**
   * The stored files after file id `after`, at most `limit` of them, in id order, with their
   * letter counts, and the last id given (null: none left). A page at a time: 100,000 files at
   * once are a heap of their own. No summary is read (workspace symbols ask the store: librarySymbols.ts).
   */
  storedFiles(after: number, limit: number): { files: StoredFile[]; last: number | null } {
    const files = this.prepare(
      'SELECT f.key AS key, f.size AS size, f.mtime AS mtime, (SELECT count(*) FROM letters l WHERE l.file_id = f.id) AS letters, f.id AS id FROM files f WHERE f.id > ? ORDER BY f.id LIMIT ?',
    ).all(after, limit) as (StoredFile & { id: number })[];
    const last = files.length > 0 ? files[files.length - 1].id : null;
    return { files: files.map(({ id: _id, ...f }) => f), last };
  }

  /**
   * A file's letters replace its stored ones (none: read, and no letter). `size`/`mtime` null:
   * not reusable on restart (an open document's text). `file` is its path relative to its root.
   * Inside `write()`.
   */
  putFileInTransaction(
    key: string,
    uri: string,
    file: string,
    size: number | null,
    mtime: number | null,
    letters: readonly (LetterSummary | string)[],
    severities: Record<string, string>,
    folder = '',
  ): void {
    this.prepare('DELETE FROM files WHERE key = ?').run(key);
    const { lastInsertRowid: fileId } = this.prepare('INSERT INTO files(key, uri, size, mtime) VALUES (?, ?, ?, ?)').run(key, uri, size, mtime);
    for (const l of letters) this.insertLetter(Number(fileId), folder, file, l, severities);
  }

  forgetFileInTransaction(key: string): void {
    this.prepare('DELETE FROM files WHERE key = ?').run(key);
  }

  /** Keeps only these files (the others were deleted, or left the workspace, while no server ran). */
  retainFiles(keys: readonly string[]): number {
    const keep = new Set(keys);
    const gone = (this.prepare('SELECT key FROM files').all() as { key: string }[]).map((r) => r.key).filter((k) => !keep.has(k));
    if (gone.length > 0) this.write(() => gone.forEach((k) => this.forgetFileInTransaction(k)));
    return gone.length;
  }

  close(): void {
    try {
      this.commitGroup();
    } catch {
      // Those files are read again at the next start.
    }
    this.statements.clear();
    closeQuietly(this.db);
  }

  /** `given`: its summary, or the JSON the store keeps of it (workspace/fileSummary.ts LetterRecords: read here, kept as it is). */
  private insertLetter(fileId: number, folder: string, file: string, given: LetterSummary | string, severities: Record<string, string>): void {
    const l = typeof given === 'string' ? (JSON.parse(given) as LetterSummary) : given;
    const { uri: _uri, ...summary } = l;
    const letter = this.prepare(
      `INSERT INTO letters(file_id, folder, file, letter, case_number, decision_date, date_of_injury, ur_denial_date, date_assigned, specialty, outcome, items, summary)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      fileId,
      folder,
      file,
      l.letter,
      l.caseNumber ?? null,
      iso(l.decisionDate),
      iso(l.dateOfInjury),
      iso(l.urDenialDate),
      iso(l.dateAssigned),
      l.specialty ?? null,
      letterOutcome(l),
      l.items.length,
      typeof given === 'string' ? given : JSON.stringify(summary),
    );
    const letterId = Number(letter.lastInsertRowid);
    const problem = this.prepare('INSERT INTO problems(letter_id, item_id, code, severity) VALUES (?, ?, ?, ?)');
    for (const code of l.problems ?? []) problem.run(letterId, null, code, severities[code] ?? 'warning');
    l.items.forEach((item, position) => {
      const itemId = Number(
        this.prepare(
          'INSERT INTO items(letter_id, position, name, decision, requested_visits, conclusion, treatment, body_part) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(
          letterId,
          position + 1,
          item.name,
          item.decision,
          item.requestedVisits ?? null,
          item.conclusion ?? null,
          item.treatment ?? null,
          item.bodyPart ?? null,
        ).lastInsertRowid,
      );
      for (const word of new Set(wordsOf(item.name))) this.prepare('INSERT INTO item_words(item_id, word) VALUES (?, ?)').run(itemId, word);
      for (const code of item.problems ?? []) problem.run(letterId, itemId, code, severities[code] ?? 'warning');
      const cite = this.prepare('INSERT INTO citations(item_id, side, guideline, mtus, section, pages, decision) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const [side, refs] of [
        [SIDES.claimsAdministrator, item.claimsAdministratorGuidelines],
        [SIDES.maximus, item.maximusGuidelines],
      ] as const) {
        for (const r of refs ?? []) {
          const pages = r.pages && r.pages.length > 0 ? r.pages.join(', ') : null;
          for (const section of r.sections && r.sections.length > 0 ? r.sections : [null])
            cite.run(itemId, side, r.guideline, r.mtus ? 1 : 0, section, pages, item.decision);
        }
      }
    });
    // Its groups by guideline (librarySchema.ts letter_guidelines): as its MAXIMUS citations name them, or '' for none.
    const guidelines = new Set(l.items.flatMap((item) => (item.maximusGuidelines ?? []).map((r) => r.guideline)));
    const group = this.prepare('INSERT INTO letter_guidelines(letter_id, guideline, items) VALUES (?, ?, ?)');
    for (const guideline of guidelines.size > 0 ? guidelines : ['']) group.run(letterId, guideline, l.items.length);
  }
}

/** Ends a failed transaction (none open, after SQLite rolled it back itself: nothing to do). */
function rollback(db: DatabaseSync): void {
  try {
    db.exec('ROLLBACK');
  } catch {
    // No transaction was open.
  }
}

export function closeQuietly(db: DatabaseSync): void {
  try {
    db.close();
  } catch {
    // Already closed.
  }
}

export function configure(db: DatabaseSync, file: string | undefined): void {
  // Pages of 8 KB, not 4, for a database made now (one that exists keeps its own): writing a first
  // index of 100,000 letters and making its indexes took the library thread about a fifth less time
  // (6.0 s against 7.3, measured while item names' words were briefly in FTS5; 16 KB: 6.2 s).
  db.exec('PRAGMA page_size = 8192');
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec('PRAGMA foreign_keys = ON');
  // A page cache of 16 MB instead of 2: a letter's rows touch a dozen indexes at scattered pages.
  db.exec('PRAGMA cache_size = -16000');
  if (file) {
    db.exec('PRAGMA journal_mode = WAL');
    // WAL's commits are durable at the next checkpoint: a crash loses at most the last writes of a cache.
    db.exec('PRAGMA synchronous = NORMAL');
    // A checkpoint (and its fsync) per 32 MB of WAL, not per 4 MB: with the cache above, writing
    // 8,000 letters' rows took 1.3 s instead of 2.1.
    db.exec('PRAGMA wal_autocheckpoint = 8192');
  }
}

/**
 * The version found, or why the file is no store of ours (unreadable, not SQLite, and with `check`
 * damaged: SQLite's quick_check, which reads every page).
 */
export function versionOf(db: DatabaseSync, check = true): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  const damage = check ? damageOf(db) : null;
  if (damage) throw new Error(damage);
  return row.user_version;
}

/** Null, or why the database is damaged (SQLite's quick_check: every page read, 0.7 s at 100,000 letters). */
export function damageOf(db: DatabaseSync): string | null {
  const check = db.prepare('PRAGMA quick_check').get() as { quick_check: string } | undefined;
  return check?.quick_check === 'ok' ? null : 'the database is damaged';
}

export function create(db: DatabaseSync): void {
  // Off outside the transaction (inside one the pragma does nothing): dropping a table of another version must not cascade.
  db.exec('PRAGMA foreign_keys = OFF');
  db.exec('BEGIN IMMEDIATE');
  try {
    // Another server may have made it meanwhile (two windows opening the workspace at once).
    let version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    while (version !== SCHEMA_VERSION && MIGRATIONS[version] !== undefined) {
      db.exec(MIGRATIONS[version]);
      db.exec(`PRAGMA user_version = ${++version}`);
    }
    if (version !== SCHEMA_VERSION) {
      const objects = db
        .prepare("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY type = 'table'")
        .all() as {
        type: string;
        name: string;
      }[];
      for (const o of objects) db.exec(`DROP ${o.type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS "${o.name.replace(/"/g, '""')}"`);
      db.exec(SCHEMA);
      db.exec(MAKE_QUERY_INDEXES);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    }
    db.exec('COMMIT');
  } catch (e) {
    rollback(db);
    throw e;
  } finally {
    db.exec('PRAGMA foreign_keys = ON');
  }
}

export const removeStore = (file: string): void => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
};

/** Opens the store: a new one made; one of another version or unreadable rebuilt (said why); never a throw for a bad file. */
function openStore(file: string | undefined): { db: DatabaseSync; opened: OpenState } {
  const { DatabaseSync } = sqlite();
  if (!file) {
    const db = new DatabaseSync(':memory:');
    configure(db, undefined);
    create(db);
    return { db, opened: { state: 'memory' } };
  }
  let reason: string | undefined;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file);
    configure(db, file);
    // Not read page by page here: the workspace's store is checked once its index is complete
    // (LibraryOps 'check'), off the way of a restart, which it made 15% longer.
    const version = versionOf(db, false);
    const fresh = version === 0 && (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get() as { n: number }).n === 0;
    if (!migratable(version) && !fresh) reason = `it is of another version (${version}, expected ${SCHEMA_VERSION})`;
    create(db);
    return { db, opened: reason ? { state: 'rebuilt', reason } : { state: fresh ? 'new' : 'loaded' } };
  } catch (e) {
    // Not SQLite, damaged, or unreadable: made anew (it is a cache of what the files say).
    if (db) closeQuietly(db);
    reason = `it could not be read (${e instanceof Error ? e.message : 'unknown error'})`;
  }
  removeStore(file);
  const fresh = new DatabaseSync(file);
  configure(fresh, file);
  create(fresh);
  return { db: fresh, opened: { state: 'rebuilt', reason } };
}
