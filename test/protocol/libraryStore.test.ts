// The letter library's database (server/src/library/libraryDb.ts) through the protocol: written,
// and reused on restart (a file unchanged is not read again); a changed file read again; a deleted
// one removed; a corrupt or foreign-version store rebuilt with one line in the output channel;
// two servers on one store; no letter text in its bytes; and imr/letters equal to the model
// (the pipeline's summaries) for every corpus letter, text and PDF.
import assert from 'node:assert/strict';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type SymbolInformation, WorkspaceSymbolRequest } from 'vscode-languageserver-protocol';
import { after, describe, test } from 'node:test';
import { LIBRARY_DB_FILE } from '../../server/src/library/libraryDb';
import { SCHEMA_VERSION } from '../../server/src/library/librarySchema';
import { parseDetermination } from '../../server/src/parse/parser';
import { checkConfigFor, checkText } from '../../server/src/pipeline/checkText';
import { readPdfForIndex } from '../../server/src/pdf/pdfDocuments';
import { endIdleReaders } from '../../server/src/pdf/reader';
import { LETTER_GROUPS_REQUEST, LETTERS_CHANGED_NOTIFICATION, LETTERS_REQUEST, type LetterSummary, pdfViewUri } from '../../server/src/protocol';
import { sqlite } from '../../server/src/util/sqlite';
import { CORPUS_DIR, CORPUS_PRESENT, sampleLetters } from '../helpers/corpus';
import { startServer, type TestServer } from '../helpers/lspClient';

const seeds = sampleLetters();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function seedFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imr-store-'));
  for (const l of seeds) copyFileSync(l.path, path.join(dir, path.basename(l.path)));
  writeFileSync(path.join(dir, 'notes.txt'), 'Physical therapy notes that are not a letter.');
  return dir;
}

/** Waits until indexing is over (the last imr/lettersChanged says so), then answers every letter. */
async function indexed(s: TestServer, ms = 120_000): Promise<LetterSummary[]> {
  const end = Date.now() + ms;
  for (;;) {
    const last = s.notifications.filter((n) => n.method === LETTERS_CHANGED_NOTIFICATION.method).at(-1)?.params as { indexing: boolean } | undefined;
    if (last && !last.indexing) return await s.connection.sendRequest(LETTERS_REQUEST, {});
    if (Date.now() > end) throw new Error('indexing did not end');
    await sleep(50);
  }
}

/** The store's tables, read with SQLite itself (read-only, beside the servers). */
function query<T>(file: string, sql: string): T[] {
  const db = new (sqlite().DatabaseSync)(file, { readOnly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const logLines = (s: TestServer) => s.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);

describe('the library store (SQLite)', () => {
  const storage = mkdtempSync(path.join(tmpdir(), 'imr-storage-'));
  const store = path.join(storage, LIBRARY_DB_FILE);
  const dir = seedFolder();
  const start = () =>
    startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'letters' }], initializationOptions: { storagePath: storage } });
  after(() => {
    rmSync(storage, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  const target = path.join(dir, 'physical-therapy-upheld.txt');
  const uri = pathToFileURL(target).toString();

  test('written: one file, WAL, its schema version, every file (the note too), the letters imr/letters lists, and no letter text', async () => {
    const s = await start();
    const answer = await indexed(s);
    assert.equal(query<{ n: number }>(store, 'SELECT count(*) AS n FROM letters')[0].n, answer.length);
    await s.stop();
    assert.equal(query<{ user_version: number }>(store, 'PRAGMA user_version')[0].user_version, SCHEMA_VERSION);
    assert.equal(query<{ journal_mode: string }>(store, 'PRAGMA journal_mode')[0].journal_mode, 'wal');
    assert.equal(query<{ n: number }>(store, 'SELECT count(*) AS n FROM files')[0].n, seeds.length + 1);
    assert.deepEqual(
      query<{ file: string }>(store, 'SELECT DISTINCT file FROM letters ORDER BY file').map((r) => r.file),
      seeds.map((l) => path.basename(l.path)).sort(),
      'file: relative to its root',
    );
    // Every byte of the store (and its journal, if any): no sentence of any letter, only names, dates, codes.
    const bytes = [store, `${store}-wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
    let sentences = 0;
    const fold = (x: string) => x.replace(/\s+/g, ' ').trim();
    for (const l of seeds) {
      // Item names are stored (they are what the view lists): a sentence holding one is not looked for.
      const m = parseDetermination(l.text);
      const names = [...m.items.map((i) => i.name.text), m.credentials?.specialty?.text ?? '\u0000'].map((x) => fold(x).slice(0, 20));
      for (const sentence of l.text.split(/(?<=[.:])\s+/).map(fold)) {
        if (sentence.length < 60 || names.some((n) => sentence.includes(n))) continue;
        sentences++;
        assert.ok(!bytes.includes(sentence.slice(0, 40)), `letter text stored: ${sentence.slice(0, 40)}`);
      }
    }
    assert.ok(sentences > 20, `${sentences} sentences looked for`);
    assert.ok(!bytes.includes('notes that are not a letter'));
  });

  test('reused on restart: a file of the same size and time is not read again; a changed one is', async () => {
    const st = statSync(target);
    const original = readFileSync(target, 'utf8');
    const name = 'Physical therapy 2x4';
    assert.ok(original.includes(name));
    // Same length, same time: only the stored entry can show the old name.
    writeFileSync(target, original.replace(name, 'Aquatic therapy 2x4 '.slice(0, name.length)));
    utimesSync(target, st.atimeMs / 1000, st.mtimeMs / 1000);
    let s = await start();
    let ls = await indexed(s);
    assert.ok(
      ls.find((l) => l.uri === uri)!.items.some((i) => i.name.startsWith(name)),
      'stored entry reused',
    );
    await s.stop();
    utimesSync(target, new Date(), new Date(Date.now() + 5000));
    s = await start();
    ls = await indexed(s);
    assert.ok(
      ls.find((l) => l.uri === uri)!.items.some((i) => i.name.startsWith('Aquatic therapy')),
      'changed file read again',
    );
    assert.ok(query<{ name: string }>(store, "SELECT name FROM items WHERE name LIKE 'Aquatic%'").length > 0, 'and stored');
    await s.stop();
  });

  test('workspace symbols come from the store: each item once, at its name, the same after a restart, merged with a document from outside the folder', async () => {
    const symbols = async (s: TestServer, q: string) =>
      ((await s.connection.sendRequest(WorkspaceSymbolRequest.type, { query: q })) ?? []) as SymbolInformation[];
    // The folder as it is now (an earlier test changed a letter in it).
    const want = seeds.flatMap((l) => {
      const m = parseDetermination(readFileSync(path.join(dir, path.basename(l.path)), 'utf8'));
      return m.items.map((i) => `${path.basename(l.path)}:${m.lines.range(i.name.span).start.line}: ${i.name.text.trim()}`);
    });
    const shown = (found: SymbolInformation[]) =>
      found
        .filter((x) => x.location.uri.startsWith(pathToFileURL(dir).toString()))
        .map((x) => `${path.basename(fileURLToPath(x.location.uri))}:${x.location.range.start.line}: ${x.name}`);
    let s = await start();
    after(() => s.stop());
    await indexed(s);
    const first = await symbols(s, '');
    assert.deepEqual(shown(first).sort(), [...want].sort(), 'every item of the folder, once');
    // A letter opened from elsewhere (the library does not list it): its items are searched beside the store's.
    const outside = 'untitled:Draft-1';
    const text = seeds[0].text.replace(/^(\s*)([A-Z][^:\n]*):(\s*)(Upheld|Overturned)/m, '$1Wheelchair cushion outside:$3$4');
    await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: outside, languageId: 'imr-determination', version: 1, text } });
    const mixed = await symbols(s, 'wheelchair');
    assert.ok(
      mixed.some((x) => x.location.uri === outside && x.name === 'Wheelchair cushion outside'),
      JSON.stringify(mixed.map((x) => x.name)),
    );
    await s.stop();
    s = await start();
    await indexed(s);
    assert.deepEqual(await symbols(s, ''), first, 'the same symbols, read from the store');
    const therapy = await symbols(s, 'therapy');
    const key = (x: SymbolInformation) => `${x.location.uri}:${x.location.range.start.line}`;
    assert.deepEqual(
      therapy.map(key).sort(),
      first
        .filter((x) => /\btherapy/i.test(x.name))
        .map(key)
        .sort(),
      'a word: the items whose name has it',
    );
    const starts = therapy.findIndex((x) => !/^therapy/i.test(x.name));
    assert.ok(starts >= 0 && therapy.slice(starts).every((x) => !/^therapy/i.test(x.name)), 'names starting with the word first');
    await s.stop();
  });

  test("an open letter's symbols stay while new rule levels empty the store and every closed file is read again", async () => {
    const s = await start();
    after(() => s.stop());
    await indexed(s);
    const open = pathToFileURL(path.join(dir, 'x-rays-and-pt.txt')).toString();
    const text = readFileSync(fileURLToPath(open), 'utf8').replace('X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'WHEELCHAIR OF THE CERVICAL SPINE');
    await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: open, languageId: 'imr-determination', version: 1, text } });
    const wheelchair = async () =>
      (((await s.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'wheelchair' })) ?? []) as SymbolInformation[]).map(
        (x) => `${x.location.uri} ${x.name}`,
      );
    assert.deepEqual(await wheelchair(), [`${open} WHEELCHAIR OF THE CERVICAL SPINE`], 'the open text, not the file');
    // Other rule levels: the store's summaries no longer hold, it is emptied and the files on disk are read again.
    const changes = s.notifications.filter((n) => n.method === LETTERS_CHANGED_NOTIFICATION.method).length;
    s.setSettings({ rules: { 'unknown-decision': 'off' } });
    await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { imr: { rules: { 'unknown-decision': 'off' } } } });
    while (s.notifications.filter((n) => n.method === LETTERS_CHANGED_NOTIFICATION.method).length === changes) await sleep(20);
    await indexed(s);
    assert.deepEqual(await wheelchair(), [`${open} WHEELCHAIR OF THE CERVICAL SPINE`], 'still the open text');
    assert.ok((await s.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'physical therapy' }))!.length >= 4, 'the closed files are back');
    await s.stop();
  });

  test('a deleted file is removed: while the server runs (a watched-file event), and while none ran', async () => {
    const gone = path.join(dir, path.basename(seeds[0].path));
    const goneUri = pathToFileURL(gone).toString();
    let s = await start();
    await indexed(s);
    unlinkSync(gone);
    await s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: goneUri, type: 3 }] });
    const end = Date.now() + 10_000;
    let ls = await s.connection.sendRequest(LETTERS_REQUEST, {});
    while (ls.some((l) => l.uri === goneUri) && Date.now() < end) {
      await sleep(50);
      ls = await s.connection.sendRequest(LETTERS_REQUEST, {});
    }
    assert.ok(!ls.some((l) => l.uri === goneUri), 'removed from the view');
    await s.stop();
    assert.equal(query(store, `SELECT 1 FROM files WHERE uri = '${goneUri.replace(/'/g, "''")}'`).length, 0, 'and from the store');
    // Deleted while no server ran: the stored entry is dropped once the folder is walked.
    copyFileSync(seeds[0].path, gone);
    s = await start();
    await indexed(s);
    await s.stop();
    const again = path.join(dir, path.basename(seeds[1].path));
    unlinkSync(again);
    s = await start();
    ls = await indexed(s);
    await sleep(300);
    ls = await s.connection.sendRequest(LETTERS_REQUEST, {});
    await s.stop();
    assert.ok(!ls.some((l) => l.uri === pathToFileURL(again).toString()));
    assert.equal(query<{ n: number }>(store, 'SELECT count(*) AS n FROM files')[0].n, seeds.length, 'the seeds less one, and the note');
    copyFileSync(seeds[1].path, again);
  });

  test('a corrupt store, and one of another version, is rebuilt with one line in the output channel', async () => {
    for (const f of [`${store}-wal`, `${store}-shm`]) rmSync(f, { force: true });
    writeFileSync(store, 'SQLite format 3\0 but then garbage '.repeat(200));
    let s = await start();
    let ls = await indexed(s);
    assert.equal(new Set(ls.map((l) => l.uri)).size, seeds.length);
    const rebuilt = logLines(s).filter((m) => /rebuilt/.test(m));
    assert.equal(rebuilt.length, 1, JSON.stringify(logLines(s)));
    assert.match(rebuilt[0], /could not be read/);
    assert.equal(s.stderr().trim(), '', 'nothing on standard error (no SQLite warning, no stack)');
    await s.stop();
    const db = new (sqlite().DatabaseSync)(store);
    db.exec('PRAGMA user_version = 999');
    db.close();
    s = await start();
    ls = await indexed(s);
    assert.equal(new Set(ls.map((l) => l.uri)).size, seeds.length);
    assert.match(logLines(s).find((m) => /rebuilt/.test(m)) ?? '', /another version \(999/);
    await s.stop();
    assert.equal(query<{ user_version: number }>(store, 'PRAGMA user_version')[0].user_version, SCHEMA_VERSION);
    // Reopened as it is: no line.
    s = await start();
    await indexed(s);
    assert.deepEqual(
      logLines(s).filter((m) => /rebuilt/.test(m)),
      [],
    );
    await s.stop();
  });

  test('a store damaged inside (its header sound) is found so once the index is complete, in one line, and made anew: every letter read again', async () => {
    // The root page of an index only deletes use: opening, the restart and the view never read it
    // (sqlite_master, not dbstat: Node 22's SQLite has no dbstat).
    const page = query<{ rootpage: number }>(store, "SELECT rootpage FROM sqlite_master WHERE name = 'problems_item'")[0].rootpage;
    const size = query<{ page_size: number }>(store, 'PRAGMA page_size')[0].page_size;
    const fd = openSync(store, 'r+');
    writeSync(fd, Buffer.alloc(size, 0xa5), 0, size, (page - 1) * size);
    closeSync(fd);
    assert.notEqual(query<{ quick_check: string }>(store, 'PRAGMA quick_check')[0].quick_check, 'ok', 'the store is damaged');
    const s = await start();
    await indexed(s);
    const end = Date.now() + 60_000;
    while (!logLines(s).some((m) => /rebuilt: the database is damaged/.test(m))) {
      if (Date.now() > end) throw new Error(`no line says the store was rebuilt: ${JSON.stringify(logLines(s))}`);
      await sleep(50);
    }
    for (;;) {
      const ls = await s.connection.sendRequest(LETTERS_REQUEST, {});
      if (new Set(ls.map((l) => l.uri)).size === seeds.length) break;
      if (Date.now() > end) throw new Error(`${ls.length} letters listed after the rebuild`);
      await sleep(50);
    }
    assert.equal(logLines(s).filter((m) => /rebuilt/.test(m)).length, 1, JSON.stringify(logLines(s)));
    assert.equal(s.stderr().trim(), '', 'nothing on standard error');
    await s.stop();
    assert.equal(query<{ quick_check: string }>(store, 'PRAGMA quick_check')[0].quick_check, 'ok');
    assert.equal(query<{ n: number }>(store, 'SELECT count(DISTINCT file_id) AS n FROM letters')[0].n, seeds.length);
  });

  test('two servers (two windows) on one store: both list every letter, a file added is seen by both, and the store stays sound', async () => {
    rmSync(storage, { recursive: true, force: true });
    const [a, b] = await Promise.all([start(), start()]);
    const [la, lb] = await Promise.all([indexed(a), indexed(b)]);
    assert.equal(new Set(la.map((l) => l.uri)).size, seeds.length);
    assert.deepEqual(lb, la);
    const added = path.join(dir, 'added.txt');
    writeFileSync(added, readFileSync(seeds[0].path, 'utf8'));
    const addedUri = pathToFileURL(added).toString();
    for (const s of [a, b]) await s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: addedUri, type: 1 }] });
    for (const s of [a, b]) {
      const end = Date.now() + 20_000;
      while (!(await s.connection.sendRequest(LETTERS_REQUEST, {})).some((l) => l.uri === addedUri) && Date.now() < end) await sleep(50);
      assert.ok((await s.connection.sendRequest(LETTERS_REQUEST, {})).some((l) => l.uri === addedUri));
    }
    await Promise.all([a.stop(), b.stop()]);
    assert.equal(query<{ integrity_check: string }>(store, 'PRAGMA integrity_check')[0].integrity_check, 'ok');
    assert.equal(query<{ n: number }>(store, "SELECT count(*) AS n FROM files WHERE key LIKE '%added.txt'")[0].n, 1, 'one entry, not one per server');
    assert.equal(a.stderr().trim() + b.stderr().trim(), '');
    unlinkSync(added);
  });
});

describe('imr.library.maxFiles: no cap without a word', () => {
  const dir = seedFolder();
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('past the limit the view is told how many files were indexed of how many found; the letters are those of the files indexed', async () => {
    const s = await startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'letters' }], settings: { library: { maxFiles: 3 } } });
    try {
      const ls = await indexed(s);
      const groups = await s.connection.sendRequest(LETTER_GROUPS_REQUEST, { groupBy: 'outcome' });
      assert.deepEqual(groups.capped, { indexed: 3, found: seeds.length + 1 });
      // The walk lists a folder's files in name order: the first three.
      const first = readdirSync(dir).sort().slice(0, 3);
      assert.deepEqual(
        [...new Set(ls.map((l) => path.basename(new URL(l.uri).pathname)))].sort(),
        first.filter((f) => f !== 'notes.txt'),
      );
    } finally {
      await s.stop();
    }
    // The default covers the folder: nothing said.
    const d = await startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'letters' }] });
    try {
      await indexed(d);
      assert.equal((await d.connection.sendRequest(LETTER_GROUPS_REQUEST, { groupBy: 'outcome' })).capped, undefined);
    } finally {
      await d.stop();
    }
  });
});

describe('imr/letters equals the model for every corpus letter, text and PDF', { skip: !CORPUS_PRESENT }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'imr-store-corpus-'));
  const storage = mkdtempSync(path.join(tmpdir(), 'imr-storage-'));
  const files: string[] = [];
  for (const l of seeds) files.push(path.join(dir, path.basename(l.path)));
  for (const l of seeds) copyFileSync(l.path, path.join(dir, path.basename(l.path)));
  if (CORPUS_PRESENT) {
    for (const sub of ['text', 'pdf']) {
      const from = path.join(CORPUS_DIR, '2016-2017', sub);
      for (const f of readdirSync(from).sort()) {
        copyFileSync(path.join(from, f), path.join(dir, f));
        files.push(path.join(dir, f));
      }
    }
  }
  after(async () => {
    await endIdleReaders();
    rmSync(dir, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  });

  test('every letter of every file, as the pipeline summarises it (the summaries the database gives back, key for key)', async () => {
    const s = await startServer({
      workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'corpus' }],
      initializationOptions: { storagePath: storage },
    });
    try {
      const answer = await indexed(s, 300_000);
      const settings = { rules: {}, knowledgeBaseFile: '' };
      const expected: LetterSummary[] = [];
      for (const f of [...files].sort()) {
        const pdf = f.endsWith('.pdf');
        const text = pdf ? await readPdfForIndex(f) : readFileSync(f, 'utf8');
        const href = pathToFileURL(f).href;
        const checked = checkText(text, checkConfigFor(f, settings));
        if (!checked.model.isLetter) continue;
        expected.push(...checked.summaries(pdf ? pdfViewUri(href)! : href));
      }
      const pdfLetters = expected.filter((l) => l.uri.includes('.pdf')).length;
      assert.ok(pdfLetters >= 100 && expected.length - pdfLetters >= 100, `${pdfLetters} PDF letters, ${expected.length - pdfLetters} text`);
      // The answer is in path order: by file key, then letter.
      const order = (ls: LetterSummary[]) => [...ls].sort((x, y) => (x.uri < y.uri ? -1 : x.uri > y.uri ? 1 : x.letter - y.letter));
      assert.deepEqual(order(answer), order(JSON.parse(JSON.stringify(expected)) as LetterSummary[]));
      assert.ok(parseDetermination(seeds[0].text).items.length > 0);
    } finally {
      await s.stop();
    }
  });
});
