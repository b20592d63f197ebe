// The letter-library part of `npm run bench` alone (the whole bench takes minutes):
//   npm run bench:library            (builds, then this)
//   node --import tsx bench/library.ts [count]   (default 10,000 letters; needs dist/)
// Prints its tables and rewrites only the "Letter library" section of BENCHMARKS.md (10,000
// letters only: another count is printed, not written).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GENERATED_DIR, generateLetterFolder, loadCorpus, REPO_ROOT } from './lib/corpus';
import { measureLibrary } from './lib/library';
import { LIBRARY_END, LIBRARY_START, librarySection } from './run';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  mkdirSync(GENERATED_DIR, { recursive: true });
  const corpus = loadCorpus();
  const folder = generateLetterFolder(corpus, count);
  process.stderr.write(`[bench] letter library: ${count} letters in ${path.relative(REPO_ROOT, folder.dir)}\n`);
  const lib = await measureLibrary(folder.dir, Number(process.env.BENCH_LIBRARY_RUNS ?? 7), corpus.typical.text);
  const section = librarySection(lib, count, folder.bytes, new Date());
  process.stdout.write(`${section}\n`);
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
  if (count !== 10_000 || !existsSync(file)) return;
  const md = readFileSync(file, 'utf8');
  const start = md.indexOf(LIBRARY_START);
  const end = md.indexOf(LIBRARY_END);
  const next =
    start >= 0 && end > start ? md.slice(0, start) + section + md.slice(end + LIBRARY_END.length) : md.replace('\n## Method\n', `\n${section}\n\n## Method\n`);
  writeFileSync(file, next);
  process.stderr.write('[bench] BENCHMARKS.md: the Letter library section rewritten\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
