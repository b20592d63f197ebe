// imr-check merge <out> <in>...: shard libraries (imr-check --shard … --library …) into one, with
// the same rows as one run over everything. Two entries are the same file when their keys (folder
// argument and relative path) are equal; the one with the later recorded modification time wins.
// Each input is merged in one transaction: an interrupted merge leaves the output readable, with
// the inputs before it merged whole. Inputs are opened read-only and never changed.
import type { LibraryDb } from '../library/libraryDb';
import { LibraryFileError, openLibraryFile } from '../library/libraryFile';

/** The columns of `table` other than its id and the references the merge renumbers. */
function copiedColumns(library: LibraryDb, table: string, renumbered: string[]): string[] {
  const all = (library.db.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  return all.filter((c) => c !== 'id' && !renumbered.includes(c));
}

/**
 * Copies the winning files of the attached `src` into main, ids renumbered (run in one
 * transaction). Columns are read from the schema, so a column added to a table is merged too.
 */
function mergeStatements(library: LibraryDb): string[] {
  const cols = (table: string, renumbered: string[], alias: string) => {
    const names = copiedColumns(library, table, renumbered);
    return { list: names.join(', '), from: names.map((n) => `${alias}.${n}`).join(', ') };
  };
  const letters = cols('letters', ['file_id'], 'l');
  const items = cols('items', ['letter_id'], 'i');
  const citations = cols('citations', ['item_id'], 'c');
  return [
    // The files of src that are new, or newer than main's entry of the same key.
    `CREATE TEMP TABLE winners AS
       SELECT s.key FROM src.files s LEFT JOIN main.files m ON m.key = s.key
       WHERE m.id IS NULL OR coalesce(s.mtime, 0) > coalesce(m.mtime, 0)`,
    `DELETE FROM main.files WHERE key IN (SELECT key FROM temp.winners)`,
    `INSERT INTO main.files(key, uri, size, mtime) SELECT key, uri, size, mtime FROM src.files WHERE key IN (SELECT key FROM temp.winners)`,
    // Each letter and item copied: its id in src (old) and in main (new).
    `CREATE TEMP TABLE letter_ids AS
       SELECT sl.id AS old, mf.id AS file_id, sl.letter AS letter, NULL AS new FROM src.letters sl
       JOIN src.files sf ON sf.id = sl.file_id JOIN main.files mf ON mf.key = sf.key
       WHERE sf.key IN (SELECT key FROM temp.winners)`,
    `INSERT INTO main.letters(file_id, ${letters.list}) SELECT t.file_id, ${letters.from} FROM temp.letter_ids t JOIN src.letters l ON l.id = t.old ORDER BY l.id`,
    `UPDATE temp.letter_ids SET new = (SELECT ml.id FROM main.letters ml WHERE ml.file_id = temp.letter_ids.file_id AND ml.letter = temp.letter_ids.letter)`,
    `CREATE TEMP TABLE item_ids AS
       SELECT si.id AS old, t.new AS letter_id, si.position AS position, NULL AS new FROM src.items si JOIN temp.letter_ids t ON t.old = si.letter_id`,
    `INSERT INTO main.items(letter_id, ${items.list}) SELECT t.letter_id, ${items.from} FROM temp.item_ids t JOIN src.items i ON i.id = t.old ORDER BY i.id`,
    `UPDATE temp.item_ids SET new = (SELECT mi.id FROM main.items mi WHERE mi.letter_id = temp.item_ids.letter_id AND mi.position = temp.item_ids.position)`,
    `INSERT INTO main.citations(item_id, ${citations.list}) SELECT t.new, ${citations.from} FROM temp.item_ids t JOIN src.citations c ON c.item_id = t.old`,
    `INSERT INTO main.problems(letter_id, item_id, code, severity)
       SELECT lt.new, it.new, p.code, p.severity FROM src.problems p
       JOIN temp.letter_ids lt ON lt.old = p.letter_id LEFT JOIN temp.item_ids it ON it.old = p.item_id
       WHERE p.item_id IS NULL OR it.old IS NOT NULL`,
    `INSERT INTO main.letter_guidelines(letter_id, guideline, items) SELECT t.new, g.guideline, g.items FROM temp.letter_ids t JOIN src.letter_guidelines g ON g.letter_id = t.old`,
    `INSERT INTO main.item_words(word, item_id) SELECT w.word, t.new FROM temp.item_ids t JOIN src.item_words w ON w.item_id = t.old`,
    `DROP TABLE temp.winners`,
    `DROP TABLE temp.letter_ids`,
    `DROP TABLE temp.item_ids`,
  ];
}

/** SQLite's own message (it names tables and columns, never a row's values); otherwise the error's kind. */
const sqliteReason = (e: unknown): string =>
  e instanceof Error && (e as { code?: string }).code === 'ERR_SQLITE_ERROR'
    ? e.message.split('\n')[0].slice(0, 200)
    : e instanceof Error
      ? e.name
      : 'unknown error';

/** Merges `inputs` into `out` (made when missing). Messages name the file and why; exit 2 on any bad input. */
export function mergeLibraries(out: string, inputs: string[], err: (s: string) => void): number {
  // Every input is checked before anything is written: a bad one changes nothing.
  for (const input of inputs) {
    try {
      openLibraryFile(input, 'read').close();
    } catch (e) {
      err(`imr-check merge: ${e instanceof LibraryFileError ? e.message : `${input}: it could not be read`}`);
      return 2;
    }
  }
  let library;
  try {
    library = openLibraryFile(out, 'write');
  } catch (e) {
    err(`imr-check merge: ${e instanceof LibraryFileError ? e.message : `${out}: it could not be written`}`);
    return 2;
  }
  try {
    // Into a new library, the rows go without its query indexes, made once at the end (LibraryDb.deferQueryIndexes).
    library.deferQueryIndexes();
    for (const input of inputs) {
      library.prepare('ATTACH DATABASE ? AS src').run(input);
      try {
        library.write(() => mergeStatements(library).forEach((sql) => library.db.exec(sql)));
      } finally {
        library.db.exec('DETACH DATABASE src');
      }
    }
  } catch (e) {
    err(`imr-check merge: ${out}: the merge stopped (${sqliteReason(e)}); the inputs merged before it are in it`);
    return 2;
  } finally {
    try {
      library.makeQueryIndexes();
    } catch {
      // A library without them still answers every query (more slowly); the next write makes them.
    }
    library.close();
  }
  return 0;
}
