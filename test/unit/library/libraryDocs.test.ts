// docs/library.md's example queries, run as written through the `sqlite3` shell (Debian's, 3.40
// in CI: .ci/run installs it) on a library built from the sample letters and one made-up letter
// with a misspelt decision; each answer is checked against the letters' summaries (the pipeline's
// model), computed here the plain way, not against numbers written down.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { LibraryDb } from '../../../server/src/library/libraryDb';
import { SCHEMA_VERSION } from '../../../server/src/library/librarySchema';
import { monthOf } from '../../../server/src/library/letterFacets';
import { BUNDLED_DEFAULTS, checkText } from '../../../server/src/pipeline/checkText';
import type { LetterSummary } from '../../../server/src/protocol';
import { ALL_RULES } from '../../../server/src/rules/engine';
import { REPO_ROOT, sampleLetters } from '../../helpers/corpus';

type Row = Record<string, string | number | null>;

/** The queries of docs/library.md by name (`<!-- query: name -->` before each sql block). */
function docQueries(): Map<string, string> {
  const md = readFileSync(path.join(REPO_ROOT, 'docs', 'library.md'), 'utf8');
  const out = new Map<string, string>();
  for (const m of md.matchAll(/<!-- query: ([\w-]+) -->\s*```sql\n([\s\S]*?)```/g)) out.set(m[1], m[2]);
  return out;
}

function sqlite3(file: string, sql: string): Row[] {
  const r = spawnSync('sqlite3', ['-readonly', '-json', file, sql], { encoding: 'utf8' });
  assert.ok(!r.error, 'the sqlite3 shell is needed (apt-get install sqlite3; .ci/run installs it)');
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Row[]) : [];
}

const letters: { file: string; summaries: LetterSummary[] }[] = [];
for (const s of sampleLetters())
  letters.push({ file: path.basename(s.path), summaries: checkText(s.text, BUNDLED_DEFAULTS()).summaries(`file:///ws/${path.basename(s.path)}`) });
// Made-up letters (CM99- case numbers) from a sample: with a header (its dates give the months),
// a section cited by the reviewer, and (the second) a misspelt decision: an undecided letter, with a problem.
const seed = sampleLetters().find((s) => s.id.endsWith('physical-therapy-upheld.txt'))!;
const header = (caseNumber: string, decided: string) =>
  `Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\n${caseNumber}\n01/05/2016\n${decided}\nStandard\n\n` +
  'Date of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n03/02/2014\n12/20/2015\n12/28/2015\n\n';
const withSection = seed.text.replace('Physical Medicine Page(s): 98, 99.', 'Section(s): Physical Medicine, Page(s): 98, 99.');
for (const [name, text] of [
  ['CM99-0000001.txt', header('CM99-0000001', '02/03/2016') + withSection],
  ['CM99-0000002.txt', header('CM99-0000002', '03/04/2016') + withSection.replace(': Upheld', ': Uphled')],
])
  letters.push({ file: name, summaries: checkText(text, BUNDLED_DEFAULTS()).summaries(`file:///ws/${name}`) });

const severities = Object.fromEntries(ALL_RULES.map((r) => [r.code, r.defaultSeverity]));
const dir = mkdtempSync(path.join(tmpdir(), 'imr-library-docs-'));
const file = path.join(dir, 'letters.sqlite');
const db = new LibraryDb(file, 'docs');
db.write(() => {
  for (const l of letters) db.putFileInTransaction(`/ws/${l.file}`, `file:///ws/${l.file}`, l.file, 1, 1, l.summaries, severities);
});
db.close();
after(() => rmSync(dir, { recursive: true, force: true }));

const all = letters.flatMap((l) => l.summaries.map((s) => ({ file: l.file, s })));
const items = all.flatMap(({ file, s }) => s.items.map((i, k) => ({ file, s, i, position: k + 1 })));
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const counts = <T>(list: T[], upheld: (t: T) => boolean, overturned: (t: T) => boolean) => ({
  upheld: list.filter(upheld).length,
  overturned: list.filter(overturned).length,
});
const isUpheld = (x: { i: { decision: string } }) => x.i.decision === 'Upheld';
const isOverturned = (x: { i: { decision: string } }) => x.i.decision === 'Overturned';

describe("docs/library.md's example queries (sqlite3 shell)", () => {
  const queries = docQueries();

  test('the page holds the six queries, and the library letters with items, an undecided letter and a problem', () => {
    assert.deepEqual([...queries.keys()].sort(), ['by-guideline', 'by-month', 'by-request', 'by-specialty', 'problems', 'sections']);
    assert.ok(items.length >= 8 && all.some(({ s }) => s.items.some((i) => i.decision.includes('not a decision'))));
  });

  test('the schema version the page states is the one libraryDb writes, and the database has every column the page lists', () => {
    const md = readFileSync(path.join(REPO_ROOT, 'docs', 'library.md'), 'utf8');
    const stated = [...md.matchAll(/`PRAGMA user_version`,?\s+(?:now\s+)?(\d+)/g)].map((m) => Number(m[1]));
    assert.ok(stated.length >= 2, 'the page states the version');
    assert.deepEqual([...new Set(stated)], [SCHEMA_VERSION]);
    assert.deepEqual(sqlite3(file, 'PRAGMA user_version'), [{ user_version: SCHEMA_VERSION }]);
    // Each table's list of columns (`| \`name\` | what |` rows after its **`table`** heading).
    const tables: string[] = [];
    for (const m of md.matchAll(/\*\*`(\w+)`\*\*[^\n]*\n(?:[^\n]*\n)*?\n\| column \| what \|\n\|---\|---\|\n((?:\|[^\n]*\n)+)/g)) {
      const listed = [...m[2].matchAll(/^\| `(\w+)` \|/gm)].map((c) => c[1]);
      const actual = sqlite3(file, `PRAGMA table_info(${m[1]})`).map((r) => r.name);
      for (const c of listed) assert.ok(actual.includes(c), `${m[1]}.${c} is listed on the page but not in the database`);
      tables.push(m[1]);
    }
    assert.deepEqual(tables, ['letters', 'items', 'citations', 'problems', 'letter_guidelines']);
  });

  test('outcomes by guideline: items citing each MAXIMUS guideline, upheld and overturned', () => {
    const names = [...new Set(items.flatMap((x) => (x.i.maximusGuidelines ?? []).map((r) => r.guideline)))];
    const expected = names
      .map((g) => {
        const citing = items.filter((x) => (x.i.maximusGuidelines ?? []).some((r) => r.guideline === g));
        return { guideline: g, items: citing.length, ...counts(citing, isUpheld, isOverturned) };
      })
      .sort((a, b) => b.items - a.items || cmp(a.guideline, b.guideline));
    assert.ok(expected.length > 0);
    assert.deepEqual(sqlite3(file, queries.get('by-guideline')!), expected);
  });

  test('outcomes by month: letters and items per decision month', () => {
    const months = [...new Set(all.map(({ s }) => monthOf(s.decisionDate)).filter((m): m is string => m !== undefined))].sort();
    const expected = months.map((month) => {
      const its = items.filter((x) => monthOf(x.s.decisionDate) === month);
      return { month, letters: all.filter(({ s }) => monthOf(s.decisionDate) === month).length, items: its.length, ...counts(its, isUpheld, isOverturned) };
    });
    assert.ok(expected.length > 0);
    assert.deepEqual(sqlite3(file, queries.get('by-month')!), expected);
  });

  test('outcomes per kind of therapy and body part (the similar requests)', () => {
    const therapy = items.filter((x) => x.i.treatment && x.i.bodyPart);
    const keys = [...new Set(therapy.map((x) => `${x.i.treatment}\t${x.i.bodyPart}`))];
    const expected = keys
      .map((k) => {
        const [treatment, body_part] = k.split('\t');
        const its = therapy.filter((x) => x.i.treatment === treatment && x.i.bodyPart === body_part);
        return { treatment, body_part, items: its.length, ...counts(its, isUpheld, isOverturned) };
      })
      .sort((a, b) => b.items - a.items || cmp(a.treatment, b.treatment) || cmp(a.body_part, b.body_part));
    assert.ok(expected.length > 1, 'the samples request physical therapy for more than one body part');
    assert.deepEqual(sqlite3(file, queries.get('by-request')!), expected);
  });

  test('the overturn rate per specialty', () => {
    const specialty = (x: { s: LetterSummary }) => x.s.specialty ?? '(not stated)';
    const expected = [...new Set(items.map(specialty))]
      .map((sp) => {
        const its = items.filter((x) => specialty(x) === sp);
        const overturned = its.filter(isOverturned).length;
        return { specialty: sp, items: its.length, overturned, overturned_pct: Math.round((1000 * overturned) / its.length) / 10 };
      })
      .sort((a, b) => b.items - a.items || cmp(a.specialty, b.specialty));
    assert.deepEqual(sqlite3(file, queries.get('by-specialty')!), expected);
  });

  test("every problem, where it was found, with its rule's severity", () => {
    const expected = all
      .flatMap(({ file: f, s }) => [
        ...(s.problems ?? []).map((code) => ({ file: f, letter: s.letter, item: 0, code, severity: severities[code] })),
        ...s.items.flatMap((i, k) => (i.problems ?? []).map((code) => ({ file: f, letter: s.letter, item: k + 1, code, severity: severities[code] }))),
      ])
      .sort((a, b) => cmp(a.file, b.file) || a.letter - b.letter || a.item - b.item || cmp(a.code, b.code));
    assert.ok(
      expected.some((p) => p.file === 'CM99-0000002.txt'),
      'the misspelt decision is a problem',
    );
    assert.deepEqual(sqlite3(file, queries.get('problems')!), expected);
  });

  test('the sections the reviewer cited, per item', () => {
    const expected = items
      .flatMap((x) =>
        (x.i.maximusGuidelines ?? []).flatMap((r) =>
          (r.sections ?? []).map((section) => ({ file: x.file, position: x.position, name: x.i.name, guideline: r.guideline, section })),
        ),
      )
      .sort((a, b) => cmp(a.file, b.file) || a.position - b.position || cmp(a.guideline, b.guideline) || cmp(a.section, b.section));
    assert.ok(expected.length > 0);
    assert.deepEqual(sqlite3(file, queries.get('sections')!), expected);
  });
});
