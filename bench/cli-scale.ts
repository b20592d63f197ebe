// The command-line part of the benchmark alone, for trying it without the whole run:
//   node scripts/build.mjs && node --import tsx bench/cli-scale.ts
//   BENCH_CLI_RUNS=3 BENCH_CLI_LETTERS=10000 (defaults: 1 run, 10,000 letters)
// Prints the same rows and targets as `npm run bench`; writes nothing but the generated letters.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { measureCliScale } from './lib/cli';
import { GENERATED_DIR, generateLetterFolder, loadCorpus, REPO_ROOT } from './lib/corpus';
import { cliScaleRows, cliScaleTargets, table, targetTable } from './run';

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_CLI_RUNS ?? 1);
  const letters = Number(process.env.BENCH_CLI_LETTERS ?? 10_000);
  mkdirSync(GENERATED_DIR, { recursive: true });
  const folder = generateLetterFolder(loadCorpus(), letters);
  process.stderr.write(`[bench] imr-check on ${letters} letters in ${path.relative(REPO_ROOT, folder.dir)}, ${runs} round(s) of --jobs 1 / default / ndjson\n`);
  const scale = await measureCliScale(folder.dir, runs);
  process.stdout.write(`${targetTable(cliScaleTargets(scale))}\n\n${table(cliScaleRows(scale, letters, folder.bytes))}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
