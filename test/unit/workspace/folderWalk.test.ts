// The one folder walk of the command line and the workspace index: every real file once,
// links to folders never followed, tooling folders skipped, unreadable entries reported.
import assert from 'node:assert/strict';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { walkFolder, walkFolderStats } from '../../../server/src/workspace/folderWalk';
import { main } from '../../../server/src/cli/main';
import { REPO_ROOT } from '../../helpers/corpus';
import { readFileSync, statSync } from 'node:fs';

const letter = readFileSync(path.join(REPO_ROOT, 'samples', 'pt-and-acupuncture.txt'), 'utf8');

async function walk(root: string, errors: string[] = []): Promise<string[]> {
  const out: string[] = [];
  for await (const p of walkFolder(root, { accept: (n) => /\.(txt|imr)$/.test(n), onError: (p, r) => errors.push(`${path.relative(root, p)} ${r}`) })) {
    out.push(path.relative(root, p));
  }
  return out;
}

describe('walkFolder', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'imr-walk-'));
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    writeFileSync(path.join(dir, 'a', 'one.txt'), letter);
    writeFileSync(path.join(dir, 'a', 'b', 'two.imr'), letter);
    writeFileSync(path.join(dir, 'a', 'notes.md'), 'not a letter');
    writeFileSync(path.join(dir, 'node_modules', 'x', 'three.txt'), letter);
    writeFileSync(path.join(dir, '.git', 'four.txt'), letter);
    // Two links to the folder itself and one to its parent: a walk that follows them never ends.
    symlinkSync(dir, path.join(dir, 'a', 'self-1'));
    symlinkSync(dir, path.join(dir, 'a', 'self-2'));
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'b', 'up'));
    // Three more names for one.txt: a symbolic link, a hard link, and a link to a link.
    symlinkSync(path.join(dir, 'a', 'one.txt'), path.join(dir, 'a', 'b', 'link-to-one.txt'));
    linkSync(path.join(dir, 'a', 'one.txt'), path.join(dir, 'hard-one.txt'));
    symlinkSync(path.join(dir, 'a', 'b', 'link-to-one.txt'), path.join(dir, 'link-link.txt'));
    symlinkSync(path.join(dir, 'missing.txt'), path.join(dir, 'dangling.txt'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('each real file once; links to folders not followed; node_modules and dot-folders skipped', async () => {
    const errors: string[] = [];
    const files = await walk(dir, errors);
    // one.txt has four names here; the first one met stands for it (a folder's files before its subfolders).
    assert.equal(files.length, 2, files.join(', '));
    assert.ok(files.includes(path.join('a', 'b', 'two.imr')));
    const other = files.find((f) => !f.endsWith('two.imr'))!;
    assert.equal(statSync(path.join(dir, other)).ino, statSync(path.join(dir, 'a', 'one.txt')).ino);
    // Its stat says ENOENT, which would read as "no such file": the link is there, its target is not.
    assert.deepEqual(errors, ['dangling.txt link to a missing file']);
    const rootErrors: string[] = [];
    for await (const _ of walkFolder(path.join(dir, 'dangling.txt'), { accept: () => true, onError: (_p, r) => rootErrors.push(r) }))
      assert.fail('nothing to yield');
    assert.deepEqual(rootErrors, ['link to a missing file']);
  });

  test("with stats: the size and time of each file, in the same order, from the walk's own stat", async () => {
    const paths: string[] = [];
    for await (const p of walkFolder(dir, { accept: (n) => /\.(txt|imr)$/.test(n) })) paths.push(p);
    const stats: { path: string; size: number; mtimeMs: number }[] = [];
    for await (const f of walkFolderStats(dir, { accept: (n) => /\.(txt|imr)$/.test(n) })) stats.push(f);
    assert.deepEqual(
      stats.map((f) => f.path),
      paths,
    );
    for (const f of stats) {
      const st = statSync(f.path);
      assert.deepEqual([f.size, f.mtimeMs], [st.size, st.mtimeMs], f.path);
    }
    // Many files in one folder (stat'ed in batches): every one, in name order.
    const many = path.join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 100; i++) writeFileSync(path.join(many, `${String(i).padStart(3, '0')}.txt`), 'x'.repeat(i));
    const got: { path: string; size: number }[] = [];
    for await (const f of walkFolderStats(many, { accept: () => true })) got.push(f);
    assert.deepEqual(
      got.map((f) => [path.basename(f.path), f.size]),
      Array.from({ length: 100 }, (_, i) => [`${String(i).padStart(3, '0')}.txt`, i]),
    );
    rmSync(many, { recursive: true });
  });

  test("include: paths left out before they are stat'ed or counted; seenFiles: each real file once over several walks", async () => {
    const errors: string[] = [];
    const seenFiles = new Set<string>();
    const first: string[] = [];
    // Only .imr: the dangling .txt link is not even looked at, so not reported.
    for await (const p of walkFolder(dir, { accept: () => true, include: (p) => p.endsWith('.imr'), onError: (p) => errors.push(p), seenFiles }))
      first.push(path.relative(dir, p));
    assert.deepEqual(first, [path.join('a', 'b', 'two.imr')]);
    assert.deepEqual(errors, []);
    const second: string[] = [];
    for await (const p of walkFolder(dir, { accept: (n) => /\.(txt|imr)$/.test(n), seenFiles })) second.push(path.relative(dir, p));
    assert.equal(second.length, 1, `two.imr was yielded by the first walk: ${second}`);
    // A file named as the root, already yielded under another name (a hard link): not again.
    const third: string[] = [];
    for await (const p of walkFolder(path.join(dir, 'hard-one.txt'), { accept: () => true, seenFiles })) third.push(p);
    assert.deepEqual(third, []);
  });

  test('a file given as the root is yielded whatever its name', async () => {
    const out: string[] = [];
    for await (const p of walkFolder(path.join(dir, 'a', 'notes.md'), { accept: () => false })) out.push(p);
    assert.deepEqual(out, [path.join(dir, 'a', 'notes.md')]);
  });

  test('imr-check on a folder with links to itself checks each real file once, promptly', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      [dir],
      (s) => out.push(s),
      (s) => err.push(s),
    );
    assert.match(out.join('\n'), /^2 file\(s\) checked/m);
    assert.equal(code, 2, 'the dangling link is an input error');
    assert.match(err.join('\n'), /dangling\.txt/);
  });
});
