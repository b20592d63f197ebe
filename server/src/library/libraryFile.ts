// A library file a person made or was given: written by `imr-check --library`, combined by
// `imr-check merge`, opened in the editor. Unlike the workspace's own store (libraryDb.ts: a
// cache, rebuilt when it is bad), such a file is never rebuilt or emptied: one that is not a
// letter library of this schema is refused, naming the file and the reason. A file written is
// left complete on its own (rollback journal, no -wal beside it), so it can be copied, mailed or
// opened read-only.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { sqlite } from '../util/sqlite';
import { closeQuietly, configure, create, LibraryDb, versionOf } from './libraryDb';
import { migratable, SCHEMA_VERSION } from './librarySchema';

/** A library file that cannot be used: `message` names the file and why. */
export class LibraryFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'LibraryFileError';
  }
}

/** How long a write waits for another writer of the same file before saying it is locked. */
const LOCK_WAIT_MS = 3000;
const SQLITE_HEADER = 'SQLite format 3\u0000';
/** Tables a file must have to be a letter library. */
const TABLES = ['files', 'letters', 'items', 'citations', 'problems'];

function headerOf(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const n = readSync(fd, buffer, 0, 16, 0);
    return buffer.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** What SQLite's message means for a person, never the message itself when it could be anything. */
function reasonOf(e: unknown): string {
  const m = e instanceof Error ? e.message : '';
  if (/locked|busy/i.test(m)) return 'it is locked: a running index or another imr-check is writing it (try again when it has finished)';
  if (/not a database|malformed|damaged|disk image/i.test(m)) return 'it is damaged or truncated (not a complete SQLite database)';
  if (/readonly|read-only|permission|access/i.test(m)) return 'it cannot be written here (read-only file or folder)';
  if (e instanceof LibraryFileError) return e.message;
  return `it could not be opened (${e instanceof Error ? e.name : 'unknown error'})`;
}

/** Why an open database is not a letter library of this schema, or null when it is one (`empty`: a new file). */
function schemaProblem(db: DatabaseSync, access: 'write' | 'read'): string | null {
  const version = versionOf(db);
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  if (version === 0 && tables.size === 0) return access === 'write' ? null : 'it is empty: no letter library has been written to it';
  if (!TABLES.every((t) => tables.has(t))) return 'it is an SQLite database, but not a letter library (no letters, items and citations tables)';
  // An earlier schema this version knows how to bring up to date: written to, it is (create, in libraryDb.ts).
  if (access === 'write' && migratable(version)) return null;
  if (version < SCHEMA_VERSION && migratable(version))
    return `it is a letter library of an earlier version (schema ${version}; this version reads schema ${SCHEMA_VERSION}): bring it up to date by writing to it once with this imr-check (imr-check --library <file> <its folders>)`;
  if (version !== SCHEMA_VERSION)
    return `it is a letter library of another version (schema ${version}; this version reads schema ${SCHEMA_VERSION}): rebuild it with this imr-check`;
  return null;
}

/**
 * Opens a library file. `write`: made when missing (or empty), else it must be a library of
 * this schema. `read`: it must exist and be one; opened read-only. Throws `LibraryFileError`.
 */
export function openLibraryFile(file: string, access: 'write' | 'read'): LibraryDb {
  const exists = existsSync(file);
  if (!exists && access === 'read') throw new LibraryFileError(file, 'no such file');
  if (exists && statSync(file).isDirectory()) throw new LibraryFileError(file, 'it is a folder, not a library file');
  if (exists && statSync(file).size > 0 && headerOf(file) !== SQLITE_HEADER)
    throw new LibraryFileError(file, 'it is not a letter library (not an SQLite database)');
  const { DatabaseSync } = sqlite();
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, access === 'read' ? { readOnly: true } : {});
    db.exec(`PRAGMA busy_timeout = ${LOCK_WAIT_MS}`);
    const problem = schemaProblem(db, access);
    if (problem) throw new LibraryFileError(file, problem);
    const opened = versionOf(db) === 0 ? { state: 'new' as const } : { state: 'loaded' as const };
    if (access === 'write') {
      configure(db, undefined);
      db.exec(`PRAGMA busy_timeout = ${LOCK_WAIT_MS}`);
      // A file of its own: no -wal beside it once closed (a WAL file left by an editor is folded in).
      db.exec('PRAGMA journal_mode = DELETE');
      create(db);
    }
    return new LibraryDb(file, null, { db, opened });
  } catch (e) {
    if (db) closeQuietly(db);
    throw e instanceof LibraryFileError ? e : new LibraryFileError(file, reasonOf(e));
  }
}
