// A library file opened in the editor (imr/openLibrary, issue 24 point 4), against the built
// server: a library written by `imr-check --library` reads the same as the workspace's own index
// of the same folder; bad files (not SQLite, another schema version, truncated, locked by a
// writer holding a transaction) are refused naming the file and the reason, and the server goes
// on; the file is byte-for-byte unchanged after being opened and queried; letters whose files are
// not on this machine say where they were, and a library copied with its folder finds them there.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  CLOSE_LIBRARY_REQUEST,
  LETTER_GROUPS_REQUEST,
  LETTERS_CHANGED_NOTIFICATION,
  LETTERS_REQUEST,
  LETTERS_SUMMARY_REQUEST,
  type LetterSummary,
  OPEN_LIBRARY_REQUEST,
} from '../../server/src/protocol';
import { sqlite } from '../../server/src/util/sqlite';
import { REPO_ROOT } from '../helpers/corpus';
import { runBundled, syntheticLetter } from '../helpers/cli';
import { BUNDLE_MISSING, startServer, type TestServer } from '../helpers/lspClient';
import { SCHEMA_VERSION } from '../../server/src/library/librarySchema';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const byPlace = (a: LetterSummary, b: LetterSummary) => a.uri.localeCompare(b.uri) || a.letter - b.letter;

/** A folder of made-up letters: the e2e workspace's CM99 letters, and two more written here. */
function madeUpFolder(parent: string): string {
  const dir = path.join(parent, 'letters');
  mkdirSync(path.join(dir, '2016'), { recursive: true });
  const fixtures = path.join(REPO_ROOT, 'test', 'e2e', 'workspace');
  for (const f of readdirSync(fixtures)) copyFileSync(path.join(fixtures, f), path.join(dir, f));
  writeFileSync(path.join(dir, '2016', 'cm99-0000901.txt'), syntheticLetter('CM99-0000901', ['Acupuncture 6 sessions, lumbar spine']));
  writeFileSync(path.join(dir, '2016', 'cm99-0000902.txt'), syntheticLetter('CM99-0000902'));
  return dir;
}

/** `imr-check --library <file> <folder>` as a user runs it, from `cwd`. */
function writeLibrary(file: string, folder: string, cwd: string): void {
  const r = runBundled(['--library', file, folder], undefined, cwd);
  assert.ok(r.code === 0 || r.code === 1, `imr-check --library exited ${r.code}: ${r.err}`);
}

async function indexed(s: TestServer): Promise<LetterSummary[]> {
  for (const end = Date.now() + 120_000; Date.now() < end; await sleep(50)) {
    const last = s.notifications.filter((n) => n.method === LETTERS_CHANGED_NOTIFICATION.method).at(-1)?.params as { indexing: boolean } | undefined;
    if (last && !last.indexing) return s.connection.sendRequest(LETTERS_REQUEST, {});
  }
  throw new Error('indexing did not end');
}

/** The message of a request that must fail. */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('the request succeeded');
}

describe('imr/openLibrary: a library file beside the workspace', { skip: BUNDLE_MISSING }, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'imr-openlib-'));
  const dir = madeUpFolder(root);
  const library = path.join(root, 'archive.sqlite');
  let s: TestServer;
  let workspace: LetterSummary[];
  before(async () => {
    writeLibrary(library, dir, root);
    s = await startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'letters' }] });
    workspace = await indexed(s);
  });
  after(async () => {
    await s?.stop();
    rmSync(root, { recursive: true, force: true });
  });
  const open = (file: string) => s.connection.sendRequest(OPEN_LIBRARY_REQUEST, { file });

  test('reads the same as the workspace’s own index of the same folder: letters, groups, summary', async () => {
    const opened = await open(library);
    assert.equal(opened.file, library);
    assert.equal(opened.letters, workspace.length);
    assert.ok(workspace.length >= 8, `${workspace.length} letters`);
    const letters = await s.connection.sendRequest(LETTERS_REQUEST, { library: opened.id });
    assert.deepEqual([...letters].sort(byPlace), [...workspace].sort(byPlace));
    assert.ok(letters.every((l) => l.notOnThisMachine === undefined));
    for (const groupBy of ['outcome', 'guideline', 'specialty', 'month'] as const) {
      const mine = await s.connection.sendRequest(LETTER_GROUPS_REQUEST, { groupBy });
      assert.deepEqual(await s.connection.sendRequest(LETTER_GROUPS_REQUEST, { groupBy, library: opened.id }), mine, groupBy);
    }
    const filter = { text: 'acupuncture' };
    assert.deepEqual(
      await s.connection.sendRequest(LETTERS_SUMMARY_REQUEST, { library: opened.id, filter }),
      await s.connection.sendRequest(LETTERS_SUMMARY_REQUEST, { filter }),
    );
    // A group's page, as the view asks for it.
    const page = await s.connection.sendRequest(LETTERS_REQUEST, { library: opened.id, group: { by: 'outcome', key: 'mixed' }, limit: 1 });
    assert.deepEqual(
      page.map((l) => l.caseNumber),
      ['CM99-0000456'],
    );
    assert.equal((await open(library)).id, opened.id, 'the same file opened again: the same id');
    assert.equal(await s.connection.sendRequest(CLOSE_LIBRARY_REQUEST, { id: opened.id }), null);
  });

  test('the file is byte-for-byte unchanged after being opened and queried, and nothing is left beside it', async () => {
    const before = sha(library);
    const siblings = readdirSync(root).sort();
    const { id } = await open(library);
    await s.connection.sendRequest(LETTERS_REQUEST, { library: id, filter: { outcome: 'upheld' } });
    await s.connection.sendRequest(LETTER_GROUPS_REQUEST, { library: id, groupBy: 'guideline' });
    await s.connection.sendRequest(LETTERS_SUMMARY_REQUEST, { library: id });
    await s.connection.sendRequest(CLOSE_LIBRARY_REQUEST, { id });
    assert.equal(sha(library), before);
    assert.deepEqual(readdirSync(root).sort(), siblings, 'no -journal, -wal or -shm file');
  });

  test('closed: its id is refused with a message, the workspace’s library still answers', async () => {
    const { id } = await open(library);
    await s.connection.sendRequest(CLOSE_LIBRARY_REQUEST, { id });
    assert.match(await failure(s.connection.sendRequest(LETTERS_REQUEST, { library: id })), /no library is open as 'library-\d+' \(it was closed\)/);
    assert.equal((await s.connection.sendRequest(LETTERS_REQUEST, {})).length, workspace.length);
  });

  describe('bad files: a clear message naming the file and the reason, and the server goes on', () => {
    const bad = path.join(root, 'bad');
    before(() => mkdirSync(bad, { recursive: true }));

    async function refused(file: string, reason: RegExp): Promise<void> {
      const before = existsSync(file) && statSync(file).isFile() ? sha(file) : undefined;
      const message = await failure(open(file));
      assert.ok(message.includes(file), `names the file: ${message}`);
      assert.match(message, reason);
      assert.doesNotMatch(message, /\n\s+at /, 'no stack trace');
      if (before) assert.equal(sha(file), before, 'never rebuilt or changed');
      // The server still answers, and the workspace's library is as it was.
      assert.equal((await s.connection.sendRequest(LETTERS_REQUEST, {})).length, workspace.length);
    }

    test('not SQLite', async () => {
      const file = path.join(bad, 'notes.sqlite');
      writeFileSync(file, 'Case Number: CM99-0000999\nnot a database at all\n');
      await refused(file, /not a letter library \(not an SQLite database\)/);
    });

    test('another schema version', async () => {
      const file = path.join(bad, 'old.sqlite');
      copyFileSync(library, file);
      const db = new (sqlite().DatabaseSync)(file);
      db.exec('PRAGMA user_version = 7');
      db.close();
      await refused(file, new RegExp(`another version \\(schema 7; this version reads schema ${SCHEMA_VERSION}\\)`));
    });

    test('an SQLite database that is no letter library', async () => {
      const file = path.join(bad, 'other.db');
      const db = new (sqlite().DatabaseSync)(file);
      db.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);');
      db.close();
      await refused(file, /an SQLite database, but not a letter library/);
    });

    test('truncated', async () => {
      const file = path.join(bad, 'truncated.sqlite');
      const bytes = readFileSync(library);
      writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await refused(file, /damaged or truncated/);
    });

    test('no such file, and a folder', async () => {
      await refused(path.join(bad, 'missing.sqlite'), /no such file/);
      await refused(bad, /it is a folder/);
    });

    test('locked by a writer holding a transaction', async () => {
      const file = path.join(bad, 'locked.sqlite');
      copyFileSync(library, file);
      // Another process (a running imr-check) holding an exclusive write lock until told to stop.
      const holder: ChildProcess = spawn(
        process.execPath,
        [
          '--no-warnings',
          '-e',
          `const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(${JSON.stringify(file)});
           db.exec('BEGIN EXCLUSIVE'); db.exec("DELETE FROM problems"); process.stdout.write('locked\\n');
           process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); }); process.stdin.resume();`,
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      try {
        await new Promise<void>((resolve, reject) => {
          holder.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
          holder.on('exit', (code) => reject(new Error(`the lock holder exited ${code}`)));
        });
        const message = await failure(open(file));
        assert.ok(message.includes(file), message);
        assert.match(message, /it is locked: a running index or another imr-check is writing it/);
        assert.equal((await s.connection.sendRequest(LETTERS_REQUEST, {})).length, workspace.length);
      } finally {
        holder.stdin!.end();
        await new Promise((r) => holder.once('exit', r));
      }
      // Once the writer is gone, the same file opens.
      const { id, letters } = await open(file);
      assert.equal(letters, workspace.length);
      await s.connection.sendRequest(CLOSE_LIBRARY_REQUEST, { id });
    });
  });

  describe('letters whose files are elsewhere', () => {
    test('moved away: each letter says where its file was; copied with its folder: found beside the library', async () => {
      // Written from the folder's parent with a relative folder argument, as `cd archive && imr-check --library x.sqlite letters` does.
      const made = mkdtempSync(path.join(tmpdir(), 'imr-openlib-made-'));
      cpSync(dir, path.join(made, 'letters'), { recursive: true });
      writeLibrary(path.join(made, 'lib.sqlite'), 'letters', made);
      const was = (f: string) => path.join(made, 'letters', f);
      // Another machine: the library alone (the letters are not here).
      const alone = mkdtempSync(path.join(tmpdir(), 'imr-openlib-alone-'));
      copyFileSync(path.join(made, 'lib.sqlite'), path.join(alone, 'lib.sqlite'));
      // Another machine, with the folder copied beside the library.
      const moved = `${made}-moved`;
      renameSync(made, moved);
      try {
        const a = await open(path.join(alone, 'lib.sqlite'));
        const away = await s.connection.sendRequest(LETTERS_REQUEST, { library: a.id });
        assert.equal(away.length, workspace.length);
        const mri = away.find((l) => l.caseNumber === 'CM99-0000456')!;
        assert.equal(mri.notOnThisMachine, was('draft-missing-rationale.imr'));
        assert.ok(away.every((l) => l.notOnThisMachine === fileURLToPath(l.uri)));
        assert.ok(away.some((l) => l.notOnThisMachine === was(path.join('2016', 'cm99-0000901.txt'))));

        const b = await open(path.join(moved, 'lib.sqlite'));
        const beside = await s.connection.sendRequest(LETTERS_REQUEST, { library: b.id });
        assert.ok(beside.every((l) => l.notOnThisMachine === undefined));
        assert.ok(beside.every((l) => fileURLToPath(l.uri).startsWith(path.join(moved, 'letters') + path.sep)));
        assert.deepEqual(beside.map((l) => l.caseNumber).sort(), workspace.map((l) => l.caseNumber).sort());
        await s.connection.sendRequest(CLOSE_LIBRARY_REQUEST, { id: a.id });
        await s.connection.sendRequest(CLOSE_LIBRARY_REQUEST, { id: b.id });
      } finally {
        rmSync(moved, { recursive: true, force: true });
        rmSync(alone, { recursive: true, force: true });
      }
    });
  });
});
