// The `$imr-check` problem matcher of package.json against the text format: every problem
// line is matched with its file, position, severity, message and code, and nothing else is.
// (The real-workbench run of the task is the e2e suite's.)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runCli, syntheticLetter } from '../../helpers/cli';
import { CORPUS_DIR, CORPUS_PRESENT, REPO_ROOT } from '../../helpers/corpus';

const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

describe('$imr-check problem matcher', () => {
  const matcher = pkg.contributes.problemMatchers.find((m: { name: string }) => m.name === 'imr-check');

  test('is contributed with the task type', () => {
    assert.ok(matcher, 'problemMatchers[name=imr-check]');
    assert.ok(pkg.contributes.taskDefinitions.some((t: { type: string }) => t.type === 'imr-check'));
    assert.deepEqual(matcher.fileLocation, ['autoDetect', '${workspaceFolder}']);
  });

  test('matches each problem line of the text format, and only those', async () => {
    const re = new RegExp(matcher.pattern.regexp);
    const dir = mkdtempSync(path.join(tmpdir(), 'imr-matcher-'));
    try {
      // Every severity: an error (no rationale), a warning (31 February), hints, and one rule at information.
      const broken = syntheticLetter('CM99-0000003', ['MRI: left knee [urgent]', 'Acupuncture x 6'])
        .replace(/Decision rationale: The request for Acupuncture[^\n]*/, '')
        .replace('Decision Date: 02/01/2017', 'Decision Date: 02/31/2017');
      const file = path.join(dir, 'with spaces, and: colons.imr');
      writeFileSync(file, broken);
      const inputs = [file, path.join(REPO_ROOT, 'samples'), ...(CORPUS_PRESENT ? [path.join(CORPUS_DIR, '2016-2017', 'raw')] : [])];
      const text = await runCli(['--no-config', '--rule', 'citation-without-reference=information', '--format', 'text', ...inputs]);
      const json = await runCli(['--no-config', '--rule', 'citation-without-reference=information', '--format', 'json', ...inputs]);
      const expected = (
        JSON.parse(json.out).files as {
          path: string;
          diagnostics: { code: string; severity: string; message: string; range: { start: { line: number; character: number } } }[];
        }[]
      ).flatMap((f) =>
        f.diagnostics.map((d) => [
          f.path,
          String(d.range.start.line + 1),
          String(d.range.start.character + 1),
          d.severity.replace(/^information$/, 'info'),
          d.message,
          d.code,
        ]),
      );
      const matched = text.out
        .split('\n')
        .map((l) => re.exec(l))
        .filter((m): m is RegExpExecArray => m !== null);
      const p = matcher.pattern;
      assert.deepEqual(
        matched.map((m) => [m[p.file], m[p.line], m[p.column], m[p.severity], m[p.message], m[p.code]]),
        expected,
      );
      assert.ok(expected.some((e) => e[3] === 'error') && expected.some((e) => e[3] === 'info') && expected.some((e) => e[3] === 'warning' || e[3] === 'hint'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
