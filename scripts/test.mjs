// `npm test`: every node:test suite in one run (one summary at the end), after the build.
// Suites: unit, protocol (bundled server over stdio), grammar, property, fault, privacy, distributed (GNU parallel, Dask, Kubernetes recipes).
// Property suites draw a new seed each run (IMR_PROPERTY_SEED fixes it; CI fixes it in .ci/run).
// The real-editor suite runs first via `npm run test:e2e` (see package.json).
// `--node <version>` runs the suites on an extra Node of scripts/install-test-nodes.sh instead of
// the project's own (npm test runs the unit and protocol suites once more on the declared floor).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const dirs = ['test/unit', 'test/protocol', 'test/grammar', 'test/property', 'test/fault', 'test/privacy', 'test/distributed'];
const args = process.argv.slice(2);
const nodeAt = args.indexOf('--node');
const nodeVersion = nodeAt >= 0 ? args.splice(nodeAt, 2)[1] : undefined;
const only = args;
let node = process.execPath;
if (nodeVersion) {
  node = path.join('.vscode-test', `node-${nodeVersion}`, 'bin', 'node');
  if (!existsSync(node)) {
    console.error(`Node ${nodeVersion} is not installed for the tests: run bash scripts/install-test-nodes.sh`);
    process.exit(1);
  }
  console.log(`[test] the ${only.join(' and ') || 'every'} suite${only.length === 1 ? '' : 's'} on Node ${nodeVersion}`);
}
// Recursive: unit tests live in folders that mirror server/src (test/unit/features/hover.test.ts).
const files = dirs
  .filter((d) => existsSync(d) && (only.length === 0 || only.some((o) => d.endsWith(o))))
  .flatMap((d) =>
    readdirSync(d, { recursive: true })
      .filter((f) => f.endsWith('.test.ts'))
      .sort()
      .map((f) => path.join(d, f)),
  );
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(node, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
