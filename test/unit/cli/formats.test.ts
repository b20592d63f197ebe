// imr-check's output formats on real letters: the 2014-2015 samples and, when the shared
// corpus is there, the 130 letters of 2016-2017 (pdftotext default mode).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv04 from 'ajv-draft-04';
import { parse as parseCsv } from 'csv-parse/sync';
import { CSV_COLUMNS, csvField } from '../../../server/src/cli/formats/csv';
import { guidelinesCell } from '../../../server/src/csv/csv';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import type { Field } from '../../../server/src/model/types';
import { parseDetermination } from '../../../server/src/parse/parser';
import { ALL_RULES } from '../../../server/src/rules/engine';
import { guidelineRefs } from '../../../server/src/library/library';
import { CLI, runCli, syntheticLetter } from '../../helpers/cli';
import { CORPUS_DIR, CORPUS_PRESENT, REPO_ROOT } from '../../helpers/corpus';

const SAMPLES = path.join(REPO_ROOT, 'samples');
const CORPUS_TEXT = path.join(CORPUS_DIR, '2016-2017', 'text');
/** Every corpus input: the samples always, the 2016-2017 letters when the corpus is present. */
const INPUTS = CORPUS_PRESENT ? [SAMPLES, CORPUS_TEXT] : [SAMPLES];

interface JsonFile {
  path: string;
  pages: number;
  letters: { range: unknown; page: number; header: Record<string, string>; reviewer: Record<string, string> }[];
  items: {
    name: string;
    decision: string;
    range: { start: { line: number } };
    fields: Record<string, { text: string } | null>;
    request: { visits?: number } | null;
    page: number;
  }[];
  diagnostics: {
    code: string;
    severity: string;
    message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }[];
}

let json: { files: JsonFile[] };
let tmp: string;
let batchFile: string;
/** A batch with page breaks as pdftotext writes them (a form feed ends every page). */
let pagedFile: string;

before(async () => {
  const r = await runCli(['--jobs', '1', '--format', 'json', ...INPUTS]);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  json = JSON.parse(r.out);
  tmp = mkdtempSync(path.join(tmpdir(), 'imr-cli-formats-'));
  // A QA batch of two letters, with item names a spreadsheet must not run or split.
  batchFile = path.join(tmp, 'batch.imr');
  writeFileSync(
    batchFile,
    [syntheticLetter('CM99-0000001', ['=HYPERLINK("http://x")', 'MRI, "left" knee']), syntheticLetter('CM99-0000002', ['+1 visit', 'Acupuncture x 6'])].join(
      '\n',
    ),
  );
  // Letter 1 on pages 1-2 (its second item begins page 2), letter 2 on page 3.
  pagedFile = path.join(tmp, 'paged.txt');
  const first = syntheticLetter('CM99-0000011', ['MRI of the knee', 'Acupuncture x 6']).replace('Acupuncture x 6: Upheld', '\fAcupuncture x 6: Upheld');
  writeFileSync(pagedFile, `${first}\f${syntheticLetter('CM99-0000012', ['Massage x 4'])}\f`);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('--format json', () => {
  test('files[].letters[] carry the header and reviewer, keys left out when absent', () => {
    assert.ok(json.files.length >= 5);
    for (const f of json.files) {
      assert.ok(f.letters.length >= 1, f.path);
      for (const l of f.letters) {
        for (const [k, v] of Object.entries(l.header)) {
          assert.ok(['caseNumber', 'dateAssigned', 'decisionDate', 'priority', 'dateOfInjury', 'urDenialDate', 'applicationReceived'].includes(k), k);
          assert.ok(typeof v === 'string' && v !== '', `${f.path} ${k}`);
        }
        for (const v of Object.values(l.reviewer)) assert.ok(typeof v === 'string' && v !== '');
      }
    }
    if (CORPUS_PRESENT) {
      const first = json.files.find((f) => f.path.endsWith(`${path.sep}001.txt`))!;
      assert.match(first.letters[0].header.caseNumber, /^CM\d\d-\d+$/);
      assert.ok(first.letters[0].header.decisionDate);
    }
  });

  test('a batch: one entry per letter', async () => {
    const r = await runCli(['--format', 'json', batchFile]);
    const [f] = JSON.parse(r.out).files as JsonFile[];
    assert.deepEqual(
      f.letters.map((l) => l.header.caseNumber),
      ['CM99-0000001', 'CM99-0000002'],
    );
    assert.equal(f.letters[1].header.urDenialDate, '12/15/2016');
  });

  test('pages: the file count, the page each letter and item begins on (form feeds end pages)', async () => {
    const r = await runCli(['--format', 'json', pagedFile, path.join(SAMPLES, 'physical-therapy-overturned.imr')]);
    const [paged, sample] = JSON.parse(r.out).files as JsonFile[];
    assert.equal(paged.pages, 3);
    assert.deepEqual(
      paged.letters.map((l) => l.page),
      [1, 3],
    );
    assert.deepEqual(
      paged.items.map((i) => [i.name, i.page]),
      [
        ['MRI of the knee', 1],
        ['Acupuncture x 6', 2],
        ['Massage x 4', 3],
      ],
    );
    // No form feed: one page.
    assert.equal(sample.pages, 1);
    assert.deepEqual([...new Set([...sample.letters, ...sample.items].map((x) => x.page))], [1]);
  });
});

describe('--format text', () => {
  test('names each letter by its case number', async () => {
    const r = await runCli(['--format', 'text', batchFile]);
    assert.match(r.out, /Letter 1 of 2: CM99-0000001\n {4}Upheld {5}=HYPERLINK/);
    assert.match(r.out, /Letter 2 of 2: CM99-0000002\n {4}Upheld {5}\+1 visit\n {4}Upheld {5}Acupuncture x 6/);
    if (CORPUS_PRESENT) {
      const c = await runCli([path.join(CORPUS_TEXT, '001.txt')]);
      assert.match(c.out, /^ {2}Letter: CM\d\d-\d+$/m);
    }
  });
});

describe('--format csv', () => {
  test('read back with a CSV parser: one row per item, the same values as the JSON; guidelines as the knowledge base names them', async () => {
    const r = await runCli(['--format', 'csv', ...INPUTS]);
    assert.match(r.out, /\r\n$/, 'RFC 4180 line ends');
    const rows = parseCsv(r.out, { columns: true, relax_column_count: false }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]), [...CSV_COLUMNS]);
    const unformula = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);
    let k = 0;
    const kb = defaultKnowledgeBase();
    for (const f of json.files) {
      const expected = f.items.length === 0 ? [null] : f.items;
      const model = parseDetermination(readFileSync(f.path, 'utf8'), kb);
      for (const [n, item] of expected.entries()) {
        const row = rows[k++];
        assert.equal(row.file, f.path);
        assert.equal(row.letter, '1');
        assert.equal(row.caseNumber, f.letters[0].header.caseNumber ?? '');
        assert.equal(row.decisionDate, f.letters[0].header.decisionDate ?? '');
        assert.equal(row.dateOfInjury, f.letters[0].header.dateOfInjury ?? '');
        assert.equal(row.urDenialDate, f.letters[0].header.urDenialDate ?? '');
        assert.equal(unformula(row.specialty), f.letters[0].reviewer.specialty ?? '');
        assert.equal(unformula(row.item), item?.name ?? '');
        assert.equal(row.decision, item?.decision ?? '');
        // The cells of the editor's export (csv/csv.ts guidelinesCell): guideline, sections, pages.
        const fields = model.items[n]?.fields;
        // "none cited" where the field says the reviewer cited nothing.
        const noneCited = (f?: Field | null) => f?.citations.some((c) => c.kind === 'noCitation');
        assert.equal(
          unformula(row.claimsAdministratorGuideline),
          guidelinesCell(guidelineRefs(fields?.claimsAdministratorGuideline ?? null, kb), noneCited(fields?.claimsAdministratorGuideline)),
        );
        assert.equal(unformula(row.maximusGuideline), guidelinesCell(guidelineRefs(fields?.maximusGuideline ?? null, kb), noneCited(fields?.maximusGuideline)));
        assert.equal(row.requestedVisits, item?.request?.visits !== undefined ? String(item.request.visits) : '');
        assert.equal(row.page, item ? String(item.page) : '', 'the page of the JSON');
        for (const code of row.problems.split(' ').filter(Boolean))
          assert.ok(
            f.diagnostics.some((d) => d.code === code),
            code,
          );
      }
    }
    assert.equal(k, rows.length);
    const allCodes = new Set(rows.flatMap((r) => `${r.problems} ${r.letterProblems}`.split(' ').filter(Boolean)));
    assert.deepEqual(allCodes, new Set(json.files.flatMap((f) => f.diagnostics.map((d) => d.code))), 'every problem lands in a row');
  });

  test('quoting and formula injection; a file without items is one row', async () => {
    // A letter (its case number says so) that lists no item.
    const notLetter = path.join(tmp, 'no-items.txt');
    writeFileSync(notLetter, 'Case Number: CM99-0000009\nnothing to see,\n"here"\n');
    const r = await runCli(['--format', 'csv', batchFile, notLetter]);
    const rows = parseCsv(r.out, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((r) => [r.letter, r.caseNumber, r.item]),
      [
        ['1', 'CM99-0000001', `'=HYPERLINK("http://x")`],
        ['1', 'CM99-0000001', 'MRI, "left" knee'],
        ['2', 'CM99-0000002', "'+1 visit"],
        ['2', 'CM99-0000002', 'Acupuncture x 6'],
        [rows[4].letter, '', ''],
      ],
    );
    assert.equal(rows[4].file, notLetter);
    const paged = parseCsv((await runCli(['--format', 'csv', pagedFile])).out, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      paged.map((r) => [r.caseNumber, r.item, r.page]),
      [
        ['CM99-0000011', 'MRI of the knee', '1'],
        ['CM99-0000011', 'Acupuncture x 6', '2'],
        ['CM99-0000012', 'Massage x 4', '3'],
      ],
    );
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "x"'), '"say ""x"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('-5'), "'-5");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('plain'), 'plain');
  });
});

describe('--format csv: guideline cells from a letter', () => {
  test('"none cited" for a reviewer who cited nothing, empty for a missing field (the editor export writes the same rows)', async () => {
    const text = syntheticLetter('CM99-0000031', ['MRI of the left knee', 'Acupuncture x 6'])
      .replace(
        /Claims Administrator guideline: .*\n/,
        'Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for its decision.\n',
      )
      .replace(/(Acupuncture x 6: Upheld\n)Claims Administrator guideline: .*\n/, '$1');
    const file = path.join(tmp, 'none-cited.txt');
    writeFileSync(file, text);
    const r = await runCli(['--format', 'csv', file]);
    const rows = parseCsv(r.out, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((row) => [row.item, row.claimsAdministratorGuideline]),
      [
        ['MRI of the left knee', 'none cited'],
        ['Acupuncture x 6', ''],
      ],
    );
  });
});

describe('--format ndjson', () => {
  test('one line per input file, in input order, each the JSON of that file', async () => {
    const r = await runCli(['--format', 'ndjson', ...INPUTS]);
    const lines = r.out.split('\n').filter(Boolean);
    assert.equal(lines.length, json.files.length);
    lines.forEach((l, i) => assert.deepEqual(JSON.parse(l), json.files[i]));
  });
});

describe('--format sarif', () => {
  test('valid against the published SARIF 2.1.0 schema, with our rules and 1-based regions', async () => {
    const r = await runCli(['--format', 'sarif', ...INPUTS, batchFile]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a SARIF log read back: checked against its schema below
    const log: any = JSON.parse(r.out);
    // The SARIF 2.1.0 JSON schema (draft-04) as shipped by Microsoft's @microsoft/jest-sarif.
    const require = createRequire(__filename);
    const schema = JSON.parse(
      readFileSync(path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    // unicodeRegExp: the schema's language-tag pattern is not valid with the u flag.
    const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const valid = validate(JSON.parse(r.out)); // a copy: validate() would narrow `log` to unknown
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    const run = log.runs[0];
    assert.equal(log.version, '2.1.0');
    assert.equal(run.tool.driver.name, 'imr-check');
    assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
    // No link into the tool's install folder: a CI viewer cannot open it (web links only with a package homepage).
    assert.doesNotMatch(JSON.stringify(run.tool), /file:/);
    assert.deepEqual(
      run.tool.driver.rules.map((x: { id: string }) => x.id),
      ALL_RULES.map((x) => x.code),
    );
    for (const rule of run.tool.driver.rules) {
      // The rule's page, in the log itself.
      assert.equal(rule.help.markdown, readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8'));
      assert.match(rule.help.text, new RegExp(`^${rule.id}\n`));
      assert.doesNotMatch(rule.help.text, /^#|\*\*/m);
      assert.ok(rule.shortDescription.text);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const diagnostics = json.files.flatMap((f) => f.diagnostics.map((d) => ({ f, d })));
    assert.ok(diagnostics.length > 0);
    const results = run.results.slice(0, diagnostics.length);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- results of the schema-checked log
    results.forEach((res: any, i: number) => {
      const { f, d } = diagnostics[i];
      assert.equal(res.ruleId, d.code);
      assert.equal(res.message.text, d.message);
      const loc = res.locations[0].physicalLocation;
      assert.ok(loc.artifactLocation.uri.endsWith(path.basename(f.path)));
      assert.deepEqual(loc.region, {
        startLine: d.range.start.line + 1,
        startColumn: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      });
    });
  });
});

describe('--format sarif from the bundle', () => {
  test(
    'rule help comes with the bundle (no docs/ beside it); unreadable inputs are tool execution notifications',
    { skip: !existsSync(CLI) && 'dist/cli.js not built' },
    () => {
      const away = mkdtempSync(path.join(tmpdir(), 'imr-cli-sarif-'));
      try {
        // The program is dist/cli.js (the Node version check), the bundle it loads, dist/cli-main.js,
        // and the PDF reader both require, dist/pdf-reader.js.
        for (const f of ['cli.js', 'cli-main.js', 'pdf-reader.js']) copyFileSync(path.join(path.dirname(CLI), f), path.join(away, f));
        writeFileSync(path.join(away, 'a.txt'), syntheticLetter('CM99-0000062'));
        writeFileSync(path.join(away, 'notes.txt'), 'Notes, not a letter.\n');
        const r = spawnSync(process.execPath, [path.join(away, 'cli.js'), '--jobs', '1', '--format', 'sarif', 'a.txt', 'notes.txt', 'gone.txt'], {
          encoding: 'utf8',
          cwd: away,
        });
        assert.equal(r.status, 2);
        const require = createRequire(__filename);
        const schema = JSON.parse(
          readFileSync(path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
        );
        const validate = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
        assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
        const run = JSON.parse(r.stdout).runs[0];
        for (const rule of run.tool.driver.rules)
          assert.equal(rule.help.markdown, readFileSync(path.join(REPO_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8'), rule.id);
        assert.doesNotMatch(r.stdout, /file:/);
        assert.deepEqual(run.invocations[0].toolExecutionNotifications, [
          {
            level: 'error',
            message: { text: 'notes.txt: not a determination: no letter heading and no case number near its start' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'notes.txt' } } }],
          },
          {
            level: 'error',
            message: { text: "cannot read 'gone.txt': no such file or folder" },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'gone.txt' } } }],
          },
        ]);
      } finally {
        rmSync(away, { recursive: true, force: true });
      }
    },
  );
});
