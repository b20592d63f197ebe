// `npm test`: every node:test suite in one run (one summary at the end), after the build.
// Suites: unit, protocol (bundled server over stdio), grammar, property, fault, privacy.
// Property suites draw a new seed each run (IMR_PROPERTY_SEED fixes it; CI fixes it in .ci/run).
// The real-editor suite runs first via `npm run test:e2e` (see package.json).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const dirs = ['test/unit', 'test/protocol', 'test/grammar', 'test/property', 'test/fault', 'test/privacy'];
const only = process.argv.slice(2);
// Recursive: unit tests live in folders that mirror server/src (test/unit/features/hover.test.ts).
const files = dirs
  .filter((d) => existsSync(d) && (only.length === 0 || only.some((o) => d.endsWith(o))))
  .flatMap((d) => readdirSync(d, { recursive: true }).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join(d, f)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
