// The team configuration .imr.json: found upward from each letter, the nearest applies,
// --rule flags on top, ignore globs, and an invalid file reported with line and column.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import Ajv from 'ajv';
import { invalidate, invalidateAll, loadTeamConfigFor, parseTeamConfig } from '../../../server/src/config/teamConfig';
import { ALL_RULES } from '../../../server/src/rules/engine';
import { runCli } from '../../helpers/cli';
import { REPO_ROOT } from '../../helpers/corpus';

const letter = readFileSync(path.join(REPO_ROOT, 'samples', 'pt-and-acupuncture.txt'), 'utf8');
// Without its rationale: a missing-rationale error (and nothing else at error level).
const broken = letter.replace(/Decision rationale:[\s\S]*$/, '');
let root: string;

/** root/.imr.json, root/team/.imr.json, letters at each level and in drafts/. */
before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'imr-config-'));
  mkdirSync(path.join(root, 'team', 'drafts', 'old'), { recursive: true });
  mkdirSync(path.join(root, 'team', 'sub'), { recursive: true });
  writeFileSync(path.join(root, 'top.txt'), broken);
  writeFileSync(path.join(root, 'team', 'a.txt'), broken);
  writeFileSync(path.join(root, 'team', 'sub', 'b.txt'), broken);
  writeFileSync(path.join(root, 'team', 'drafts', 'c.txt'), broken);
  writeFileSync(path.join(root, 'team', 'drafts', 'old', 'd.txt'), broken);
  writeFileSync(path.join(root, '.imr.json'), JSON.stringify({ rules: { 'missing-rationale': 'warning' } }));
  writeFileSync(
    path.join(root, 'team', '.imr.json'),
    JSON.stringify({ rules: { 'missing-rationale': 'off', 'citation-without-reference': 'off' }, ignore: ['drafts/**'] }, null, 2),
  );
});
after(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => invalidateAll());

const files = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('.imr.json', () => {
  test('found from the letter folder upward; the nearest applies; ignore globs relative to it', async () => {
    const r = await runCli(['--format', 'ndjson', root]);
    assert.equal(r.code, 0, r.err);
    const byName = new Map(files(r.out).map((f) => [path.relative(root, f.path), f]));
    assert.deepEqual([...byName.keys()].sort(), [path.join('team', 'a.txt'), path.join('team', 'sub', 'b.txt'), 'top.txt']);
    const codes = (k: string) => byName.get(k).diagnostics.map((d: { code: string; severity: string }) => `${d.code}:${d.severity}`);
    assert.ok(codes('top.txt').includes('missing-rationale:warning'), 'the root file lowers it to a warning');
    assert.ok(!codes(path.join('team', 'a.txt')).some((c: string) => c.startsWith('missing-rationale')), 'the team file turns it off');
    assert.ok(!codes(path.join('team', 'sub', 'b.txt')).some((c: string) => c.startsWith('missing-rationale')), 'and applies below it');
  });

  test('--rule flags go on top of the file', async () => {
    const r = await runCli(['--format', 'ndjson', '--rule', 'missing-rationale=error', path.join(root, 'team', 'a.txt')]);
    assert.equal(r.code, 1);
    assert.ok(files(r.out)[0].diagnostics.some((d: { code: string; severity: string }) => d.code === 'missing-rationale' && d.severity === 'error'));
    const none = await runCli(['--no-config', '--format', 'ndjson', path.join(root, 'team', 'a.txt')]);
    assert.equal(none.code, 1, '--no-config: the defaults');
  });

  test('--print-config shows what applies to a file', async () => {
    const r = await runCli(['--print-config', path.join(root, 'team', 'drafts', 'c.txt'), '--rule', 'header-date=error']);
    assert.equal(r.code, 0, r.err);
    const c = JSON.parse(r.out);
    assert.equal(c.configFile, path.join(root, 'team', '.imr.json'));
    assert.equal(c.ignored, true);
    assert.equal(c.rules['missing-rationale'], 'off');
    assert.equal(c.rules['header-date'], 'error');
    assert.equal(c.rules['missing-section'], 'warning', 'defaults for the rest');
    assert.deepEqual(c.ignore, ['drafts/**']);
  });

  test('ignore globs: patterns, dot files, paths outside the folder', () => {
    const src = path.join(root, 'x', '.imr.json');
    const c = parseTeamConfig(JSON.stringify({ ignore: ['*.old.txt', 'archive/**/draft-*.imr', '**/.scratch/**'] }), src);
    const at = (p: string) => path.join(root, 'x', p);
    assert.equal(c.ignore(at('a.old.txt')), true);
    assert.equal(c.ignore(at('sub/a.old.txt')), false, 'no slash-free match across folders');
    assert.equal(c.ignore(at('archive/2016/draft-1.imr')), true);
    assert.equal(c.ignore(at('archive/2016/final-1.imr')), false);
    assert.equal(c.ignore(at('a/.scratch/b.txt')), true);
    assert.equal(c.ignore(path.join(root, 'elsewhere.old.txt')), false);
  });

  test('bad entries: each reported where it is, with the nearest rule code; the valid entries apply', async () => {
    const dir = path.join(root, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'l.txt'), broken);
    writeFileSync(
      path.join(dir, '.imr.json'),
      '{\n  "rules": {\n    "missing-rationale": "of",\n    "no-such-rule": "off",\n    "citation-without-refrence": "off",\n    "unknown-decision": "warning"\n  },\n  "ignor": []\n}\n',
    );
    const c = loadTeamConfigFor(path.join(dir, 'l.txt'));
    assert.deepEqual(
      c.errors.map((e) => [e.line, e.column]),
      [
        [8, 3],
        [3, 26],
        [4, 5],
        [5, 5],
      ],
    );
    assert.match(c.errors[0].message, /unknown key 'ignor' \(did you mean 'ignore'\?\)/);
    assert.match(c.errors[1].message, /rule 'missing-rationale': 'of' is not a level; level must be one of off, hint, information, warning, error/);
    assert.match(c.errors[2].message, /unknown rule 'no-such-rule'/);
    assert.match(c.errors[3].message, /unknown rule 'citation-without-refrence' \(did you mean 'citation-without-reference'\?\)/);
    assert.deepEqual(c.rules, { 'unknown-decision': 'warning' }, 'the valid entry applies');
    assert.ok(!c.defaultsApply);
    const r = await runCli(['--format', 'ndjson', dir]);
    assert.equal(r.code, 2, 'a bad entry is an input error, reported after everything is checked');
    assert.match(
      r.err,
      new RegExp(`${path.join(dir, '.imr.json').replace(/[.\\]/g, '\\$&')}:3:26: rule 'missing-rationale'.*\\(this entry is left out; the others apply\\)`),
    );
    assert.match(r.err, /:5:5: unknown rule 'citation-without-refrence' \(did you mean 'citation-without-reference'\?\)/);
    const [checked] = files(r.out);
    assert.ok(
      checked.diagnostics.some((d: { code: string; severity: string }) => d.code === 'missing-rationale' && d.severity === 'error'),
      'the bad entry is left out: default level',
    );
  });

  test('JSONC: comments and trailing commas are accepted', () => {
    const c = parseTeamConfig(
      '{\n  // the team\'s rules\n  "rules": { "header-date": "off", /* for now */ },\n  "ignore": ["drafts/**",],\n}\n',
      path.join(root, '.imr.json'),
    );
    assert.deepEqual(c.errors, []);
    assert.deepEqual(c.rules, { 'header-date': 'off' });
    assert.deepEqual(c.ignorePatterns, ['drafts/**']);
  });

  test('a syntax error: reported where it is, and the defaults apply (nothing after it can be trusted)', () => {
    const dir = path.join(root, 'bad');
    writeFileSync(path.join(dir, '.imr.json'), '{ "rules": { "missing-rationale" "off" } }');
    invalidate(path.join(dir, '.imr.json'));
    const syntax = loadTeamConfigFor(path.join(dir, 'l.txt'));
    assert.equal(syntax.errors.length, 1);
    assert.match(syntax.errors[0].message, /JSON syntax: colon expected/);
    assert.deepEqual([syntax.errors[0].line, syntax.errors[0].column], [1, 34]);
    assert.ok(syntax.defaultsApply);
    assert.deepEqual(syntax.rules, {});
  });

  test('invalidate: a changed file is read again; a new one nearer takes over', () => {
    const dir = path.join(root, 'live', 'inner');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'l.txt');
    assert.equal(loadTeamConfigFor(file).source, path.join(root, '.imr.json'));
    writeFileSync(path.join(root, 'live', '.imr.json'), '{"rules":{"no-items":"off"}}');
    assert.equal(loadTeamConfigFor(file).source, path.join(root, '.imr.json'), 'cached until invalidated');
    invalidate(path.join(root, 'live', '.imr.json'));
    assert.equal(loadTeamConfigFor(file).source, path.join(root, 'live', '.imr.json'));
    assert.deepEqual(loadTeamConfigFor(file).rules, { 'no-items': 'off' });
  });

  test('knowledgeBaseFile is resolved against the config file folder', () => {
    const c = parseTeamConfig('{"knowledgeBaseFile": "kb/extra.json"}', path.join(root, 'k', '.imr.json'));
    assert.equal(c.knowledgeBaseFile, path.join(root, 'k', 'kb', 'extra.json'));
  });

  test('schemas/imr.schema.json accepts a good file, rejects a bad one, and knows every rule', () => {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'imr.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema); // schemas/imr.schema.json is written by scripts/gen-imr-schema.ts
    assert.ok(validate({ rules: { 'header-date': 'off' }, ignore: ['drafts/**'], knowledgeBaseFile: 'kb.json' }));
    assert.ok(!validate({ rules: { 'header-date': 'of' } }));
    assert.ok(!validate({ rulez: {} }));
    assert.deepEqual(
      Object.keys(schema.properties.rules.properties),
      ALL_RULES.map((r) => r.code),
    );
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '.imr.json', url: './schemas/imr.schema.json' }]);
  });
});
