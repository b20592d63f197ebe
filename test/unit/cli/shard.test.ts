// --shard <i>/<n>: disjoint shares that together are the whole input, chosen by each file's
// library key, so that machines splitting one archive agree whatever order or mount point.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { parseArgs, USAGE } from '../../../server/src/cli/args';
import { shardOf } from '../../../server/src/cli/shard';
import { runCli, syntheticLetter } from '../../helpers/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'imr-shard-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const archive = path.join(dir, 'archive');
const files: string[] = [];
for (let k = 0; k < 40; k++) {
  const rel = `${2016 + (k % 3)}/${k % 2 ? 'pdf-text' : 'text'}/CM99-${String(k).padStart(7, '0')}.txt`;
  mkdirSync(path.dirname(path.join(archive, rel)), { recursive: true });
  writeFileSync(path.join(archive, rel), syntheticLetter(`CM99-${String(k).padStart(7, '0')}`));
  files.push(rel);
}

/** The files a run checked, as the ndjson lines name them, relative to `root` (the archive unless said). */
async function checked(args: string[], root = archive): Promise<string[]> {
  const r = await runCli(['--format', 'ndjson', '--jobs', '1', ...args]);
  assert.equal(r.code, 0, r.err);
  return r.out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) =>
      path
        .relative(root, path.resolve(JSON.parse(l).path))
        .split(path.sep)
        .join('/'),
    )
    .sort();
}

describe('imr-check --shard', () => {
  test('reads <i>/<n>; anything else is refused with what it needs (exit 2 in main)', () => {
    assert.deepEqual((parseArgs(['--shard', '2/4', 'x']) as { options: { shard: unknown } }).options.shard, { index: 2, count: 4 });
    assert.deepEqual((parseArgs(['--shard=1/1', 'x']) as { options: { shard: unknown } }).options.shard, { index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '2', '-1/3', '']) {
      const r = parseArgs(['--shard', bad, 'x']);
      assert.equal(r.kind, 'error', bad);
      assert.match((r as { message: string }).message, /--shard needs <i>\/<n>.*JOB_COMPLETION_INDEX/, bad);
    }
    assert.match(USAGE, /--shard <i>\/<n>/);
  });

  test('the shares of a folder are disjoint and together are every file, each spread', async () => {
    const shares = [];
    for (let i = 1; i <= 3; i++) shares.push(await checked(['--shard', `${i}/3`, archive]));
    assert.deepEqual(shares.flat().sort(), [...files].sort());
    assert.equal(new Set(shares.flat()).size, files.length);
    for (const share of shares) assert.ok(share.length > 0, 'no share is empty with 40 files in 3');
    // Each file is in the share its key's hash names.
    for (const [k, share] of shares.entries()) for (const f of share) assert.equal(shardOf(f, 3), k + 1, f);
  });

  test('the split does not depend on the input order or on where the archive is mounted', async () => {
    const years = ['2016', '2017', '2018'].map((y) => path.join(archive, y));
    const forward = await checked(['--shard', '2/3', ...years]);
    const backward = await checked(['--shard', '2/3', ...[...years].reverse()]);
    assert.deepEqual(backward, forward);
    // The same files under another mount point (another machine's path to the archive).
    const mirror = path.join(dir, 'mnt', 'other');
    mkdirSync(mirror, { recursive: true });
    for (const f of files) {
      mkdirSync(path.dirname(path.join(mirror, f)), { recursive: true });
      writeFileSync(path.join(mirror, f), syntheticLetter('CM99-0000001'));
    }
    const mirrored = await checked(['--shard', '2/3', mirror], mirror);
    assert.deepEqual(mirrored, await checked(['--shard', '2/3', archive]));
  });

  test('a file named directly is keyed by its path as given', async () => {
    const named = files.map((f) => path.join(archive, f));
    const share = await checked(['--shard', '1/2', ...named]);
    assert.deepEqual(share, files.filter((f) => shardOf(path.join(archive, f), 2) === 1).sort());
  });
});
