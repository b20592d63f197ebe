// The PDF part of the benchmark alone, for trying it without the whole run:
//   node scripts/build.mjs && node --import tsx bench/pdf.ts
//   BENCH_PDF_RUNS=3 BENCH_PDF_THOUSAND=1000 (defaults: 1 round, 1,000 PDFs)
// Prints the same rows and targets as `npm run bench`; writes nothing but the generated PDFs.
import { mkdirSync } from 'node:fs';
import { GENERATED_DIR } from './lib/corpus';
import { measurePdf, PDF_DIR } from './lib/pdf';
import { pdfRows, pdfTargets, table, targetTable } from './run';

async function main(): Promise<void> {
  mkdirSync(GENERATED_DIR, { recursive: true });
  const pdf = await measurePdf(Number(process.env.BENCH_PDF_RUNS ?? 1), { thousand: Number(process.env.BENCH_PDF_THOUSAND ?? 1000) });
  if (!pdf) {
    process.stderr.write(`[bench] no corpus PDFs at ${PDF_DIR}, or no pdftotext: nothing measured\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${targetTable(pdfTargets(pdf))}\n\n${table(pdfRows(pdf))}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
