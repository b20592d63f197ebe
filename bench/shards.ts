// The archive issue's bench alone: 100,000 letters (BENCH_SHARDS_LETTERS for another size) built
// into a library in 4 shards and merged, against one run. Rewrites its section of BENCHMARKS.md
// at the issue's size; another size is printed only.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateLetterFolder, loadCorpus, REPO_ROOT } from './lib/corpus';
import { measureShards, shardsSection, withShardsSection } from './lib/shards';

const ISSUE_SIZE = 100_000;
const letters = Number(process.env.BENCH_SHARDS_LETTERS ?? ISSUE_SIZE);
const folder = generateLetterFolder(loadCorpus(), letters, true);
const figures = measureShards(folder.dir, letters, (s) => process.stderr.write(`[bench] ${s}\n`));
const section = shardsSection(figures, new Date());
process.stdout.write(`${section}\n`);
if (!figures.sameRows) process.exitCode = 1;
if (letters === ISSUE_SIZE) {
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
  writeFileSync(file, withShardsSection(readFileSync(file, 'utf8'), section));
  process.stderr.write('[bench] BENCHMARKS.md: the archive section rewritten\n');
}
