// The platform issue's five figures on one Node.js: run this file UNDER the Node to measure
// (`<node> --import tsx bench/nodes.ts`), with the build in dist/ made for it. It prints one JSON
// object: medians of server start, the typing round trip, the 5 MB edit, imr-check on the
// 10,000-letter folder and on the corpus PDFs. bench/run.ts runs it under the project's Node 24
// and the floor (Node 22.13) side by side, and shows the Node 20 figures recorded before the
// switch (bench/node20-baseline.json: this same file run under Node 20 on the last commit that
// still ran there).
import { existsSync } from 'node:fs';
import { measureCli } from './lib/cli';
import { generateLetterFolder, loadCorpus } from './lib/corpus';
import { measureRoundTrips, measureStart } from './lib/lsp';
import { PDF_DIR } from './lib/pdf';
import { summarize } from './lib/stats';

export interface NodeFigures {
  node: string;
  /** Server start to the initialize result, code cache in place (as the extension starts it), ms. */
  startMs: number;
  /** Typical letter, didChange → publishDiagnostics minus the debounce, p50 ms. */
  typingMs: number;
  /** 5 MB document, didChange → publishDiagnostics minus the debounce, p50 ms. */
  bigEditMs: number;
  /** imr-check on the 10,000-letter folder (default jobs), wall ms and CPU ms. */
  cli10kMs: number;
  cli10kCpuMs: number;
  /** imr-check --jobs 1 on the corpus PDFs (130), wall ms; NaN without the corpus. */
  pdfFolderMs: number;
}

const median = (xs: number[]) => summarize(xs).median;

async function measure(quick: boolean): Promise<NodeFigures> {
  const corpus = loadCorpus();
  const start = await measureStart(quick ? 3 : 9);
  const typical = await measureRoundTrips('typical', corpus.typical.text, { runs: quick ? 10 : 40, opens: 1, warmup: quick ? 50 : 200, transport: 'ipc' });
  const big = await measureRoundTrips('big', corpus.big.text, { runs: quick ? 3 : 7, opens: 1, warmup: 2, transport: 'ipc' });
  const folder = generateLetterFolder(corpus, 10_000);
  const cli = await measureCli(folder.dir, quick ? 1 : 3);
  const pdf = existsSync(PDF_DIR) ? await measureCli(PDF_DIR, quick ? 1 : 3, ['--jobs', '1']) : [];
  return {
    node: process.versions.node,
    startMs: median(start.cached),
    typingMs: median(typical.diagnostics),
    bigEditMs: median(big.diagnostics),
    cli10kMs: median(cli.map((r) => r.ms)),
    cli10kCpuMs: median(cli.map((r) => r.cpuMs ?? NaN)),
    pdfFolderMs: pdf.length ? median(pdf.map((r) => r.ms)) : NaN,
  };
}

if (require.main === module) {
  void measure(!!process.env.BENCH_QUICK).then((f) => process.stdout.write(`${JSON.stringify(f)}\n`));
}
