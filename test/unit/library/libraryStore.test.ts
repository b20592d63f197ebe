// The library's store as the index sees it (library/libraryStore.ts): writes go out in batches,
// and `writable()` holds the index back while too many files wait for the database, so a
// workspace of 100,000 letters never has them all waiting in memory. Run on the library's own
// thread script when it is built (dist/library-worker.js), as the server runs it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { LibraryRequest } from '../../../server/src/library/libraryOps';
import { QUERY_INDEXES } from '../../../server/src/library/librarySchema';
import { LIBRARY_WORKER_FILE, LibraryStore } from '../../../server/src/library/libraryStore';
import { BUNDLED_DEFAULTS, checkText } from '../../../server/src/pipeline/checkText';
import { letterRecords } from '../../../server/src/workspace/fileSummary';
import { REPO_ROOT } from '../../helpers/corpus';
import { syntheticLetter } from '../../helpers/cli';

const thread = path.join(REPO_ROOT, 'dist', LIBRARY_WORKER_FILE);

describe('LibraryStore: the write backlog', { skip: existsSync(thread) ? false : `${thread} is not built (npm run build)` }, () => {
  const store = new LibraryStore(thread);
  after(() => store.close());

  test('past a backlog, writable() waits until the thread has taken the writes; every file ends up stored', async () => {
    await store.open(undefined, 'test');
    const letters = checkText(syntheticLetter('CM99-0000001'), BUNDLED_DEFAULTS()).summaries('file:///ws/a.txt');
    assert.equal(letters.length, 1);
    assert.equal(await store.writable().then(() => 'open'), 'open', 'nothing waiting: writable at once');
    const files = 1000;
    for (let k = 0; k < files; k++)
      store.write({ key: `/ws/${k}.txt`, uri: `file:///ws/${k}.txt`, file: `${k}.txt`, size: 1, mtime: 1, letters: letterRecords(letters).json });
    let resolved = false;
    const waiting = store.writable().then(() => (resolved = true));
    // A turn of the event loop is not enough: the thread has a thousand files to write first.
    await new Promise((r) => setImmediate(r));
    assert.equal(resolved, false, 'writable while a thousand files wait');
    await waiting;
    // Released once the backlog is down to half: what remains is answered soon after.
    assert.equal(await store.request({ op: 'count' }), files);
  });

  test('writes are grouped in one transaction: queries on the thread see them at once; another connection once `complete` is asked (the index is complete), with the query indexes a first index went without', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-store-'));
    const grouped = new LibraryStore(thread);
    try {
      const file = path.join(dir, 'library.sqlite');
      await grouped.open(file, 'test');
      const letters = checkText(syntheticLetter('CM99-0000002'), BUNDLED_DEFAULTS()).summaries('file:///ws/b.txt');
      for (let k = 0; k < 10; k++)
        grouped.write({ key: `/ws/${k}.txt`, uri: `file:///ws/${k}.txt`, file: `${k}.txt`, size: 1, mtime: 1, letters: letterRecords(letters).json });
      assert.equal(await grouped.request({ op: 'count' }), 10, 'the same connection reads the open group');
      // A first index goes without the query indexes; the view's, the summary's and the similar
      // requests' queries answer the same without them as with them, made once it is complete.
      const queryIndexes = () => {
        const other = new DatabaseSync(file, { readOnly: true });
        try {
          const names = (other.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((r) => r.name);
          return Object.keys(QUERY_INDEXES).filter((n) => names.includes(n));
        } finally {
          other.close();
        }
      };
      assert.deepEqual(queryIndexes(), [], 'written without the query indexes');
      const asked: LibraryRequest[] = [
        { op: 'summary', params: null },
        { op: 'groups', params: { groupBy: 'guideline', filter: { text: 'physical' } } },
        { op: 'decisions', filters: [{ guideline: 'Chronic Pain Medical Treatment Guidelines (2016)', section: 'Physical medicine treatment' }] },
        { op: 'symbols', query: 'therapy', limit: 5 },
      ];
      const without = await Promise.all(asked.map((r) => grouped.request(r)));
      assert.deepEqual(without[2], [{ upheld: 10, overturned: 0, other: 0 }], "the similar requests of the letters' topic");
      await grouped.request({ op: 'complete' });
      assert.deepEqual(queryIndexes(), Object.keys(QUERY_INDEXES), 'every query index made once the index is complete');
      assert.deepEqual(await Promise.all(asked.map((r) => grouped.request(r))), without);
      const other = new DatabaseSync(file, { readOnly: true });
      try {
        assert.equal((other.prepare('SELECT count(*) AS n FROM letters').get() as { n: number }).n, 10);
      } finally {
        other.close();
      }
      // A first index that did not end (the server stopped): reopened with its files and without
      // some query indexes, it keeps its rows and makes them when this index is complete.
      await grouped.close();
      const stopped = new DatabaseSync(file);
      stopped.exec('DROP INDEX citations_topic; DROP INDEX letters_facets');
      stopped.close();
      const again = new LibraryStore(thread);
      try {
        await again.open(file, 'test');
        assert.equal(await again.request({ op: 'count' }), 10, 'its files kept');
        assert.deepEqual(await Promise.all(asked.map((r) => again.request(r))), without, 'answered without them');
        await again.request({ op: 'complete' });
        assert.deepEqual(queryIndexes(), Object.keys(QUERY_INDEXES));
      } finally {
        await again.close();
      }
    } finally {
      await grouped.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('LibraryStore: writes refused while another window holds the lock', () => {
  test('the store keeps them (not the main thread), writes them first once the lock is free, and a later write of the same file wins', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-store-'));
    // In-process (no thread script), so that the test can shorten SQLite's wait for the lock from 10 s.
    const store = new LibraryStore(path.join(dir, 'no-thread.js'));
    const other = new DatabaseSync(path.join(dir, 'library.sqlite'));
    try {
      await store.open(path.join(dir, 'library.sqlite'), 'test');
      (store as unknown as { local: { db: { db: DatabaseSync } } }).local.db.db.exec('PRAGMA busy_timeout = 50');
      const records = (n: string) => letterRecords(checkText(syntheticLetter(n), BUNDLED_DEFAULTS()).summaries('file:///ws/x.txt')).json;
      other.exec('BEGIN IMMEDIATE'); // another window's server, writing
      for (let k = 0; k < 5; k++)
        store.write({ key: `/ws/${k}.txt`, uri: `file:///ws/${k}.txt`, file: `${k}.txt`, size: 1, mtime: 1, letters: records('CM99-0000001') });
      assert.equal(await store.request({ op: 'count' }), 0, 'refused: nothing written yet');
      other.exec('ROLLBACK');
      store.write({ key: '/ws/0.txt', uri: 'file:///ws/0.txt', file: '0.txt', size: 2, mtime: 2, letters: records('CM99-0000009') });
      assert.equal(await store.request({ op: 'count' }), 5, 'the refused files, then the new one');
      const letters = (await store.request({ op: 'letters', params: {} })) as { uri: string; caseNumber?: string }[];
      assert.deepEqual(
        letters.map((l) => [l.uri, l.caseNumber]),
        [0, 1, 2, 3, 4].map((k) => [`file:///ws/${k}.txt`, k === 0 ? 'CM99-0000009' : 'CM99-0000001']),
      );
    } finally {
      other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
