// The letter-library part of the bench alone, at the sizes of issue 23 (the whole bench takes minutes):
//   npm run bench:library            (builds, then this: 10,000 and 100,000 letters)
//   node --import tsx bench/library.ts [count ...]   (needs dist/; BENCH_LIBRARY_COUNTS=300,1000 too)
// Each letter gets a case number of its own. Prints its tables and rewrites only the "Letter
// library" section of BENCHMARKS.md, when run at the issue's two sizes (another size is printed, not written).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GENERATED_DIR, generateLetterFolder, loadCorpus, REPO_ROOT } from './lib/corpus';
import { measureLibrary } from './lib/library';
import { LIBRARY_END, LIBRARY_START, librarySection, type LibrarySize } from './run';

const ISSUE_SIZES = [10_000, 100_000];

function counts(): number[] {
  const asked = process.argv.slice(2).length > 0 ? process.argv.slice(2) : (process.env.BENCH_LIBRARY_COUNTS?.split(',') ?? []);
  const n = asked.map(Number).filter((x) => Number.isInteger(x) && x > 0);
  return n.length > 0 ? n.sort((a, b) => a - b) : ISSUE_SIZES;
}

async function main(): Promise<void> {
  const sizes: LibrarySize[] = [];
  mkdirSync(GENERATED_DIR, { recursive: true });
  const corpus = loadCorpus();
  const all = counts();
  for (const count of all) {
    const folder = generateLetterFolder(corpus, count, true);
    process.stderr.write(`[bench] letter library: ${count} letters in ${path.relative(REPO_ROOT, folder.dir)}\n`);
    const lib = await measureLibrary(folder.dir, Number(process.env.BENCH_LIBRARY_RUNS ?? 7), corpus.typical.text);
    sizes.push({ lib, letters: count, bytes: folder.bytes });
  }
  const section = librarySection(sizes, new Date());
  process.stdout.write(`${section}\n`);
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
  if (all.join() !== ISSUE_SIZES.join() || !existsSync(file)) return;
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
