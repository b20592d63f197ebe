// imr-check's flags as a user types them, through the bundled dist/cli.js: a misspelt --rule is
// refused as the same typo in .imr.json is, with the nearest code or the valid levels; --version.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { LEVELS } from '../../../server/src/rules/rule';
import { CLI, runBundled } from '../../helpers/cli';
import { REPO_ROOT } from '../../helpers/corpus';

const skip = !existsSync(CLI) && 'dist/cli.js not built';
const sample = path.join('samples', 'pt-and-acupuncture.txt');

describe('--rule', { skip }, () => {
  test('an unknown code: exit 2, naming it and the nearest known one, as in .imr.json', () => {
    const r = runBundled(['--rule', 'nosuch=off', sample]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^imr-check: --rule nosuch=off: unknown rule 'nosuch' \(did you mean '[a-z-]+'\?\)\n/);
    const typo = runBundled(['--rule', 'missing-rationle=off', sample]);
    assert.match(typo.err, /^imr-check: --rule missing-rationle=off: unknown rule 'missing-rationle' \(did you mean 'missing-rationale'\?\)\n/);
  });

  test('a bad level: named, with the valid levels (rule.ts LEVELS)', () => {
    const r = runBundled(['--rule', 'missing-rationale=of', sample]);
    assert.equal(r.code, 2);
    assert.equal(
      r.err.split('\n')[0],
      `imr-check: --rule missing-rationale=of: rule 'missing-rationale': 'of' is not a level; level must be one of ${LEVELS.join(', ')}`,
    );
    assert.match(runBundled(['--rule', 'missing-rationale', sample]).err, new RegExp(`--rule needs <code>=<level> \\(levels: ${LEVELS.join(', ')}\\)`));
  });

  test('a good one still applies', () => {
    const r = runBundled(['--rule', 'citation-without-reference=off', sample]);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /citation-without-reference/);
  });
});

describe('--version', { skip }, () => {
  test("prints package.json's version, also from a bundle copied away from the package", () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = runBundled(['--version']);
    assert.deepEqual([r.code, r.out, r.err], [0, `${version}\n`, '']);
    const away = mkdtempSync(path.join(tmpdir(), 'imr-cli-away-'));
    try {
      // The program is dist/cli.js (the Node version check), the bundle it loads, dist/cli-main.js,
      // and the PDF reader both require, dist/pdf-reader.js.
      for (const f of ['cli.js', 'cli-main.js', 'pdf-reader.js']) copyFileSync(path.join(path.dirname(CLI), f), path.join(away, f));
      // Neither package.json nor docs/ beside it: the version is in the bundle.
      const copied = spawnSync(process.execPath, [path.join(away, 'cli.js'), '--version'], { encoding: 'utf8', cwd: away });
      assert.deepEqual([copied.status, copied.stdout, copied.stderr], [0, `${version}\n`, '']);
    } finally {
      rmSync(away, { recursive: true, force: true });
    }
  });
});
