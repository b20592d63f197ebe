// The letter library through the protocol: `imr/letters` on real letters (each letter's values
// equal the model's and the corpus index's), its filter, and the index stored on disk
// (its database: libraryStore.test.ts).
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { rationaleConclusion } from '../../server/src/parse/conclusion';
import { letterModels } from '../../server/src/model/letters';
import { parseDetermination } from '../../server/src/parse/parser';
import {
  LETTER_GROUPINGS,
  LETTER_GROUPS_REQUEST,
  LETTERS_CHANGED_NOTIFICATION,
  LETTERS_REQUEST,
  LETTERS_SUMMARY_REQUEST,
  type LetterSummary,
  type LettersChangedParams,
  type LettersFilter,
} from '../../server/src/protocol';
import { letterOutcome, monthOf } from '../../server/src/library/library';
import { CORPUS_PRESENT, corpusIndex, CORPUS_DIR, type Letter, sampleLetters } from '../helpers/corpus';
import { runCli } from '../helpers/cli';
import { CSV_COLUMNS, letterRows, parseCsv } from '../../server/src/csv/csv';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from '../helpers/lspClient';

/** Samples (2014-2015) and the 2016-2017 letters (pdftotext default), copied into a fresh folder. */
function letterSet(): Letter[] {
  const out = sampleLetters();
  if (CORPUS_PRESENT) {
    const dir = path.join(CORPUS_DIR, '2016-2017', 'text');
    for (const f of readdirSync(dir).sort())
      out.push({ id: `2016-2017/text/${f}`, path: path.join(dir, f), layout: 'text', text: readFileSync(path.join(dir, f), 'utf8') });
  }
  return out;
}

function makeFolder(letters: Letter[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imr-library-'));
  for (const l of letters) copyFileSync(l.path, path.join(dir, l.id.replace(/\//g, '__')));
  writeFileSync(path.join(dir, 'notes.txt'), 'Physical therapy notes that are not a letter.');
  return dir;
}

const sortLetters = (ls: LetterSummary[]) => [...ls].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.letter - b.letter));

async function letters(server: TestServer, filter?: LettersFilter): Promise<LetterSummary[]> {
  return await server.connection.sendRequest(LETTERS_REQUEST, filter ? { filter } : {});
}

/** Waits until the server says indexing is over (the notification), then answers the letters. */
async function indexed(server: TestServer, expectedFiles: number, ms = 60000): Promise<LetterSummary[]> {
  const end = Date.now() + ms;
  for (;;) {
    const ls = await letters(server);
    if (new Set(ls.map((l) => l.uri)).size >= expectedFiles) return ls;
    if (Date.now() > end) throw new Error(`index holds ${new Set(ls.map((l) => l.uri)).size} of ${expectedFiles} files`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const all = letterSet();
const folder = makeFolder(all);
const folderUri = pathToFileURL(folder).toString();
const uriOf = (l: Letter) => pathToFileURL(path.join(folder, l.id.replace(/\//g, '__'))).toString();
let server: TestServer;
let answer: LetterSummary[];
const changes: LettersChangedParams[] = [];

before(async () => {
  server = await startServer({ workspaceFolders: [{ uri: folderUri, name: 'letters' }] });
  server.connection.onNotification(LETTERS_CHANGED_NOTIFICATION, (p) => void changes.push(p));
  answer = await indexed(server, all.length);
});
after(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('imr/letters', () => {
  test('one entry per letter of each file, with the header values, specialty and items of the model', () => {
    const byUri = new Map<string, LetterSummary[]>();
    for (const l of answer) byUri.set(l.uri, [...(byUri.get(l.uri) ?? []), l]);
    assert.ok(!answer.some((l) => l.uri.endsWith('notes.txt')), 'a note is no letter');
    for (const letter of all) {
      const model = parseDetermination(letter.text);
      const got = sortLetters(byUri.get(uriOf(letter)) ?? []);
      const parts = letterModels(model).filter((m) => m.items.length > 0);
      assert.equal(got.length, parts.length, `${letter.id}: letters`);
      parts.forEach((m, k) => {
        const g = got[k];
        const h = (key: string) => m.header.find((f) => f.key === key)?.value?.text.trim() || undefined;
        assert.equal(g.letter, k + 1);
        assert.equal(g.caseNumber, h('caseNumber'), `${letter.id}: case number`);
        assert.equal(g.decisionDate, h('decisionDate'), `${letter.id}: decision date`);
        assert.equal(g.dateOfInjury, h('dateOfInjury'), `${letter.id}: date of injury`);
        assert.equal(g.urDenialDate, h('urDenialDate'), `${letter.id}: UR denial date`);
        assert.equal(g.dateAssigned, h('dateAssigned'), `${letter.id}: date assigned`);
        assert.equal(g.specialty, m.credentials?.specialty?.text.trim() || undefined, `${letter.id}: specialty`);
        assert.equal(g.items.length, m.items.length, `${letter.id}: items`);
        m.items.forEach((item, i) => {
          const gi = g.items[i];
          assert.equal(gi.name, item.name.text, `${letter.id}: item ${i} name`);
          assert.equal(gi.decision, item.decision.kind, `${letter.id}: item ${i} decision`);
          assert.equal(
            model.text.slice(model.lines.offsetAt(gi.range.start), model.lines.offsetAt(gi.range.end)).replace(/\s+/g, ' '),
            item.name.text,
            `${letter.id}: item ${i} range`,
          );
          const c = rationaleConclusion(item.fields.decisionRationale?.value.text ?? '', item.name.text);
          assert.equal(
            gi.conclusion,
            c === 'necessary' ? 'medically necessary' : c === 'notNecessary' ? 'not medically necessary' : undefined,
            `${letter.id}: item ${i} conclusion`,
          );
          const mtusCited = item.fields.maximusGuideline?.citations.some((x) => x.kind === 'mtus') ?? false;
          assert.equal(
            (gi.maximusGuidelines ?? []).some((r) => r.mtus),
            mtusCited,
            `${letter.id}: item ${i} MAXIMUS MTUS guideline`,
          );
          for (const r of gi.maximusGuidelines ?? []) if (r.mtus) assert.ok((r.sections?.length ?? 0) + (r.pages?.length ?? 0) > 0 || r.guideline.length > 0);
          // Lean answer: an empty list is left out, never sent as [].
          assert.ok(gi.problems === undefined || gi.problems.length > 0);
          assert.ok(gi.maximusGuidelines === undefined || gi.maximusGuidelines.length > 0);
          assert.equal(gi.requestedVisits, item.request?.visits, `${letter.id}: item ${i} requested visits`);
        });
      });
    }
  });

  test('the 2016-2017 letters carry the case number, dates and decisions of the corpus index', { skip: !CORPUS_PRESENT }, () => {
    const rows = corpusIndex();
    let checked = 0;
    for (const row of rows) {
      const l = answer.find((x) => x.uri.endsWith(`2016-2017__text__${row.n}.txt`));
      if (!l) continue;
      checked++;
      assert.equal(l.caseNumber, row.caseNumber, row.n);
      assert.equal(l.decisionDate, row.header['Decision Date'], row.n);
      assert.equal(l.dateOfInjury, row.header['Date of Injury'], row.n);
      assert.equal(l.urDenialDate, row.header['UR Denial Date'], row.n);
      assert.equal(l.items.filter((i) => i.decision === 'Upheld').length, row.upheld, `${row.n}: upheld`);
      assert.equal(l.items.filter((i) => i.decision === 'Overturned').length, row.overturned, `${row.n}: overturned`);
    }
    assert.ok(checked >= 100, `${checked} corpus letters checked`);
    // Guidelines resolve through the knowledge base: its names, not the letter's spelling.
    const names = new Set(answer.flatMap((l) => l.items.flatMap((i) => (i.maximusGuidelines ?? []).filter((r) => r.mtus).map((r) => r.guideline))));
    assert.ok(
      [...names].some((n) => /^Chronic Pain Medical Treatment Guidelines \(\d{4}\)$/.test(n)),
      [...names].join('; '),
    );
  });

  test('filter: words of the item name, outcome, guideline, specialty and month', async () => {
    const pt = await letters(server, { text: 'physical therapy' });
    assert.ok(pt.length > 0);
    for (const l of pt) for (const i of l.items) assert.match(i.name.toLowerCase(), /physical/);
    const upheld = await letters(server, { outcome: 'upheld' });
    assert.ok(upheld.length > 0 && upheld.every((l) => letterOutcome(l) === 'upheld'));
    const overturned = await letters(server, { outcome: 'overturned' });
    const mixed = await letters(server, { outcome: 'mixed' });
    assert.equal(upheld.length + overturned.length + mixed.length, answer.filter((l) => letterOutcome(l) !== 'undecided').length);
    const g = answer.flatMap((l) => l.items.flatMap((i) => i.maximusGuidelines ?? [])).find((r) => r.mtus)!;
    const byG = await letters(server, { guideline: g.guideline });
    assert.ok(byG.length > 0 && byG.every((l) => l.items.every((i) => (i.maximusGuidelines ?? []).some((r) => r.guideline === g.guideline))));
    const spec = answer.find((l) => l.specialty)?.specialty;
    if (spec) assert.ok((await letters(server, { specialty: spec })).every((l) => l.specialty === spec));
    const month = monthOf(answer.find((l) => monthOf(l.decisionDate))?.decisionDate);
    if (month) {
      const byMonth = await letters(server, { month });
      assert.ok(byMonth.length > 0 && byMonth.every((l) => monthOf(l.decisionDate) === month));
    }
    const bad = await server.connection.sendRequest(LETTERS_REQUEST.method, { filter: { text: 3 } }).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    assert.match(String(bad), /invalid params/);
  });

  test('imr/letters pages and trims items; imr/lettersSummary counts what imr/letters lists', async () => {
    const page = await server.connection.sendRequest(LETTERS_REQUEST, { offset: 2, limit: 3 });
    assert.deepEqual(page, answer.slice(2, 5));
    const lean = await server.connection.sendRequest(LETTERS_REQUEST, { itemFields: ['problems'] });
    assert.equal(lean.length, answer.length);
    lean.forEach((l, k) =>
      l.items.forEach((i, n) =>
        assert.deepEqual(i, {
          name: answer[k].items[n].name,
          decision: answer[k].items[n].decision,
          range: answer[k].items[n].range,
          ...(answer[k].items[n].problems ? { problems: answer[k].items[n].problems } : {}),
        }),
      ),
    );
    const bad = await server.connection.sendRequest(LETTERS_REQUEST.method, { itemFields: ['text'] }).then(
      () => 'answered',
      (e: Error) => e.message,
    );
    assert.match(String(bad), /invalid params/);
    const s = await server.connection.sendRequest(LETTERS_SUMMARY_REQUEST, {});
    const items = answer.flatMap((l) => l.items);
    assert.deepEqual(s.totals, {
      letters: answer.length,
      items: items.length,
      upheld: items.filter((i) => i.decision === 'Upheld').length,
      overturned: items.filter((i) => i.decision === 'Overturned').length,
      other: items.filter((i) => i.decision !== 'Upheld' && i.decision !== 'Overturned').length,
      files: new Set(answer.map((l) => l.uri)).size,
    });
    assert.deepEqual(
      s.charts.map((c) => c.id),
      ['guideline', 'section', 'specialty', 'month'],
    );
    const g = s.charts[0].rows[0];
    const cited = items.filter((i) => (i.maximusGuidelines ?? []).some((r) => r.guideline === g.label));
    assert.equal(g.upheld + g.overturned + g.other, cited.length, g.label);
    const pt = await server.connection.sendRequest(LETTERS_SUMMARY_REQUEST, { filter: { text: 'physical therapy' } });
    assert.equal(pt.totals.items, (await letters(server, { text: 'physical therapy' })).flatMap((l) => l.items).length);
  });

  test('imr/letterGroups counts each group; imr/letters with the group lists exactly its letters, page by page', async () => {
    const key = (l: LetterSummary) => `${l.uri}#${l.letter}`;
    for (const filter of [undefined, { text: 'physical therapy' }]) {
      const listed = await letters(server, filter);
      for (const groupBy of LETTER_GROUPINGS) {
        const r = await server.connection.sendRequest(LETTER_GROUPS_REQUEST, filter ? { groupBy, filter } : { groupBy });
        const what = `${groupBy} ${JSON.stringify(filter)}`;
        assert.equal(r.letters, listed.length, what);
        assert.equal(
          r.items,
          listed.reduce((n, l) => n + l.items.length, 0),
          what,
        );
        assert.equal(new Set(r.groups.map((g) => g.key)).size, r.groups.length, `${what}: keys once`);
        const inSome = new Set<string>();
        for (const g of r.groups) {
          const members = await server.connection.sendRequest(LETTERS_REQUEST, { filter, group: { by: groupBy, key: g.key } });
          assert.equal(members.length, g.letters, `${what}: ${g.label}`);
          assert.equal(
            members.reduce((n, l) => n + l.items.length, 0),
            g.items,
            `${what}: ${g.label} items`,
          );
          for (const m of members) inSome.add(key(m));
          // The group's own filter (a click in the summary) shows the same letters.
          if (g.filter && groupBy !== 'guideline')
            assert.deepEqual((await letters(server, { ...filter, ...g.filter })).map(key), members.map(key), `${what}: ${g.label} filter`);
          // Pages of two add up to the group, in order, each letter once.
          const paged: LetterSummary[] = [];
          for (let offset = 0; offset < g.letters; offset += 2)
            paged.push(...(await server.connection.sendRequest(LETTERS_REQUEST, { filter, group: { by: groupBy, key: g.key }, offset, limit: 2 })));
          assert.deepEqual(paged.map(key), members.map(key), `${what}: ${g.label} pages`);
        }
        assert.equal(inSome.size, listed.length, `${what}: every letter is in a group`);
        if (groupBy === 'outcome') {
          const order = ['upheld', 'overturned', 'mixed', 'undecided'];
          assert.deepEqual(
            r.groups.map((g) => g.key),
            order.filter((k) => r.groups.some((g) => g.key === k)),
          );
          // The outcome of the whole letter, as the outcome filter reads it (not of the items shown).
          const whole = new Map(answer.map((l) => [key(l), letterOutcome(l)]));
          for (const g of r.groups) assert.equal(g.letters, listed.filter((l) => whole.get(key(l)) === g.key).length, g.key);
        }
        if (groupBy === 'month')
          assert.deepEqual(
            r.groups.filter((g) => g.key).map((g) => g.key),
            r.groups
              .filter((g) => g.key)
              .map((g) => g.key)
              .sort()
              .reverse(),
            'months newest first',
          );
      }
    }
    for (const bad of [{}, { groupBy: 'colour' }, { groupBy: 'outcome', filter: { text: 1 } }]) {
      const e = await server.connection.sendRequest(LETTER_GROUPS_REQUEST.method, bad).then(
        () => 'answered',
        (x: Error) => x.message,
      );
      assert.match(String(e), /invalid params/, JSON.stringify(bad));
    }
    const badGroup = await server.connection.sendRequest(LETTERS_REQUEST.method, { group: { by: 'outcome' } }).then(
      () => 'answered',
      (x: Error) => x.message,
    );
    assert.match(String(badGroup), /invalid params/);
  });

  test('imr-check --format csv on the folder writes the rows the editor exports (letterRows of imr/letters)', async () => {
    const r = await runCli(['--format', 'csv', folder]);
    const [header, ...rows] = parseCsv(r.out);
    assert.deepEqual(header, [...CSV_COLUMNS]);
    const exported = letterRows(answer, (uri) => fileURLToPath(uri)).map((row) => CSV_COLUMNS.map((c) => row[c]));
    // notes.txt is no letter for either: the command line skips it and counts it (a letter
    // without items would get a row with no item).
    const itemColumn = CSV_COLUMNS.indexOf('item');
    const fileColumn = CSV_COLUMNS.indexOf('file');
    assert.ok(!rows.some((row) => path.basename(row[fileColumn]) === 'notes.txt'));
    assert.equal(r.err, 'imr-check: 1 file skipped: not a determination\n');
    // As written: formula-like cells carry the guarding apostrophe.
    const guarded = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
    assert.deepEqual(
      rows.filter((row) => row[itemColumn] !== ''),
      exported.map((row) => row.map(guarded)),
    );
    assert.ok(exported.length >= answer.length);
  });

  test('rule levels changed: the problems listed follow', async () => {
    const withProblems = answer.filter((l) => l.items.some((i) => (i.problems ?? []).length > 0));
    assert.ok(withProblems.length > 0, 'some corpus item has a problem');
    const codes = [...new Set(answer.flatMap((l) => l.items.flatMap((i) => i.problems ?? [])))];
    // Pushed settings (the test client does not offer workspace/configuration).
    const off = { rules: Object.fromEntries(codes.map((c) => [c, 'off'])) };
    server.setSettings(off);
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { imr: off } });
    const end = Date.now() + 60000;
    for (;;) {
      const ls = await letters(server);
      if (ls.length === answer.length && ls.every((l) => l.items.every((i) => (i.problems ?? []).length === 0))) break;
      if (Date.now() > end) throw new Error('problems still listed after the rules were turned off');
      await new Promise((r) => setTimeout(r, 200));
    }
    server.setSettings({});
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { imr: {} } });
    // Back to the defaults, and indexing over, before the next test.
    for (;;) {
      const ls = await letters(server);
      if (ls.some((l) => l.items.some((i) => (i.problems ?? []).length > 0)) && changes.at(-1)?.indexing === false) break;
      if (Date.now() > end + 60000) throw new Error('problems not back with the default rule levels');
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  test('imr/lettersChanged says when indexing is over, with the letter count', async () => {
    // The answer time at 10,000 letters is measured by bench/library.ts.
    const end = Date.now() + 30000;
    while (changes.at(-1)?.indexing !== false && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.ok(changes.length > 0 && changes.at(-1)!.indexing === false, JSON.stringify(changes.at(-1)));
    assert.equal(changes.at(-1)!.letters, answer.length);
  });
});
