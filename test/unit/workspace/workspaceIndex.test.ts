// The workspace index behind `workspace/symbol`: a folder of ~200 letters generated from the
// five seed letters with varied item names, queried by item words; open documents, changed
// and deleted files; background indexing that leaves the event loop free.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver-types';
import { searchItems, wordsOf } from '../../../server/src/workspace/indexedItem';
import { createNodeFileSystem, type IndexFileSystem } from '../../../server/src/workspace/nodeFileSystem';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { LineIndex } from '../../../server/src/model/lineIndex';
import { parseDetermination } from '../../../server/src/parse/parser';
import { sampleLetters } from '../../helpers/corpus';
import { summariesOf } from '../../helpers/records';
import { letterRecords, type LetterRecords } from '../../../server/src/workspace/fileSummary';
import { BUNDLED_DEFAULTS, type CheckedText, checkText } from '../../../server/src/pipeline/checkText';
import type { LetterSummary } from '../../../server/src/protocol';
import type { IndexLibrary } from '../../../server/src/workspace/indexTypes';

class MemoryFs implements IndexFileSystem {
  readonly files = new Map<string, string>();
  reads = 0;
  /** When set, readFile waits for it (to test reads racing with changes). */
  gate: Promise<void> | null = null;
  async readFile(p: string): Promise<string> {
    this.reads++;
    if (this.gate) await this.gate;
    const t = this.files.get(p);
    if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return t;
  }
  async *listFiles(root: string): AsyncIterable<string> {
    for (const p of [...this.files.keys()].sort()) if (p.startsWith(`${root}/`)) yield p;
  }
}

const TREATMENTS = [
  'Physical therapy',
  'Additional physical therapy',
  'Acupuncture',
  'MRI',
  'X-rays',
  'Chiropractic care',
  'Tramadol 50mg #60',
  'Home exercise kit',
  'Electromyography',
  'Therapeutic massage',
  'Aquatic therapy',
];
const PARTS = ['lumbar spine', 'cervical/thoracic spine', 'right shoulder', 'left knee', 'both wrists'];

interface GeneratedItem {
  file: string;
  uri: string;
  name: string;
  treatment: string;
  decision: string;
  range: Range;
}

/** Letter i: a seed letter whose item names are replaced by generated ones. */
function generate(root: string, count: number): { files: Map<string, string>; items: GeneratedItem[] } {
  const seeds = sampleLetters().map((s) => ({ text: s.text, model: parseDetermination(s.text) }));
  const files = new Map<string, string>();
  const items: GeneratedItem[] = [];
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length];
    const file = `${root}/${String(Math.floor(i / 50)).padStart(2, '0')}/letter-${String(i).padStart(3, '0')}.txt`;
    const replaced = seed.model.items.map((it, j) => {
      const treatment = TREATMENTS[(i + 3 * j) % TREATMENTS.length];
      return { it, treatment, name: `${treatment} for ${PARTS[(i + j) % PARTS.length]} (request ${i}-${j})` };
    });
    // Replace from the end so earlier offsets stay valid; then locate each new name.
    let text = seed.text;
    for (const r of [...replaced].reverse()) text = text.slice(0, r.it.name.span.start) + r.name + text.slice(r.it.name.span.end);
    const lines = new LineIndex(text);
    let shift = 0;
    for (const r of replaced) {
      const start = r.it.name.span.start + shift;
      shift += r.name.length - (r.it.name.span.end - r.it.name.span.start);
      assert.equal(text.slice(start, start + r.name.length), r.name);
      items.push({
        file,
        uri: pathToFileURL(file).href,
        name: r.name,
        treatment: r.treatment,
        decision: r.it.decision.kind,
        range: lines.range({ start, end: start + r.name.length }),
      });
    }
    files.set(file, text);
  }
  return { files, items };
}

const key = (s: { name: string; location: { uri: string; range: Range } }): string =>
  `${s.location.uri}#${s.location.range.start.line}:${s.location.range.start.character}-${s.location.range.end.line}:${s.location.range.end.character} ${s.name}`;
const expectedKey = (g: GeneratedItem): string =>
  `${g.uri}#${g.range.start.line}:${g.range.start.character}-${g.range.end.line}:${g.range.end.character} ${g.name}`;

describe('WorkspaceIndex over ~200 generated letters (in-memory file system)', () => {
  const ROOT = '/ws';
  const fs = new MemoryFs();
  const { files, items } = generate(`${ROOT}/letters`, 200);
  let index: WorkspaceIndex;

  before(async () => {
    for (const [p, t] of files) fs.files.set(p, t);
    // The five seeds as they are, plus files that must not be indexed.
    for (const s of sampleLetters()) fs.files.set(`${ROOT}/seeds/${path.basename(s.path)}`, s.text);
    fs.files.set(`${ROOT}/notes.txt`, 'Call the adjuster on Monday about the physical therapy request.\n');
    fs.files.set(`${ROOT}/node_modules/pkg/letter.txt`, sampleLetters()[0].text);
    fs.files.set(`${ROOT}/.history/letter.txt`, sampleLetters()[0].text);
    fs.files.set(`${ROOT}/letters/readme.md`, sampleLetters()[0].text);
    index = new WorkspaceIndex(fs);
    index.addRoot(ROOT);
    await index.ready();
  });

  test('the generated letters parse to the generated names (the generator is sound)', async () => {
    for (const [p, t] of [...files].slice(0, 10)) {
      const names = parseDetermination(t).items.map((it) => it.name.text);
      assert.deepEqual(
        names,
        items.filter((g) => g.file === p).map((g) => g.name),
      );
    }
  });

  test('every letter is indexed; notes, node_modules, dot-folders and other extensions are not', async () => {
    const stats = index.stats();
    assert.equal(stats.files, 200 + 5);
    assert.equal(stats.items, items.length + 7);
    assert.equal(stats.queued, 0);
    const all = await index.query('', 100_000);
    assert.equal(all.length, items.length + 7);
    assert.ok(!all.some((s) => /node_modules|\.history|notes\.txt|readme\.md/.test(s.location.uri)));
  });

  test('"physical therapy" returns exactly the physical therapy items, with file and range', async () => {
    const got = await index.query('physical therapy', 100_000);
    const expected = items.filter((g) => /physical therapy/i.test(g.treatment));
    const seedHits = got.filter((s) => s.location.uri.includes('/seeds/'));
    assert.deepEqual(
      got
        .filter((s) => !s.location.uri.includes('/seeds/'))
        .map(key)
        .sort(),
      expected.map(expectedKey).sort(),
    );
    assert.ok(
      expected.some((g) => g.treatment.startsWith('Additional')),
      'some "Additional physical therapy" items',
    );
    // The seeds: every item name with both words, none without.
    assert.deepEqual(seedHits.map((s) => s.name).sort(), [
      'Eight (8) physical therapy sessions (2x4), cervical and lumbar spine',
      'PHYSICAL THERAPY , LUMBAR SPINE AND CERVICAL SPINE X 8',
      'Physical Therapy 2 times a week for 3 weeks for Lumbar Spine',
      'Physical therapy 2x4 for core and trunk stabilization for the lumbar spine',
      'Physical therapy for cervical/thoracic spine #8',
    ]);
  });

  test('the seed item is found with its own range in its own file', async () => {
    const hits = (await index.query('physical therapy cervical/thoracic', 100_000)).filter((s) => s.location.uri.includes('/seeds/'));
    assert.equal(hits.length, 1);
    const [hit] = hits;
    assert.equal(hit.name, 'Physical therapy for cervical/thoracic spine #8');
    assert.equal(hit.location.uri, pathToFileURL('/ws/seeds/pt-and-acupuncture.txt').href);
    const text = fs.files.get('/ws/seeds/pt-and-acupuncture.txt')!;
    const lines = new LineIndex(text);
    const r = hit.location.range;
    assert.equal(text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end)), hit.name);
    assert.equal(hit.containerName, 'Upheld · pt-and-acupuncture.txt');
    assert.equal(hit.kind, 19 /* SymbolKind.Object */);
  });

  test('word prefixes, any case, any order; every word must match', async () => {
    const byWords = async (q: string) => (await index.query(q, 100_000)).map((s) => s.name);
    assert.deepEqual((await byWords('PHYS THER')).sort(), (await byWords('physical therapy')).sort());
    assert.deepEqual((await byWords('therapy physical')).sort(), (await byWords('physical therapy')).sort());
    const acuKnee = await byWords('acu knee');
    assert.ok(acuKnee.length > 0);
    for (const n of acuKnee) assert.match(n, /^Acupuncture for left knee/);
    assert.deepEqual(
      acuKnee.sort(),
      items
        .filter((g) => g.treatment === 'Acupuncture' && /left knee/.test(g.name))
        .map((g) => g.name)
        .sort(),
    );
    // "therapy" is not a prefix of "therapeutic": massage items are not physical therapy items.
    assert.ok(!(await byWords('therapy')).some((n) => n.startsWith('Therapeutic')));
    assert.deepEqual(
      (await byWords('x-rays cervical')).sort(),
      [...items.filter((g) => g.treatment === 'X-rays' && /cervical/.test(g.name)).map((g) => g.name), 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE'].sort(),
    );
    assert.deepEqual(
      await byWords('request 117-0'),
      items.filter((g) => g.name.includes('(request 117-0)')).map((g) => g.name),
    );
    assert.deepEqual(await byWords('nosuchword'), []);
    assert.deepEqual(await byWords('physical nosuchword'), []);
  });

  test('a word may also match the decision: "therapy overturned"', async () => {
    const got = await index.query('therapy overturned', 100_000);
    assert.ok(got.length > 0);
    for (const s of got) {
      assert.match(s.containerName ?? '', /^Overturned · /);
      assert.ok(
        wordsOf(s.name).some((w) => w.startsWith('therapy')),
        s.name,
      );
    }
    assert.deepEqual(await index.query('overturned'), [], 'the decision alone is not a name match');
  });

  test('limit, and an empty query returns items up to the limit', async () => {
    assert.equal((await index.query('')).length, Math.min(500, items.length + 7));
    assert.equal((await index.query('', 10)).length, 10);
    assert.equal((await index.query('physical', 3)).length, 3);
    // Best first: names that start with the first query word come first.
    const ranked = await index.query('physical', 100_000);
    const firstOther = ranked.findIndex((s) => !/^physical/i.test(s.name));
    assert.ok(firstOther > 0);
    assert.ok(ranked.slice(firstOther).every((s) => !/^physical/i.test(s.name)));
  });

  test('container name: decision and file name', async () => {
    for (const s of await index.query('', 50)) assert.match(s.containerName ?? '', /^(Upheld|Overturned) · (letter-\d{3}\.txt|[\w-]+\.(txt|imr))$/);
  });
});

describe('WorkspaceIndex: open documents, changes, deletions', () => {
  const seed = sampleLetters().find((s) => s.id.endsWith('x-rays-and-pt.txt'))!;
  const rename = (text: string, from: string, to: string) => text.replace(from, to);

  async function fresh() {
    const fs = new MemoryFs();
    fs.files.set('/ws/a.txt', seed.text);
    fs.files.set('/ws/b.imr', rename(seed.text, 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'Bone scan of the pelvis'));
    const index = new WorkspaceIndex(fs, { openDocumentDelayMs: 5 });
    index.addRoot('/ws');
    await index.ready();
    return { fs, index };
  }
  const names = async (index: WorkspaceIndex, q: string) => (await index.query(q)).map((s) => `${path.basename(s.location.uri)}: ${s.name}`).sort();

  test('update: the open text wins over the disk, at once for a query', async () => {
    const { fs, index } = await fresh();
    const uri = pathToFileURL('/ws/a.txt').href;
    index.update(uri, rename(seed.text, 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'Cervical collar'));
    assert.deepEqual(await names(index, 'cervical collar'), ['a.txt: Cervical collar']);
    assert.deepEqual(await names(index, 'x-rays'), [], 'the disk version is not listed beside it');
    // A change on disk while the document is open does not override it.
    fs.files.set('/ws/a.txt', rename(seed.text, 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'Knee brace'));
    index.fileChanged(uri);
    await index.ready();
    assert.deepEqual(await names(index, 'knee brace'), []);
    assert.deepEqual(await names(index, 'cervical collar'), ['a.txt: Cervical collar']);
    // Closed: the disk version (as changed meanwhile) comes back.
    index.remove(uri);
    await index.ready();
    assert.deepEqual(await names(index, 'cervical collar'), []);
    assert.deepEqual(await names(index, 'knee brace'), ['a.txt: Knee brace']);
  });

  test('update is parsed after a pause, not on every keystroke', async () => {
    const { index } = await fresh();
    const uri = pathToFileURL('/ws/a.txt').href;
    // Each version is handed over as the server hands it (a function giving its parse): the
    // index calls it only for a version it reads, so `parsed` lists the versions parsed.
    const parsed: number[] = [];
    const version = (k: number) => () => {
      parsed.push(k);
      return checkText(rename(seed.text, 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', `Typing ${k}`), BUNDLED_DEFAULTS());
    };
    for (let k = 0; k < 50; k++) index.update(uri, version(k));
    assert.deepEqual(parsed, [], 'nothing is parsed while typing');
    // The pause (openDocumentDelayMs: 5): wait until the index reads the document, however long the machine takes.
    for (let turns = 0; parsed.length === 0 && turns < 1000; turns++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(parsed, [49], 'after the pause, the last version alone, once');
    assert.deepEqual(
      (await index.query('typing')).map((s) => s.name),
      ['Typing 49'],
    );
    assert.deepEqual(parsed, [49], 'the query reads the version already parsed');
  });

  test('an untitled document is listed while open and leaves when closed', async () => {
    const { index } = await fresh();
    index.update('untitled:Untitled-1', rename(seed.text, 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'Wheelchair rental'));
    const [hit] = await index.query('wheelchair');
    assert.equal(hit.location.uri, 'untitled:Untitled-1');
    assert.equal(hit.containerName, 'Upheld · Untitled-1');
    index.remove('untitled:Untitled-1');
    await index.ready();
    assert.deepEqual(await index.query('wheelchair'), []);
  });

  test('a document edited into a non-letter leaves the index', async () => {
    const { index } = await fresh();
    index.update(pathToFileURL('/ws/b.imr').href, 'Nothing here any more.\n');
    assert.deepEqual(await names(index, 'bone scan'), []);
  });

  test('a file URI spelled differently is the same file (no duplicates)', async () => {
    const { index } = await fresh();
    index.update('file:///ws/./a.txt', seed.text);
    assert.equal((await index.query('x-rays')).length, 1);
    assert.equal(index.stats().files, 2);
  });

  test('fileChanged: changed and created files are (re)indexed; non-letters and excluded folders are not', async () => {
    const { fs, index } = await fresh();
    fs.files.set('/ws/b.imr', rename(seed.text, 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'Lumbar support'));
    index.fileChanged(pathToFileURL('/ws/b.imr').href);
    fs.files.set('/ws/new/c.txt', rename(seed.text, 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'TENS unit'));
    index.fileChanged(pathToFileURL('/ws/new/c.txt').href);
    fs.files.set('/ws/node_modules/d.txt', rename(seed.text, 'X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'TENS unit'));
    index.fileChanged(pathToFileURL('/ws/node_modules/d.txt').href);
    fs.files.set('/ws/e.txt', 'a shopping list\n');
    index.fileChanged(pathToFileURL('/ws/e.txt').href);
    fs.files.set('/elsewhere/f.txt', seed.text);
    index.fileChanged(pathToFileURL('/elsewhere/f.txt').href);
    await index.ready();
    assert.deepEqual(await names(index, 'bone scan'), []);
    assert.deepEqual(await names(index, 'lumbar support'), ['b.imr: Lumbar support']);
    assert.deepEqual(await names(index, 'tens'), ['c.txt: TENS unit']);
    assert.equal(index.stats().files, 3);
  });

  test('fileDeleted: a file, and every file under a deleted folder', async () => {
    const { fs, index } = await fresh();
    fs.files.set('/ws/sub/deep/c.txt', seed.text);
    index.fileChanged(pathToFileURL('/ws/sub/deep/c.txt').href);
    await index.ready();
    assert.equal(index.stats().files, 3);
    fs.files.delete('/ws/a.txt');
    index.fileDeleted(pathToFileURL('/ws/a.txt').href);
    assert.deepEqual(await names(index, 'x-rays'), ['c.txt: X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE']);
    fs.files.delete('/ws/sub/deep/c.txt');
    index.fileDeleted(pathToFileURL('/ws/sub').href);
    assert.deepEqual(await names(index, 'x-rays'), []);
    assert.equal(index.stats().files, 1);
  });

  test('a file deleted while it is being read is not listed afterwards', async () => {
    const fs = new MemoryFs();
    fs.files.set('/ws/a.txt', seed.text);
    let release!: () => void;
    fs.gate = new Promise((r) => (release = r));
    const index = new WorkspaceIndex(fs);
    index.addRoot('/ws');
    while (fs.reads === 0) await new Promise((r) => setImmediate(r));
    index.fileDeleted(pathToFileURL('/ws/a.txt').href);
    release();
    await index.ready();
    assert.equal(index.stats().files, 0);
  });

  test("removeRoot forgets the folder's files, not open documents", async () => {
    const { index } = await fresh();
    index.update('untitled:1', seed.text);
    index.removeRoot('/ws');
    assert.deepEqual(
      (await index.query('x-rays')).map((s) => s.location.uri),
      ['untitled:1'],
    );
  });

  test('ready() resolves at once when idle, and waits for queued work', async () => {
    const fs = new MemoryFs();
    const index = new WorkspaceIndex(fs);
    await index.ready();
    const { files } = generate('/ws', 20);
    for (const [p, t] of files) fs.files.set(p, t);
    index.addRoot('/ws');
    assert.equal(index.stats().files, 0, 'nothing is done synchronously');
    await index.ready();
    assert.equal(index.stats().files, 20);
  });

  test('indexing yields to the event loop in slices (typing is never blocked): with no slice, between files', async () => {
    const fs = new MemoryFs();
    const { files } = generate('/ws', 100);
    for (const [p, t] of files) fs.files.set(p, t);
    const index = new WorkspaceIndex(fs, { sliceMs: 0 });
    let ticks = 0;
    let done = false;
    const tick = () => {
      ticks++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    index.addRoot('/ws');
    await index.ready();
    done = true;
    // An immediate-loop keeps running while files are indexed: roughly one turn per file.
    assert.ok(ticks >= 100, `only ${ticks} event-loop turns while indexing 100 files`);
  });

  test('a folder is walked as its files are read: the queue holds a batch of them, not the whole folder', async () => {
    const fs = new MemoryFs();
    const { files } = generate('/ws', 600);
    for (const [p, t] of files) fs.files.set(p, t);
    // How far the walk had gone when each file was read.
    let walked = 0;
    let most = 0;
    let reads = 0;
    const list = fs.listFiles.bind(fs);
    fs.listFiles = async function* (root: string) {
      for await (const p of list(root)) {
        walked++;
        yield p;
      }
    };
    const read = fs.readFile.bind(fs);
    fs.readFile = (p: string) => {
      most = Math.max(most, walked - reads++);
      return read(p);
    };
    const index = new WorkspaceIndex(fs);
    index.addRoot('/ws');
    await index.ready();
    assert.equal(reads, 600);
    assert.equal(index.stats().files, 600);
    assert.ok(most <= 128, `the walk ran ${most} files ahead of the reads`);
  });
});

/**
 * A library that reads files "off the main thread" as the server's does (indexPool.ts): each
 * read answers after a delay of its own, so answers arrive out of order and overlap changes.
 */
class OffThreadLibrary implements IndexLibrary {
  idles = 0;
  inflight = 0;
  maxInflight = 0;
  /** Paths whose next read answers "stopped, read again" (new settings stopped the thread). */
  readonly stopNext = new Set<string>();
  constructor(
    private readonly fs: MemoryFs,
    private readonly delay: (p: string) => number,
  ) {}
  summarize(uri: string, checked: CheckedText): LetterSummary[] {
    return checked.summaries(uri);
  }
  /** Every path read, in order. */
  readonly read: string[] = [];
  async summarizeFile(p: string, uri: string) {
    this.read.push(p);
    this.maxInflight = Math.max(this.maxInflight, ++this.inflight);
    try {
      // The text as the read starts; the answer comes later.
      const text = this.fs.files.get(p);
      await new Promise((r) => setTimeout(r, this.delay(p)));
      if (this.stopNext.delete(p)) return { ok: false as const, reason: 'stopped', retry: true as const };
      if (text === undefined) return { ok: false as const, reason: 'ENOENT' };
      return { ok: true as const, letters: letterRecords(this.summarize(uri, checkText(text, BUNDLED_DEFAULTS()))) };
    } finally {
      this.inflight--;
    }
  }
  parallelism = () => 8;
  idle = () => void this.idles++;
  load = () => Promise.resolve();
  stored = () => undefined;
  /** What the library's database would hold: each file's letters, by key. */
  readonly saved = new Map<string, LetterSummary[]>();
  save = (key: string, uri: string, _stat: unknown, letters: LetterRecords) => void this.saved.set(key, summariesOf(letters, uri));
  forget = (key: string) => void this.saved.delete(key);
  changed = () => undefined;
  /** As the database answers them (librarySymbols.ts): the items of the files saved with letters, matched and ranked as the index does. */
  symbols = async (q: string, limit: number) =>
    searchItems(
      [...this.saved].map(([key, ls]) => ({
        key,
        items: ls.flatMap((l) =>
          l.items.flatMap((i) => [i.name, i.decision, i.range.start.line, i.range.start.character, i.range.end.line, i.range.end.character]),
        ),
        uri: () => ls[0]?.uri ?? key,
        fileName: () => path.basename(key),
      })),
      q,
      limit,
    );
  /** The letters stored, in path order (the database's order). */
  letters(): LetterSummary[] {
    return [...this.saved].sort((a, b) => (a[0] < b[0] ? -1 : 1)).flatMap(([, ls]) => ls);
  }
}

describe('WorkspaceIndex with files read off the main thread (several in flight)', () => {
  const seed = sampleLetters().find((s) => s.id.endsWith('x-rays-and-pt.txt'))!;

  test('every file is listed once, in path order, whatever order the reads finish in; idle is told once', async () => {
    const fs = new MemoryFs();
    const names: string[] = [];
    for (let i = 0; i < 40; i++) {
      const name = `/ws/${String(i).padStart(2, '0')}.txt`;
      names.push(name);
      fs.files.set(name, seed.text.replace('X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', `Bone scan number ${i}`));
    }
    // Later files answer first.
    const library = new OffThreadLibrary(fs, (p) => 40 - Number(path.basename(p, '.txt')));
    const index = new WorkspaceIndex(fs, { library });
    index.addRoot('/ws');
    await index.ready();
    const letters = library.letters();
    assert.deepEqual(
      letters.map((l) => l.uri),
      names.map((n) => pathToFileURL(n).href),
    );
    assert.ok(library.maxInflight > 1 && library.maxInflight <= 8, `in flight at most: ${library.maxInflight}`);
    assert.equal(library.idles, 1);
    assert.equal((await index.query('bone scan number 7')).length, 1);
  });

  test('reindexAll(which) reads again only the files it picks (a knowledge base used by one folder changed)', async () => {
    const fs = new MemoryFs();
    fs.files.set('/ws/team/a.txt', seed.text);
    fs.files.set('/ws/other/b.txt', seed.text);
    const library = new OffThreadLibrary(fs, () => 1);
    const index = new WorkspaceIndex(fs, { library });
    index.addRoot('/ws');
    await index.ready();
    assert.deepEqual(library.read.sort(), ['/ws/other/b.txt', '/ws/team/a.txt']);
    library.read.length = 0;
    index.reindexAll((p) => p.startsWith('/ws/team/'));
    await index.ready();
    assert.deepEqual(library.read, ['/ws/team/a.txt']);
    index.reindexAll();
    await index.ready();
    assert.deepEqual(library.read.slice(1).sort(), ['/ws/other/b.txt', '/ws/team/a.txt'], 'without a choice, every file');
  });

  test('a read stopped before it answered (new settings) is read again, not taken for an unreadable file', async () => {
    const fs = new MemoryFs();
    fs.files.set('/ws/a.txt', seed.text);
    fs.files.set('/ws/b.txt', seed.text);
    const library = new OffThreadLibrary(fs, () => 5);
    library.stopNext.add('/ws/a.txt');
    const index = new WorkspaceIndex(fs, { library });
    index.addRoot('/ws');
    await index.ready();
    assert.equal(library.stopNext.size, 0, 'the stopped read happened');
    assert.deepEqual(
      library.letters().map((l) => path.basename(l.uri)),
      ['a.txt', 'b.txt'],
    );
  });

  test('a file changed while its read is in flight ends with the new text; one deleted, not at all', async () => {
    const fs = new MemoryFs();
    fs.files.set('/ws/a.txt', seed.text);
    fs.files.set('/ws/b.txt', seed.text);
    const library = new OffThreadLibrary(fs, () => 30);
    const index = new WorkspaceIndex(fs, { library });
    index.addRoot('/ws');
    while (library.inflight < 2) await new Promise((r) => setTimeout(r, 1));
    fs.files.set('/ws/a.txt', seed.text.replace('X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE', 'Bone scan of the pelvis'));
    index.fileChanged(pathToFileURL('/ws/a.txt').href);
    fs.files.delete('/ws/b.txt');
    index.fileDeleted(pathToFileURL('/ws/b.txt').href);
    await index.ready();
    assert.deepEqual(
      (await index.query('bone scan')).map((s) => path.basename(s.location.uri)),
      ['a.txt'],
    );
    assert.equal((await index.query('x-rays')).length, 0, 'the old text of a.txt is gone');
    assert.deepEqual(
      library.letters().map((l) => path.basename(l.uri)),
      ['a.txt'],
    );
  });
});

describe('nodeFileSystem on a real folder', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'imr-index-'));
    const seeds = sampleLetters();
    const put = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    put('letters/one.txt', seeds[0].text);
    put('letters/sub/two.imr', seeds[1].text);
    put('letters/notes.txt', 'Not a letter.\n');
    put('letters/letter.md', seeds[2].text);
    put('node_modules/x/three.txt', seeds[2].text);
    put('.git/four.txt', seeds[3].text);
    put('big.txt', seeds[4].text + ' '.repeat(3 * 1024 * 1024));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('lists .txt and .imr files, skipping node_modules and dot-folders (files over the cap too: the index says why it leaves them out)', async () => {
    const listed: string[] = [];
    for await (const p of createNodeFileSystem().listFiles(dir) as AsyncIterable<string>) listed.push(path.relative(dir, p));
    assert.deepEqual(listed.sort(), ['big.txt', 'letters/notes.txt', 'letters/one.txt', path.join('letters', 'sub', 'two.imr')].sort());
  });

  test('indexes the letters with file URIs; a change on disk is picked up', async () => {
    const index = new WorkspaceIndex(createNodeFileSystem());
    index.addRoot(pathToFileURL(dir).href);
    await index.ready();
    assert.equal(index.stats().files, 2);
    const uris = (await index.query('', 100)).map((s) => s.location.uri);
    assert.ok(uris.every((u) => u.startsWith('file://')));
    assert.ok(uris.includes(pathToFileURL(path.join(dir, 'letters', 'one.txt')).href));
    const one = path.join(dir, 'letters', 'one.txt');
    const model = parseDetermination(sampleLetters()[0].text);
    const oldName = model.items[0].name.text;
    writeFileSync(one, sampleLetters()[0].text.replace(oldName, 'Spinal cord stimulator trial'));
    index.fileChanged(pathToFileURL(one).href);
    // The big file changed on disk is skipped without being read whole.
    index.fileChanged(pathToFileURL(path.join(dir, 'big.txt')).href);
    await index.ready();
    assert.deepEqual(
      (await index.query('spinal cord')).map((s) => s.name),
      ['Spinal cord stimulator trial'],
    );
    assert.equal(index.stats().files, 2);
    // Left out, and said why: not a silent gap in the library.
    assert.deepEqual(index.notInLibrary(), [
      { uri: pathToFileURL(path.join(dir, 'big.txt')).href, reason: "larger than the library's limit (3.0 MB; limit 2 MB)" },
    ]);
  });
});

describe('letter files left out of the library', () => {
  const seed = sampleLetters()[0].text;

  test('an unreadable file is listed with the reason, and leaves the list once it is read', async () => {
    const fs = new MemoryFs();
    fs.files.set('/ws/a.txt', seed);
    fs.files.set('/ws/b.txt', seed);
    const readFile = fs.readFile.bind(fs);
    let locked = true;
    fs.readFile = async (p) => {
      if (locked && p === '/ws/b.txt') throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return readFile(p);
    };
    const index = new WorkspaceIndex(fs);
    index.addRoot('/ws');
    await index.ready();
    assert.deepEqual(index.notInLibrary(), [{ uri: pathToFileURL('/ws/b.txt').href, reason: 'cannot read the file (permission denied)' }]);
    locked = false;
    index.fileChanged(pathToFileURL('/ws/b.txt').href);
    await index.ready();
    assert.deepEqual(index.notInLibrary(), []);
    assert.equal(index.stats().files, 2);
  });

  test("a reader's own reason (a PDF without text) is kept; a deleted file or a removed folder leaves the list", async () => {
    const fs = new MemoryFs();
    fs.files.set('/ws/scan.txt', seed);
    fs.files.set('/other/scan.txt', seed);
    fs.readFile = async () => {
      throw new Error('no text layer: run OCR first');
    };
    const index = new WorkspaceIndex(fs);
    index.addRoot('/ws');
    index.addRoot('/other');
    await index.ready();
    assert.deepEqual(
      index.notInLibrary().map((f) => f.reason),
      ['no text layer: run OCR first', 'no text layer: run OCR first'],
    );
    index.fileDeleted(pathToFileURL('/ws/scan.txt').href);
    index.removeRoot('/other');
    assert.deepEqual(index.notInLibrary(), []);
  });
});
