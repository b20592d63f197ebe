// Bundles the extension-host tests with esbuild into out/test/e2e/<suite>/, one file per entry:
// index.js (the mocha runner the extension host loads) plus every *.test.js beside it.
// `vscode` is provided by the extension host and `mocha` is required from node_modules at run time.
//   suite   - the real suite (npm run test:e2e)
//   failing - the same runner + a test that must fail (proves failures are reported)
//   vsix    - checks run against the packaged .vsix (run-e2e.mjs --vsix)
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const src = path.join(root, 'test', 'e2e');
const out = path.join(root, 'out', 'test', 'e2e');
const tests = (dir) =>
  readdirSync(path.join(src, dir))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => ({ in: path.join(src, dir, f), out: f.replace(/\.ts$/, '') }));

rmSync(out, { recursive: true, force: true });
await Promise.all(
  ['suite', 'failing', 'vsix'].map((dir) =>
    esbuild.build({
      entryPoints: [{ in: path.join(src, 'suite', 'index.ts'), out: 'index' }, ...tests(dir)],
      outdir: path.join(out, dir),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      external: ['vscode', 'mocha'],
      logLevel: 'warning',
    }),
  ),
);
console.log(`[build-tests] ${path.relative(root, out)}/{suite,failing,vsix}`);
