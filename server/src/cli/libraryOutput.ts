// imr-check --library <file>: the letters of the files checked, written into a letter library
// (the schema of docs/library.md, through the one library module). The file is made or updated:
// a file unchanged in size and time since it was written is not read again; one gone from a
// folder given is removed. Writes go in one transaction per batch, so an interrupted run leaves a
// consistent library; the finished file stands alone (rollback journal, nothing beside it).
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { LetterSummary } from '../protocol';
import { LibraryDb } from '../library/libraryDb';
import { openLibraryFile } from '../library/libraryFile';
import { ALL_RULES, effectiveLevel } from '../rules/engine';
import type { Level } from '../rules/rule';
import type { Shard } from './shard';
import { shardOf } from './shard';
import type { TargetFile } from './targets';

/** Files per write transaction. */
const BATCH = 200;

/** A file's key in a library written by imr-check: its folder argument and its path relative to it. */
export const libraryKey = (folder: string, file: string): string => JSON.stringify([folder, file]);

interface Stored {
  size: number | null;
  mtime: number | null;
}

export class LibraryOutput {
  private readonly stored = new Map<string, Stored>();
  private readonly seen = new Set<string>();
  private readonly folders = new Set<string>();
  private pending: (() => void)[] = [];
  /** The run's settings differ from those the file was written with: nothing is taken as unchanged. */
  private readonly readAll: boolean;

  private constructor(
    private readonly db: LibraryDb,
    context: string,
    private readonly shard: Shard | undefined,
  ) {
    for (const r of db.prepare('SELECT key, size, mtime FROM files').all() as ({ key: string } & Stored)[]) this.stored.set(r.key, r);
    const row = db.prepare("SELECT value FROM meta WHERE name = 'context'").get() as { value: string } | undefined;
    this.readAll = row !== undefined && row.value !== context;
    db.write(() => db.prepare("INSERT OR REPLACE INTO meta(name, value) VALUES ('context', ?)").run(context));
    // A new library is written without its query indexes, made when the run ends (LibraryDb.deferQueryIndexes).
    db.deferQueryIndexes();
  }

  /** Opens (or makes) the file; throws LibraryFileError naming it and why it cannot be used. */
  static open(file: string, context: string, shard?: Shard): LibraryOutput {
    return new LibraryOutput(openLibraryFile(file, 'write'), context, shard);
  }

  /** Whether `t` is as it was when last written (then it is not read again), and notes it as present. */
  unchanged(t: TargetFile): boolean {
    const key = libraryKey(t.folder, t.key);
    this.seen.add(key);
    if (t.folder) this.folders.add(t.folder);
    const s = this.stored.get(key);
    return !this.readAll && s !== undefined && s.size === t.size && s.mtime === Math.round(t.mtimeMs);
  }

  /** Error-level problems stored for an unchanged file (they count for the exit code as if it were read). */
  storedErrors(t: TargetFile): number {
    const row = this.db
      .prepare(
        "SELECT count(*) AS n FROM problems p JOIN letters l ON l.id = p.letter_id JOIN files f ON f.id = l.file_id WHERE f.key = ? AND p.severity = 'error'",
      )
      .get(libraryKey(t.folder, t.key)) as { n: number };
    return row.n;
  }

  /** A file checked: its letters (none: read, not a letter) replace what the library had. */
  put(t: TargetFile, letters: LetterSummary[], levels: Record<string, Level>): void {
    const key = libraryKey(t.folder, t.key);
    const uri = pathToFileURL(path.resolve(t.file)).href;
    const severities = severitiesOf(levels);
    this.pending.push(() => this.db.putFileInTransaction(key, uri, t.key, t.size, Math.round(t.mtimeMs), letters, severities, t.folder));
    if (this.pending.length >= BATCH) this.flush();
  }

  /** Writes what is pending, removes the files gone from the folders walked, and closes the file. */
  finish(): number {
    this.flush();
    const gone = [...this.stored.keys()].filter((key) => {
      const [folder, file] = JSON.parse(key) as [string, string];
      const mine = !this.shard || shardOf(file, this.shard.count) === this.shard.index;
      return this.folders.has(folder) && mine && !this.seen.has(key);
    });
    if (gone.length > 0) this.db.write(() => gone.forEach((key) => this.db.forgetFileInTransaction(key)));
    this.db.makeQueryIndexes();
    this.db.close();
    return gone.length;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.db.write(() => batch.forEach((write) => write()));
  }
}

const severitiesCache = new Map<string, Record<string, string>>();

/** Each rule's effective level under `levels` (what the problems table records). */
function severitiesOf(levels: Record<string, Level>): Record<string, string> {
  const id = JSON.stringify(levels);
  let out = severitiesCache.get(id);
  if (!out) {
    out = {};
    for (const r of ALL_RULES) out[r.code] = effectiveLevel(r, levels);
    severitiesCache.set(id, out);
  }
  return out;
}
