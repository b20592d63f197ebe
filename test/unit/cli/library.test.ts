// imr-check --library and imr-check merge: a letter library written from the command line, kept
// up to date without reading unchanged files, merged from shards into the rows of one run; a file
// that is not a library of this schema is refused by name and reason, and never rebuilt.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { sqlite } from '../../../server/src/util/sqlite';
import { QUERY_INDEXES, SCHEMA_VERSION } from '../../../server/src/library/librarySchema';
import { runCli, syntheticLetter } from '../../helpers/cli';
import { libraryRows } from '../../helpers/libraryRows';
import { sampleLetters } from '../../helpers/corpus';

const dir = mkdtempSync(path.join(tmpdir(), 'imr-library-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const archive = path.join(dir, 'archive');
for (const [k, l] of sampleLetters().entries()) {
  mkdirSync(path.join(archive, `batch-${k % 2}`), { recursive: true });
  writeFileSync(path.join(archive, `batch-${k % 2}`, `${path.basename(l.id).replace(/\.\w+$/, '')}.txt`), l.text);
}
for (let k = 0; k < 12; k++) writeFileSync(path.join(archive, `CM99-${String(k).padStart(7, '0')}.txt`), syntheticLetter(`CM99-${String(k).padStart(7, '0')}`));
const lib = (name: string) => path.join(dir, name);
const db = (file: string) => new (sqlite().DatabaseSync)(file);

describe('imr-check --library', () => {
  test('writes each letter with its folder and relative path; the other output is as without it', async () => {
    const plain = await runCli(['--format', 'ndjson', '--jobs', '1', archive]);
    const r = await runCli(['--format', 'ndjson', '--jobs', '1', '--library', lib('a.sqlite'), archive]);
    assert.equal(r.code, plain.code, r.err);
    assert.equal(r.out, plain.out);
    assert.match(r.err, /a\.sqlite: 17 files written, 0 unchanged \(not read again\), 0 removed/);
    const rows = libraryRows(lib('a.sqlite'));
    assert.equal(rows.letters.length, 17);
    const files = (rows.letters as { folder: string; file: string }[]).map((l) => [l.folder, l.file]);
    assert.ok(files.some(([folder, file]) => folder === archive && file === `batch-1/${path.basename(sampleLetters()[1].id).replace(/\.\w+$/, '')}.txt`));
    // Complete on its own: a rollback journal, and nothing left beside the file.
    assert.deepEqual(
      ['-wal', '-shm', '-journal'].filter((s) => existsSync(lib('a.sqlite') + s)),
      [],
    );
    const d = db(lib('a.sqlite'));
    assert.equal((d.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'delete');
    d.close();
  });

  test('an unchanged file is not read again; a changed one is; one gone from the folder is removed', async () => {
    copyFileSync(lib('a.sqlite'), lib('b.sqlite'));
    const target = path.join(archive, 'CM99-0000003.txt');
    const { mtime, size } = statSync(target);
    // Same size and time, other text: still taken as unchanged (the library keeps what it had).
    writeFileSync(target, syntheticLetter('CM99-0000003').replace('CM99-0000003', 'CM99-0000903'));
    assert.equal(statSync(target).size, size);
    utimesSync(target, mtime, mtime);
    let r = await runCli(['--format', 'ndjson', '--library', lib('b.sqlite'), archive]);
    assert.match(r.err, /0 files written, 17 unchanged/);
    assert.equal(r.out, '', 'nothing read, nothing written to the output');
    const caseNumbers = () => (libraryRows(lib('b.sqlite')).letters as { case_number: string }[]).map((l) => l.case_number);
    assert.ok(caseNumbers().includes('CM99-0000003'));
    // A new time: read again.
    utimesSync(target, new Date(), new Date());
    rmSync(path.join(archive, 'CM99-0000011.txt'));
    r = await runCli(['--format', 'ndjson', '--library', lib('b.sqlite'), archive]);
    assert.match(r.err, /1 file written, 15 unchanged \(not read again\), 1 removed/);
    assert.ok(caseNumbers().includes('CM99-0000903'));
    assert.ok(!caseNumbers().includes('CM99-0000011'));
    writeFileSync(path.join(archive, 'CM99-0000011.txt'), syntheticLetter('CM99-0000011'));
    writeFileSync(target, syntheticLetter('CM99-0000003'));
  });

  test('a file that is not a library of this schema is refused by name and reason, and left as it was', async () => {
    const cases: [string, (f: string) => void, RegExp][] = [
      ['text.sqlite', (f) => writeFileSync(f, 'Case Number: CM99-0000001\n'), /not a letter library \(not an SQLite database\)/],
      [
        'other.sqlite',
        (f) => {
          const d = db(f);
          d.exec('CREATE TABLE notes(x)');
          d.close();
        },
        /an SQLite database, but not a letter library/,
      ],
      [
        'version.sqlite',
        (f) => {
          copyFileSync(lib('a.sqlite'), f);
          const d = db(f);
          d.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
          d.close();
        },
        new RegExp(`another version \\(schema ${SCHEMA_VERSION + 1}; this version reads schema ${SCHEMA_VERSION}\\)`),
      ],
      [
        'truncated.sqlite',
        (f) => {
          copyFileSync(lib('a.sqlite'), f);
          truncateSync(f, Math.floor(statSync(f).size / 3));
        },
        /damaged or truncated/,
      ],
    ];
    for (const [name, make, reason] of cases) {
      make(lib(name));
      const before = readFileSync(lib(name));
      const r = await runCli(['--library', lib(name), archive]);
      assert.equal(r.code, 2, name);
      assert.match(r.err, new RegExp(`^imr-check: ${lib(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `), name);
      assert.match(r.err, reason, name);
      assert.equal(r.out, '', name);
      assert.deepEqual(readFileSync(lib(name)), before, `${name} is left as it was`);
    }
  });

  test('a library of schema 3 is brought up to date in place by the next write, keeping its rows; reading it says how', async () => {
    // Schema 3 as it was: citations without their decision, item words with rowids, no letter_guidelines, and the indexes of then.
    copyFileSync(lib('a.sqlite'), lib('v3.sqlite'));
    const d = db(lib('v3.sqlite'));
    d.exec(`DROP INDEX citations_topic; DROP INDEX citations_guideline; DROP INDEX citations_section; DROP INDEX letters_facets; DROP INDEX items_letter;
      ALTER TABLE citations DROP COLUMN decision;
      CREATE INDEX citations_topic ON citations(side, guideline, lower(section), item_id);
      CREATE INDEX citations_guideline ON citations(side, guideline);
      CREATE INDEX items_letter ON items(letter_id, position);
      CREATE INDEX items_decision ON items(id, decision, letter_id);
      CREATE TABLE item_words_rowid (word TEXT NOT NULL, item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE);
      INSERT INTO item_words_rowid SELECT word, item_id FROM item_words; DROP TABLE item_words; ALTER TABLE item_words_rowid RENAME TO item_words;
      CREATE INDEX item_words_word ON item_words(word, item_id); CREATE INDEX item_words_item ON item_words(item_id);
      DROP TABLE letter_guidelines;
      PRAGMA user_version = 3`);
    d.close();
    const read = await runCli(['merge', lib('from-v3.sqlite'), lib('v3.sqlite')]);
    assert.equal(read.code, 2);
    assert.match(
      read.err,
      new RegExp(`v3\\.sqlite: it is a letter library of an earlier version \\(schema 3; this version reads schema ${SCHEMA_VERSION}\\): bring it up to date`),
    );
    // The same write to a copy of the same library of this version: the same files read again, the same rows.
    copyFileSync(lib('a.sqlite'), lib('v4.sqlite'));
    const current = await runCli(['--format', 'ndjson', '--library', lib('v4.sqlite'), archive]);
    const r = await runCli(['--format', 'ndjson', '--library', lib('v3.sqlite'), archive]);
    assert.equal(r.code, current.code, r.err);
    assert.equal(r.err.replace('v3.sqlite', 'v4.sqlite'), current.err, 'the rows are kept: only the files changed since are read');
    assert.match(r.err, / unchanged \(not read again\)/);
    const after = db(lib('v3.sqlite'));
    assert.equal((after.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, SCHEMA_VERSION);
    after.close();
    assert.deepEqual(libraryRows(lib('v3.sqlite')), libraryRows(lib('v4.sqlite')), 'the same rows as the library of this version');
    // The cache's own tables too: each item's words, each letter's groups by guideline.
    const own = (file: string) => {
      const x = db(file);
      const rows = {
        words: x
          .prepare(
            'SELECT l.file, l.letter, i.position, w.word FROM item_words w JOIN items i ON i.id = w.item_id JOIN letters l ON l.id = i.letter_id ORDER BY 1, 2, 3, 4',
          )
          .all(),
        groups: x.prepare('SELECT l.file, l.letter, g.guideline, g.items FROM letter_guidelines g JOIN letters l ON l.id = g.letter_id ORDER BY 1, 2, 3').all(),
      };
      x.close();
      return rows;
    };
    assert.ok(own(lib('v4.sqlite')).groups.length > 0 && own(lib('v4.sqlite')).words.length > 0);
    assert.deepEqual(own(lib('v3.sqlite')), own(lib('v4.sqlite')));
    const schema = (file: string) => {
      const x = db(file);
      // Indexes and views as written; tables by their columns (a column added later is written otherwise in sqlite_master).
      const rows = (
        x.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as Record<string, string>[]
      ).map((r) => (r.type === 'table' ? { ...r, sql: x.prepare(`SELECT name, type, \`notnull\` FROM pragma_table_info('${r.name}')`).all() } : r));
      x.close();
      return rows;
    };
    assert.deepEqual(schema(lib('v3.sqlite')), schema(lib('v4.sqlite')), 'the same tables, columns and indexes as a library made by this version');
  });

  test('a library being written by another program is said to be locked', async () => {
    copyFileSync(lib('a.sqlite'), lib('locked.sqlite'));
    const holder = db(lib('locked.sqlite'));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const r = await runCli(['--library', lib('locked.sqlite'), archive]);
      assert.equal(r.code, 2);
      assert.match(r.err, /locked\.sqlite: it is locked: a running index or another imr-check is writing it/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

describe('imr-check merge', () => {
  test('shard libraries merge into the rows of one run', async () => {
    await runCli(['--jobs', '1', '--library', lib('one.sqlite'), archive]);
    for (let i = 1; i <= 3; i++) await runCli(['--jobs', '1', '--shard', `${i}/3`, '--library', lib(`shard-${i}.sqlite`), archive]);
    const r = await runCli(['merge', lib('merged.sqlite'), lib('shard-3.sqlite'), lib('shard-1.sqlite'), lib('shard-2.sqlite')]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(libraryRows(lib('merged.sqlite')), libraryRows(lib('one.sqlite')));
    assert.ok(libraryRows(lib('merged.sqlite')).items.length > 17);
    // Written without its query indexes, as a run writes a new library, and made with all of them at the end.
    const indexes = (file: string) => {
      const x = db(file);
      const names = (x.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      x.close();
      return names;
    };
    assert.deepEqual(indexes(lib('merged.sqlite')), indexes(lib('one.sqlite')));
    for (const name of Object.keys(QUERY_INDEXES)) assert.ok(indexes(lib('merged.sqlite')).includes(name), name);
  });

  test('the same file in two inputs: the later recorded modification time wins, in either order', async () => {
    const target = path.join(archive, 'CM99-0000005.txt');
    await runCli(['--library', lib('old.sqlite'), target]);
    writeFileSync(target, syntheticLetter('CM99-0000005', ['Acupuncture 6 visits, cervical spine']));
    utimesSync(target, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    await runCli(['--library', lib('new.sqlite'), target]);
    for (const order of [
      ['old', 'new'],
      ['new', 'old'],
    ]) {
      const out = lib(`merged-${order.join('-')}.sqlite`);
      assert.equal((await runCli(['merge', out, ...order.map((o) => lib(`${o}.sqlite`))])).code, 0);
      assert.deepEqual(
        (libraryRows(out).items as { name: string }[]).map((i) => i.name),
        ['Acupuncture 6 visits, cervical spine'],
      );
    }
    writeFileSync(target, syntheticLetter('CM99-0000005'));
  });

  test('an input that is not a library: a clear message, exit 2, the output untouched', async () => {
    writeFileSync(lib('letter.txt'), sampleLetters()[0].text);
    copyFileSync(lib('one.sqlite'), lib('target.sqlite'));
    const before = readFileSync(lib('target.sqlite'));
    const r = await runCli(['merge', lib('target.sqlite'), lib('shard-1.sqlite'), lib('letter.txt')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /letter\.txt: it is not a letter library \(not an SQLite database\)/);
    assert.ok(!r.err.includes('Case Number'), 'the input is never echoed');
    assert.deepEqual(readFileSync(lib('target.sqlite')), before);
    assert.match((await runCli(['merge', lib('x.sqlite')])).err, /merge needs an output library and at least one input library/);
  });

  test('a merge that stops midway leaves the output readable, with the inputs before it merged whole', async () => {
    // Passes the first look (a library of this schema) but fails while being copied.
    copyFileSync(lib('shard-2.sqlite'), lib('broken.sqlite'));
    const d = db(lib('broken.sqlite'));
    d.exec('DROP TABLE item_words');
    d.close();
    const r = await runCli(['merge', lib('partial.sqlite'), lib('shard-1.sqlite'), lib('broken.sqlite')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /partial\.sqlite: the merge stopped \(no such table: src\.item_words\); the inputs merged before it are in it/);
    assert.deepEqual(libraryRows(lib('partial.sqlite')), libraryRows(lib('shard-1.sqlite')));
  });
});
