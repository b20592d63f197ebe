// The command-line twin: same engine, same problems, documented exit codes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { parseDetermination } from '../../../server/src/parse/parser';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { runRules } from '../../../server/src/rules/engine';
import { REPO_ROOT } from '../../helpers/corpus';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const samples = path.join(REPO_ROOT, 'samples');
const ptLetter = readFileSync(path.join(samples, 'pt-and-acupuncture.txt'), 'utf8');

describe('imr-check', () => {
  test('text output lists each item with its decision; exit 0 on finished letters', async () => {
    const r = await run([path.join(samples, 'pt-and-acupuncture.txt')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Upheld\s+Physical therapy for cervical\/thoracic spine #8/);
    assert.match(r.out, /Upheld\s+Acupuncture for cervical\/thoracic spine #8/);
    assert.doesNotMatch(r.out, /: (error|warning) /);
  });

  test('--json has the documented shape', async () => {
    const r = await run(['--json', path.join(samples, 'physical-therapy-overturned.imr')]);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.out);
    assert.equal(json.files.length, 1);
    const [item] = json.files[0].items;
    assert.equal(item.name, 'Eight (8) physical therapy sessions (2x4), cervical and lumbar spine');
    assert.equal(item.decision, 'Overturned');
    assert.deepEqual(Object.keys(item.fields), ['claimsAdministratorGuideline', 'maximusGuideline', 'decisionRationale']);
    assert.match(item.fields.maximusGuideline.text, /^Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page\(s\): 98-99\.$/);
    assert.deepEqual(Object.keys(item.fields.decisionRationale.range), ['start', 'end']);
    assert.ok(Array.isArray(json.files[0].diagnostics));
  });

  test('a folder: .txt and .imr found recursively; errors give exit 1 with the same problems as the engine', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-cli-'));
    mkdirSync(path.join(dir, 'sub'));
    const broken = ptLetter.replace(/Decision rationale:[\s\S]*$/, '');
    writeFileSync(path.join(dir, 'sub', 'draft.imr'), broken);
    writeFileSync(path.join(dir, 'ok.txt'), ptLetter);
    writeFileSync(path.join(dir, 'ignored.md'), 'not a letter');
    const r = await run(['--json', dir]);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out);
    assert.deepEqual(json.files.map((f: { path: string }) => path.relative(dir, f.path)).sort(), ['ok.txt', path.join('sub', 'draft.imr')]);
    const draft = json.files.find((f: { path: string }) => f.path.endsWith('draft.imr'));
    const kb = defaultKnowledgeBase();
    const model = parseDetermination(broken, kb);
    const expected = runRules(model, kb).map((f) => ({ code: f.code, severity: f.severity, message: f.message, range: model.lines.range(f.span) }));
    assert.deepEqual(draft.diagnostics, expected);
    assert.ok(draft.diagnostics.some((d: { code: string }) => d.code === 'missing-rationale'));
  });

  test('bad usage and unreadable input exit 2 with a message, and the other files are still checked', async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--bogus', samples])).code, 2);
    const r = await run([path.join(samples, 'nope.txt'), path.join(samples, 'pt-and-acupuncture.txt')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read .*nope\.txt/);
    assert.match(r.out, /Acupuncture for cervical/);
  });

  test('--rule changes a level, as the editor setting does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-cli-'));
    writeFileSync(path.join(dir, 'draft.imr'), ptLetter.replace(/\bUpheld\b/, 'Uphled'));
    assert.equal((await run([dir])).code, 1);
    assert.equal((await run(['--rule', 'unknown-decision=warning', dir])).code, 0);
  });

  test('the bundled dist/cli.js runs as a program', async () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), samples], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /5 file\(s\) checked, 7 item\(s\), 0 error\(s\)/);
  });

  test('a reader that stops early (`imr-check folder | head -1`) ends it quietly, with its exit code', async () => {
    // A folder big enough that the report outlives the pipe's buffer.
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-cli-pipe-'));
    for (let i = 0; i < 400; i++) writeFileSync(path.join(dir, `letter-${i}.txt`), ptLetter);
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
    assert.equal(stderr, '', 'no stack trace');
    assert.equal(code, 0);
  });
});
