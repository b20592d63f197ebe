// `npm run test:property`: the property files under node's test runner, then the total number
// of generated cases (each file records its count in a temporary folder; see gen.ts).
// `npm test` runs the same files through scripts/test.mjs, where each file prints its own count.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const dir = __dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
  .map((f) => path.join(dir, f));
const tally = mkdtempSync(path.join(os.tmpdir(), 'imr-property-tally-'));
const started = Date.now();
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...process.argv.slice(2), ...files], {
  stdio: 'inherit',
  env: { ...process.env, IMR_PROPERTY_TALLY_DIR: tally },
});
let total = 0;
const lines: string[] = [];
for (const f of readdirSync(tally).sort()) {
  const { file, cases } = JSON.parse(readFileSync(path.join(tally, f), 'utf8')) as { file: string; cases: number };
  total += cases;
  lines.push(`  ${file}: ${cases}`);
}
rmSync(tally, { recursive: true, force: true });
process.stdout.write(
  `\n[property] total: ${total} generated cases in ${((Date.now() - started) / 1000).toFixed(0)} s` +
    `${process.env.IMR_PROPERTY_SEED ? ` (IMR_PROPERTY_SEED=${process.env.IMR_PROPERTY_SEED})` : ''}` +
    `${process.env.IMR_PROPERTY_SCALE ? ` (IMR_PROPERTY_SCALE=${process.env.IMR_PROPERTY_SCALE})` : ''}\n${lines.join('\n')}\n`,
);
process.exit(r.status ?? 1);
