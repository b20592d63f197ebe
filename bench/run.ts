// npm run bench: builds, measures (see BENCHMARKS.md for what and how), prints the table and
// writes it to BENCHMARKS.md with the machine and the date. Not a test: nothing here fails
// on a slow machine; the targets are reported as ratios to their limits.
//   BENCH_QUICK=1 npm run bench   fewer runs, for trying the script itself
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUNDLES, type BundleSize, bundleSizes, withProductionBuild } from './lib/bundle';
import { type CliRun, type CliScale, measureCliScale } from './lib/cli';
import { measurePdf, PDF_DIR, type PdfBench } from './lib/pdf';
import { type Corpus, GENERATED_DIR, generateLetterFolder, loadCorpus, MB, REPO_ROOT } from './lib/corpus';
import { measureInProcess, type Task } from './lib/inproc';
import { type LibraryScale, measureLibrary } from './lib/library';
import { measureNodes, nodesSection } from './lib/nodes';
import { measureShards, shardsAvailable, shardsSection, SHARDS_END, SHARDS_START } from './lib/shards';
import { DEBOUNCE_MS, measureRoundTrips, measureStart, type RoundTrips, SERVER_PATH } from './lib/lsp';
import { type Summary, summarize } from './lib/stats';
import { SERVER_NODE_FLAGS } from '../server/src/protocol';

const QUICK = !!process.env.BENCH_QUICK;
const RUNS = QUICK
  ? {
      corpus: { warmup: 1, runs: 3, slowRuns: 1 },
      big: { warmup: 1, runs: 2, slowRuns: 1 },
      lspTypical: 10,
      lspBig: 3,
      opensTypical: 2,
      opensBig: 1,
      warmupTypical: 50,
      warmupBig: 2,
      start: 3,
      cli: 1,
      cliLetters: 10_000,
      pdf: 1,
      pdfThousand: 1000,
    }
  : {
      corpus: { warmup: 3, runs: 15, slowRuns: 5 },
      big: { warmup: 2, runs: 7, slowRuns: 3 },
      lspTypical: 60,
      lspBig: 10,
      opensTypical: 10,
      opensBig: 3,
      warmupTypical: 300,
      warmupBig: 3,
      start: 15,
      cli: 3,
      cliLetters: 10_000,
      pdf: 3,
      pdfThousand: 1000,
    };

const loadAtStart = os.loadavg()[0];
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

// ---------- formatting ----------
function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  const p = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
  return x.toFixed(Math.min(p, 4));
}
const ms = (x: number) => `${num(x)} ms`;
const kib = (b: number) => `${num(b / 1024)} KB`;
const mib = (b: number) => `${num(b / MB)} MB`;

interface Row {
  measure: string;
  median: string;
  spread: string;
  runs: string;
}

const timeRow = (measure: string, s: Summary, extra = ''): Row => ({
  measure,
  median: ms(s.median),
  spread: `${num(s.min)}–${num(s.max)} ms (IQR ${num(s.p25)}–${num(s.p75)})${extra}`,
  runs: String(s.n),
});

/** Throughput from times: the median is bytes / median time; the spread is over the runs. */
const mbpsRow = (measure: string, bytes: number, s: Summary): Row => ({
  measure,
  median: `${num(bytes / MB / (s.median / 1000))} MB/s`,
  spread: `${num(bytes / MB / (s.max / 1000))}–${num(bytes / MB / (s.min / 1000))} MB/s (${num(s.median)} ms per pass)`,
  runs: String(s.n),
});

const ratioRow = (measure: string, s: Summary): Row => ({
  measure,
  median: `${num(s.median)}×`,
  spread: `${num(s.min)}–${num(s.max)}× (IQR ${num(s.p25)}–${num(s.p75)})`,
  runs: String(s.n),
});

/** Per-run ratios of two round-robin series (run i of each was taken back to back). */
function pairedRatios(a: number[], b: number[]): Summary {
  const n = Math.min(a.length, b.length);
  return summarize(Array.from({ length: n }, (_, i) => a[i] / b[i]));
}

export function table(rows: Row[]): string {
  const lines = ['| measure | median | spread | runs |', '|---|---:|---|---:|'];
  for (const r of rows) lines.push(`| ${r.measure} | ${r.median} | ${r.spread} | ${r.runs} |`);
  return lines.join('\n');
}

interface Target {
  target: string;
  measured: string;
  limit: string;
  /** measured ÷ limit: at most 1 holds (strictly below 1 for "faster than" and "under"). */
  ratio: number;
  strict: boolean;
}

export function targetTable(targets: Target[]): string {
  const lines = ['| target | measured | limit | ratio to limit | holds |', '|---|---:|---:|---:|:---:|'];
  for (const t of targets) {
    const holds = t.strict ? t.ratio < 1 : t.ratio <= 1;
    lines.push(`| ${t.target} | ${t.measured} | ${t.limit} | ${num(t.ratio)} | ${holds ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

// ---------- measurements ----------
interface InProc {
  times: Record<Task, Summary>;
  raw: Record<Task, number[]>;
  bytes: number;
  sizes: { symbols: number; folding: number; findings: number; items: number; lines: number };
}

async function inProcess(label: string, texts: string[], bytes: number, opts: { warmup: number; runs: number; slowRuns: number }): Promise<InProc> {
  log(`${label}: in-process analysis, floor and peers (${opts.runs} runs; markdownlint ${opts.slowRuns})`);
  const { times, sizes } = await measureInProcess(texts, opts);
  const s = {} as Record<Task, Summary>;
  for (const k of Object.keys(times) as Task[]) s[k] = summarize(times[k]);
  return { times: s, raw: times, bytes, sizes };
}

function machine(): string {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} logical cores (os.availableParallelism ${os.availableParallelism?.() ?? cpus.length})`,
    `- Memory: ${num(os.totalmem() / 1024 ** 3)} GB`,
    `- Node ${process.version} (V8 ${process.versions.v8}), ${os.type()} ${os.release()} ${os.arch()}`,
    `- Load average (1 min) at start ${num(loadAtStart)}, at end ${num(os.loadavg()[0])}: other processes on the machine share the cores and widen the spread`,
  ].join('\n');
}

/** The command-line rows: --jobs 1 and the default side by side, and the ndjson run. */
export function cliScaleRows(scale: CliScale, letters: number, bytes: number): Row[] {
  const rows: Row[] = [];
  const perSecond = (label: string, s: Summary): Row => ({
    measure: `letters per second, ${label}`,
    median: `${num(letters / (s.median / 1000))}/s`,
    spread: `${num(letters / (s.max / 1000))}–${num(letters / (s.min / 1000))}/s (${num(bytes / MB / (s.median / 1000))} MB/s)`,
    runs: String(s.n),
  });
  const rss = (label: string, runs: CliScale['oneJob']): Row => {
    const s = summarize(runs.map((r) => r.peakRssBytes));
    return { measure: `peak RSS, ${label} (${runs[0]?.rssSource})`, median: mib(s.median), spread: `${mib(s.min)}–${mib(s.max)}`, runs: String(s.n) };
  };
  const one = summarize(scale.oneJob.map((r) => r.ms));
  const dflt = summarize(scale.defaultJobs.map((r) => r.ms));
  const nd = summarize(scale.ndjson.map((r) => r.ms));
  rows.push(timeRow('wall time, --jobs 1 (text)', one));
  rows.push(timeRow(`wall time, default --jobs ${os.availableParallelism()} (text)`, dflt));
  rows.push(
    ratioRow(
      'default ÷ --jobs 1 (paired runs)',
      pairedRatios(
        scale.defaultJobs.map((r) => r.ms),
        scale.oneJob.map((r) => r.ms),
      ),
    ),
  );
  rows.push(timeRow('wall time, --format ndjson', nd));
  // CPU time (all threads): what the work costs whatever else the machine runs; wall time on a
  // shared machine also measures the neighbours.
  if (scale.oneJob.every((r) => Number.isFinite(r.cpuMs))) {
    rows.push(timeRow('CPU time (user + system), --jobs 1', summarize(scale.oneJob.map((r) => r.cpuMs!))));
    rows.push(timeRow('CPU time (user + system), default', summarize(scale.defaultJobs.map((r) => r.cpuMs!))));
    rows.push(ratioRow('CPU default ÷ CPU --jobs 1 (paired runs)', cpuRatios(scale)));
    rows.push({ measure: 'machine load average (1 min) at the end', median: num(os.loadavg()[0]), spread: `${os.availableParallelism()} cores`, runs: '' });
  }
  rows.push(perSecond('--jobs 1', one), perSecond('default', dflt));
  rows.push(rss('--jobs 1', scale.oneJob), rss('default', scale.defaultJobs), rss('--format ndjson', scale.ndjson));
  return rows;
}

/** PDF letters: our reader next to pdftotext on the corpus PDFs, memory over 1,000, the .vsix. */
export function pdfRows(p: PdfBench): Row[] {
  const rows: Row[] = [];
  const cliMs = (runs: CliRun[]) => summarize(runs.map((r) => r.ms));
  rows.push(
    timeRow(`folder of ${p.files} PDFs: imr-check --format ndjson (PDF → model → rules, default --jobs ${os.availableParallelism()})`, cliMs(p.oursFolder)),
  );
  rows.push(timeRow('folder: imr-check --jobs 1 --format ndjson', cliMs(p.oursFolderOneJob)));
  rows.push(timeRow('folder: pdftotext once per file, one after another (a shell loop)', summarize(p.pdftotextFolder)));
  rows.push(timeRow(`folder: pdftotext once per file, ${os.availableParallelism()} at a time (xargs -P)`, summarize(p.pdftotextParallel)));
  rows.push(
    ratioRow(
      `imr-check (default jobs) ÷ pdftotext ${os.availableParallelism()} at a time (paired runs)`,
      pairedRatios(
        p.oursFolder.map((r) => r.ms),
        p.pdftotextParallel,
      ),
    ),
  );
  rows.push(
    ratioRow(
      'imr-check --jobs 1 ÷ pdftotext loop (paired runs)',
      pairedRatios(
        p.oursFolderOneJob.map((r) => r.ms),
        p.pdftotextFolder,
      ),
    ),
  );
  if (p.oursFolder.every((r) => Number.isFinite(r.cpuMs)))
    rows.push(timeRow('CPU time (user + system), imr-check default jobs', summarize(p.oursFolder.map((r) => r.cpuMs!))));
  rows.push(timeRow('per letter, in process: readPdfText (worker thread) + parse', summarize(p.oursPerLetter)));
  rows.push(timeRow('per letter: pdftotext (process spawn included)', summarize(p.pdftotextPerLetter)));
  rows.push(timeRow('one PDF: imr-check --jobs 1, start to exit', cliMs(p.onePdf)));
  rows.push(timeRow("the same letter's text: imr-check --jobs 1, start to exit", cliMs(p.oneText)));
  if (p.thousand) {
    const rss = summarize(p.thousand.map((r) => r.peakRssBytes));
    rows.push(timeRow(`${p.thousandFiles.toLocaleString('en-US')} PDFs: imr-check --format ndjson wall time`, cliMs(p.thousand)));
    rows.push({
      measure: `${p.thousandFiles.toLocaleString('en-US')} PDFs: imr-check peak RSS (${p.thousand[0]?.rssSource})`,
      median: mib(rss.median),
      spread: `${mib(rss.min)}–${mib(rss.max)}`,
      runs: String(rss.n),
    });
  }
  if (p.vsixBytes !== null) rows.push({ measure: 'packaged dist/imr-determinations.vsix (PDFium inside)', median: kib(p.vsixBytes), spread: '', runs: '' });
  return rows;
}

export function pdfTargets(p: PdfBench): Target[] {
  const targets: Target[] = [];
  // Issue 25's targets: the same number of processes on each side.
  const folderRatio = (ours: CliRun[], pdftotext: number[], what: string) => {
    const ratio = summarize(ours.map((r) => r.ms)).median / summarize(pdftotext).median;
    targets.push({
      target: `PDF folder (${p.files} corpus PDFs) to model, ${what}, ≤ 1.2× pdftotext`,
      measured: `${num(ratio)}×`,
      limit: '1.2×',
      ratio: ratio / 1.2,
      strict: false,
    });
  };
  folderRatio(p.oursFolder, p.pdftotextParallel, `default jobs vs ${os.availableParallelism()} pdftotext at a time`);
  folderRatio(p.oursFolderOneJob, p.pdftotextFolder, '--jobs 1 vs a pdftotext loop');
  if (p.onePdf.length > 0 && p.oneText.length > 0) {
    const ratio = summarize(p.onePdf.map((r) => r.ms)).median / summarize(p.oneText.map((r) => r.ms)).median;
    targets.push({ target: "one PDF, start to exit, ≤ 2× its text's", measured: `${num(ratio)}×`, limit: '2×', ratio: ratio / 2, strict: false });
  }
  if (p.thousand) {
    const rss = summarize(p.thousand.map((r) => r.peakRssBytes)).median;
    targets.push({
      target: `imr-check peak memory over ${p.thousandFiles.toLocaleString('en-US')} PDFs ≤ 300 MB`,
      measured: mib(rss),
      limit: '300 MB',
      ratio: rss / MB / 300,
      strict: false,
    });
  }
  if (p.vsixBytes !== null)
    targets.push({
      target: 'packaged .vsix with PDFium inside ≤ 4 MB',
      measured: kib(p.vsixBytes),
      limit: '4,096 KB',
      ratio: p.vsixBytes / 1024 / 4096,
      strict: false,
    });
  return targets;
}

/** Each default run's CPU time over that of the --jobs 1 run just before it. */
const cpuRatios = (scale: CliScale): Summary =>
  pairedRatios(
    scale.defaultJobs.map((r) => r.cpuMs!),
    scale.oneJob.map((r) => r.cpuMs!),
  );

export function cliScaleTargets(scale: CliScale): Target[] {
  // Paired: each default run against the --jobs 1 run just before it, so that the neighbours' load hits both alike.
  const ratio = pairedRatios(
    scale.defaultJobs.map((r) => r.ms),
    scale.oneJob.map((r) => r.ms),
  ).median;
  const rss = summarize(scale.ndjson.map((r) => r.peakRssBytes)).median;
  const cores = os.availableParallelism();
  const cpu: Target[] = scale.oneJob.every((r) => Number.isFinite(r.cpuMs))
    ? [
        {
          target: `imr-check default jobs (${cores}): CPU time (all threads) ≤ 1.15× the --jobs 1 CPU time, 10,000 letters`,
          measured: `${num(cpuRatios(scale).median)}×`,
          limit: '1.15×',
          ratio: cpuRatios(scale).median / 1.15,
          strict: false,
        },
      ]
    : [];
  return [
    {
      target: `imr-check default jobs (${cores}) ≤ 0.6× the --jobs 1 time, 10,000 letters`,
      measured: `${num(ratio)}×`,
      limit: '0.6×',
      ratio: ratio / 0.6,
      strict: false,
    },
    ...cpu,
    { target: 'imr-check --format ndjson peak RSS ≤ 200 MB, 10,000 letters', measured: mib(rss), limit: '200 MB', ratio: rss / MB / 200, strict: false },
  ];
}

// ---------- the letter library (also alone: bench/library.ts, npm run bench:library) ----------
export function libraryRows(lib: LibraryScale, letters: number, bytes: number): Row[] {
  const rows: Row[] = [
    {
      measure: `**letter library: ${letters.toLocaleString('en-US')} files (${mib(bytes)}), ${lib.first.letters.toLocaleString('en-US')} letters, the server over stdio**`,
      median: '',
      spread: '',
      runs: '',
    },
  ];
  const one = (measure: string, value: string, spread = '') => rows.push({ measure, median: value, spread, runs: '1' });
  rows.push({
    measure: 'imr-check on the same folder (default --jobs): the mean of a run just before the first index and one just after',
    median: ms(lib.cliMs),
    spread: lib.cliRuns.map(ms).join(', '),
    runs: String(lib.cliRuns.length),
  });
  one('server: spawn → index complete (empty store)', ms(lib.first.ms), `${num(lib.first.ms / lib.cliMs)}× imr-check`);
  one(
    'server: spawn → index complete (restart from the store)',
    ms(lib.again.ms),
    `${num((lib.again.ms / lib.first.ms) * 100)}% of the first; store ${mib(lib.storeBytes)}`,
  );
  one('server RSS, peak while indexing (empty store)', `${num(lib.first.peakMB)} MB`, `settled (idle 3 s after): ${num(lib.first.settledMB)} MB`);
  one('server RSS, peak while indexing (restart)', `${num(lib.again.peakMB)} MB`, `settled: ${num(lib.again.settledMB)} MB`);
  one(
    'server RSS, peak while the view, summary and export requests below are answered',
    `${num(Math.max(lib.first.answersPeakMB, lib.again.answersPeakMB))} MB`,
  );
  const t = lib.first.typing;
  if (t) {
    rows.push(
      timeRow(`typing: didChange → diagnostics p50 − debounce, typical letter, while the index builds (${t.indexing.length} edits)`, summarize(t.indexing)),
    );
    rows.push(timeRow('typing: the same, the index idle', summarize(t.idle)));
  }
  const v = lib.first.view;
  rows.push(timeRow(`the view opens: imr/letterGroups by outcome (${kib(lib.first.bytes.groups)})`, v.groups));
  rows.push(timeRow(`a group opened: imr/letters, its first 200 letters (${kib(lib.first.bytes.group)})`, v.group));
  rows.push(timeRow('the view filtered (words + outcome): imr/letterGroups', v.filteredGroups));
  rows.push(timeRow('… and its largest group opened', v.filteredGroup));
  rows.push(timeRow('the view grouped by guideline: imr/letterGroups', v.guidelineGroups));
  rows.push(timeRow("imr/lettersSummary: the summary's figures over every letter", lib.first.summary));
  rows.push(
    timeRow(
      `the CSV export's requests: imr/letters, every letter and key, in pages of 1,000 (${mib(lib.first.bytes.export)} of JSON in all)`,
      lib.first.answers.export,
    ),
  );
  rows.push(timeRow('imr/letters, one page (offset 200, limit 200)', lib.first.answers.page));
  rows.push(timeRow('workspace/symbol, every item of the library searched: the first key typed (`p`)', lib.first.answers.symbolsFirstKey));
  rows.push(timeRow('… and `physical therapy`', lib.first.answers.symbols));
  const sim = lib.first.similar;
  rows.push(timeRow(`similar requests: textDocument/codeLens of an open letter (${sim.letters} letters of the folder, ${sim.lenses} lenses)`, sim.list));
  rows.push(timeRow("… and codeLens/resolve of all of a letter's lenses at once (one query for its items)", sim.resolve));
  return rows;
}

/** One size the library was measured at. */
export interface LibrarySize {
  lib: LibraryScale;
  letters: number;
  bytes: number;
}

const peakOf = (lib: LibraryScale) => Math.max(lib.first.peakMB, lib.again.peakMB, lib.first.answersPeakMB, lib.again.answersPeakMB);

/** Issue 23's targets, at the largest size measured (the RSS also against the smallest). */
export function libraryTargets(sizes: LibrarySize[]): Target[] {
  const { lib, letters } = sizes[sizes.length - 1];
  const at = `at ${letters.toLocaleString('en-US')}`;
  const peak = peakOf(lib);
  const v = lib.first.view;
  const page = Math.max(v.group.median, lib.first.answers.page.median);
  const targets: Target[] = sizes.map(({ lib: l, letters: n }) => ({
    target: `letter library: first index ≤ 1.2× imr-check on the same folder, at ${n.toLocaleString('en-US')}`,
    measured: `${num(l.first.ms / l.cliMs)}×`,
    limit: '1.2×',
    ratio: l.first.ms / l.cliMs / 1.2,
    strict: false,
  }));
  targets.push(
    {
      target: 'letter library: restart from the store ≤ 0.1× the first index',
      measured: `${num(lib.again.ms / lib.first.ms)}×`,
      limit: '0.1×',
      ratio: lib.again.ms / lib.first.ms / 0.1,
      strict: false,
    },
    { target: `letter library: server peak RSS ≤ 200 MB ${at}`, measured: `${num(peak)} MB`, limit: '200 MB', ratio: peak / 200, strict: true },
  );
  if (sizes.length > 1) {
    const base = peakOf(sizes[0].lib);
    targets.push({
      target: `letter library: peak RSS ${at} within 10% of the ${sizes[0].letters.toLocaleString('en-US')} figure`,
      measured: `${num(peak)} / ${num(base)} MB`,
      limit: '+10%',
      ratio: peak / base / 1.1,
      strict: false,
    });
  }
  const t = lib.first.typing ?? sizes[0].lib.first.typing;
  if (t) {
    const extra = summarize(t.indexing).median - summarize(t.idle).median;
    targets.push({
      target: 'letter library: typing while the index builds, didChange → diagnostics p50 within +0.5 ms of idle',
      measured: `${extra >= 0 ? '+' : ''}${ms(extra)}`,
      limit: '+0.5 ms',
      ratio: Math.max(0, extra) / 0.5,
      strict: false,
    });
  }
  targets.push({
    target: `similar requests: a letter's lenses resolved p50 ≤ 20 ms ${at} (the worst letter: ${ms(lib.first.similar.resolve.max)})`,
    measured: ms(lib.first.similar.resolve.median),
    limit: '20 ms',
    ratio: lib.first.similar.resolve.median / 20,
    strict: false,
  });
  targets.push(
    {
      target: `letter library: imr/letterGroups by outcome p50 ≤ 50 ms ${at}`,
      measured: ms(v.groups.median),
      limit: '50 ms',
      ratio: v.groups.median / 50,
      strict: false,
    },
    {
      target: `letter library: imr/letterGroups by guideline p50 ≤ 50 ms ${at}`,
      measured: ms(v.guidelineGroups.median),
      limit: '50 ms',
      ratio: v.guidelineGroups.median / 50,
      strict: false,
    },
    { target: `letter library: a page of 200 letters p50 ≤ 50 ms ${at}`, measured: ms(page), limit: '50 ms', ratio: page / 50, strict: false },
    {
      target: `letter library: a filtered grouping p50 ≤ 100 ms ${at}`,
      measured: ms(v.filteredGroups.median),
      limit: '100 ms',
      ratio: v.filteredGroups.median / 100,
      strict: false,
    },
    {
      target: `letter library: imr/lettersSummary p50 ≤ 300 ms ${at}`,
      measured: ms(lib.first.summary.median),
      limit: '300 ms',
      ratio: lib.first.summary.median / 300,
      strict: false,
    },
  );
  return targets;
}

export const LIBRARY_START = '<!-- library:start (bench/library.ts rewrites this section alone) -->';
export const LIBRARY_END = '<!-- library:end -->';

/**
 * The Letter library section as `npm run bench:library` last wrote it, when it holds the issue's
 * two sizes: this run measures 10,000 letters only (its figures are in the targets above and in
 * results.json), and rewriting the section with them alone dropped the 100,000-letter figures.
 */
function keptLibrarySection(): string | undefined {
  const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
  const md = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = md.indexOf(LIBRARY_START);
  const end = md.indexOf(LIBRARY_END);
  if (start < 0 || end < start) return undefined;
  const section = md.slice(start, end + LIBRARY_END.length);
  return section.includes('100,000 letter files') || section.includes('at 100,000') ? section : undefined;
}

export function librarySection(sizes: LibrarySize[], date: Date): string {
  const counts = sizes.map((x) => x.letters.toLocaleString('en-US')).join(' and ');
  return `${LIBRARY_START}
## Letter library

Measured on ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC (load average at the end ${num(os.loadavg()[0])}). Generated folders of ${counts} letter files, each letter with a case number of its own; for each, the server (dist/server.js over stdio, started with the extension's Node flags \`${SERVER_NODE_FLAGS.join(' ')}\`; \`initializationOptions.storagePath\` in a fresh folder; the library in its SQLite database there) indexes it twice: with an empty store, then restarted from the store the first run wrote; \`imr-check\` runs on the same folder just before the first index and just after it, and the first index is held to their mean. Index complete: the first \`imr/lettersChanged\` with \`indexing: false\`. RSS from /proc; *settled* after 3 s idle. While the first index builds, a typical letter open outside the folder is edited (one edit, its diagnostics, 50 ms pause, again, until the index is complete), then as many edits once the index is idle. Then the view's requests, the summary's and the export's, ${sizes[0].lib.first.answers.export.n} times round-robin.

${targetTable(libraryTargets(sizes))}

${sizes.map(({ lib, letters, bytes }) => table(libraryRows(lib, letters, bytes))).join('\n\n')}
${LIBRARY_END}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const date = new Date();
  mkdirSync(GENERATED_DIR, { recursive: true });
  const corpus: Corpus = loadCorpus();
  const typicalLines = corpus.typical.text.split(/\r\n|\r|\n/).length;
  log(`corpus: ${corpus.letters.length} letters, ${mib(corpus.bytes)}; 5 MB document: ${corpus.big.letters} letters, ${mib(corpus.big.bytes)}`);

  // 1. In process, same bytes, same process.
  const whole = await inProcess(
    'corpus',
    corpus.letters.map((l) => l.text),
    corpus.bytes,
    RUNS.corpus,
  );
  const big = await inProcess('5 MB document', [corpus.big.text], corpus.big.bytes, RUNS.big);
  const typical = await inProcess('typical letter', [corpus.typical.text], corpus.typical.bytes, { warmup: 20, runs: 200, slowRuns: 20 });

  // 2. Through the protocol against dist/server.js (built by `npm run bench`).
  log(`server start: ${RUNS.start} spawns of ${path.relative(REPO_ROOT, SERVER_PATH)} and of node -e 0`);
  const start = await measureStart(RUNS.start);
  log(`round trips, typical letter (${RUNS.lspTypical} runs after ${RUNS.warmupTypical} warm-up edits, IPC then stdio)`);
  const rtTypical = await measureRoundTrips('typical', corpus.typical.text, {
    runs: RUNS.lspTypical,
    opens: RUNS.opensTypical,
    warmup: RUNS.warmupTypical,
    transport: 'ipc',
  });
  const rtTypicalStdio = await measureRoundTrips('typical', corpus.typical.text, {
    runs: RUNS.lspTypical,
    opens: RUNS.opensTypical,
    warmup: RUNS.warmupTypical,
    transport: 'stdio',
  });
  log(`round trips, 5 MB document (${RUNS.lspBig} runs after ${RUNS.warmupBig} warm-up edits, IPC)`);
  const rtBig = await measureRoundTrips('big', corpus.big.text, { runs: RUNS.lspBig, opens: RUNS.opensBig, warmup: RUNS.warmupBig, transport: 'ipc' });

  // 3. The command line on 10,000 letters.
  const folder = generateLetterFolder(corpus, RUNS.cliLetters);
  log(
    `imr-check on ${RUNS.cliLetters} letters (${mib(folder.bytes)}, ${folder.reused ? 'reused' : 'generated'} in ${path.relative(REPO_ROOT, folder.dir)}), ${RUNS.cli} runs`,
  );
  const scale = await measureCliScale(folder.dir, RUNS.cli);
  const cli = scale.defaultJobs;
  log(`letter library: the server indexes the same ${RUNS.cliLetters} letters twice (empty store, restart)`);
  const library = await measureLibrary(folder.dir, QUICK ? 3 : 7, corpus.typical.text);

  // 3b. PDF letters (the corpus PDFs; skipped without them or without pdftotext).
  log(`PDF letters: the corpus PDFs, our reader and pdftotext, ${RUNS.pdf} round(s); then imr-check on ${RUNS.pdfThousand} PDFs; the .vsix`);
  const pdf = await measurePdf(RUNS.pdf, { thousand: RUNS.pdfThousand });
  // Said, not dropped without a word: the PDF targets are compared with pdftotext, run beside ours.
  if (!pdf) log(`PDF letters: not measured (no corpus PDFs at ${PDF_DIR}, or no pdftotext on PATH: apt-get install poppler-utils)`);

  // 3c. The same build under each Node (the platform issue's comparison).
  const nodes = measureNodes(log);

  // 3d. The archive across machines: 100,000 letters in 4 shards and merged, against one run.
  const shardLetters = QUICK ? 2_000 : 100_000;
  const shards = shardsAvailable() ? measureShards(generateLetterFolder(corpus, shardLetters, true).dir, shardLetters, log) : undefined;

  // 4. Bundles, as built and minified; start-up of the minified server; then the normal build again.
  const built = bundleSizes();
  log('minified build (restored afterwards)');
  const minified = await withProductionBuild(async () => measureStart(RUNS.start));
  const startMin = minified.result;

  // ---------- report ----------
  const rows: Row[] = [];
  const section = (title: string) => rows.push({ measure: `**${title}**`, median: '', spread: '', runs: '' });
  for (const [title, r] of [
    [`whole corpus (${corpus.letters.length} letters, ${mib(corpus.bytes)})`, whole],
    [`5 MB document (${corpus.big.letters} letters concatenated, ${mib(corpus.big.bytes)})`, big],
    [`typical letter (${corpus.typical.id}, ${num(corpus.typical.bytes / 1024)} KB, ${typicalLines} lines)`, typical],
  ] as const) {
    section(title);
    rows.push(mbpsRow('analysis: parse + every rule + symbols + folding', r.bytes, r.times.ours));
    rows.push(mbpsRow('floor: split into lines', r.bytes, r.times.floor));
    rows.push(mbpsRow('peer: markdownlint (lint, default config)', r.bytes, r.times.markdownlint));
    rows.push(mbpsRow('peer: vscode-markdown-languageservice symbols (markdown-it)', r.bytes, r.times.mdls));
    rows.push(ratioRow('analysis ÷ floor (paired runs)', pairedRatios(r.raw.ours, r.raw.floor)));
    rows.push(ratioRow('analysis ÷ markdown-languageservice (paired runs)', pairedRatios(r.raw.ours, r.raw.mdls)));
    rows.push({ measure: 'analysis ÷ markdownlint (medians)', median: `${num(r.times.ours.median / r.times.markdownlint.median)}×`, spread: '', runs: '' });
  }
  const p95 = (xs: number[]) => `; p95 ${num(summarize(xs).p95)} ms`;
  const rt = (label: string, x: RoundTrips, size: string) => {
    section(
      `LSP over ${x.transport === 'ipc' ? 'IPC (as the extension runs it)' : 'stdio'}, ${label} (${size}; ${x.diagnosticCount} diagnostics, ${x.symbolCount} symbols)`,
    );
    rows.push(timeRow('didOpen → publishDiagnostics (first analysis)', summarize(x.open)));
    rows.push(timeRow(`didChange → publishDiagnostics, minus the ${DEBOUNCE_MS} ms debounce`, summarize(x.diagnostics), p95(x.diagnostics)));
    rows.push(timeRow('didChange + documentSymbol (re-analysis included)', summarize(x.symbolsAfterChange), p95(x.symbolsAfterChange)));
    if (x.symbolsAfterChangeCpu.length > 0)
      rows.push(timeRow('… server CPU time during that round trip (all threads)', summarize(x.symbolsAfterChangeCpu), p95(x.symbolsAfterChangeCpu)));
    rows.push(timeRow('documentSymbol, unchanged version', summarize(x.symbolsCached), p95(x.symbolsCached)));
    rows.push(timeRow('transport floor: documentSymbol of a document not open (answers [])', summarize(x.noop), p95(x.noop)));
  };
  rt('typical letter', rtTypical, `${num(corpus.typical.bytes / 1024)} KB`);
  rt('typical letter', rtTypicalStdio, `${num(corpus.typical.bytes / 1024)} KB`);
  rt('5 MB document', rtBig, mib(corpus.big.bytes));
  section('server start');
  const startRows = (label: string, t: typeof start) => {
    rows.push(timeRow(`spawn → initialize result, ${label}, code cache in place (as the extension starts it)`, summarize(t.cached)));
    rows.push(timeRow(`spawn → initialize result, ${label}, no code cache (first start; other editors)`, summarize(t.uncached)));
    rows.push(ratioRow(`server start ÷ bare node, ${label}, code cache (paired runs)`, pairedRatios(t.cached, t.bare)));
    rows.push(ratioRow(`server start ÷ bare node, ${label}, no code cache (paired runs)`, pairedRatios(t.uncached, t.bare)));
  };
  startRows('as built', start);
  startRows('minified', startMin);
  rows.push(timeRow('spawn → exit of bare `node -e 0` (alternated with the above)', summarize([...start.bare, ...startMin.bare])));
  section(
    `command line: imr-check on ${RUNS.cliLetters.toLocaleString('en-US')} letters (${mib(folder.bytes)}), default --jobs ${os.availableParallelism()} unless said`,
  );
  rows.push(...cliScaleRows(scale, RUNS.cliLetters, folder.bytes));
  section(
    pdf
      ? `PDF letters (${pdf.files} corpus PDFs, ${mib(pdf.bytes)})`
      : 'PDF letters: not measured (no corpus PDFs, or no pdftotext on PATH: apt-get install poppler-utils)',
  );
  if (pdf) rows.push(...pdfRows(pdf));
  section('bundles, and the data read beside them (1 KB = 1024 bytes)');
  const sizeCell = (s: BundleSize) => `${kib(s.bytes)} (gzip ${kib(s.gzip)})`;
  for (const b of BUNDLES)
    rows.push({ measure: `dist/${b}`, median: `${sizeCell(minified.sizes[b])} minified`, spread: `${sizeCell(built[b])} as built`, runs: '' });

  const typDiag = summarize(rtTypical.diagnostics);
  const typSym = summarize(rtTypical.symbolsAfterChange);
  const bigDiag = summarize(rtBig.diagnostics);
  const bigSym = summarize(rtBig.symbolsAfterChange);
  const targets: Target[] = [];
  for (const [label, r] of [
    ['corpus', whole],
    ['5 MB document', big],
  ] as const) {
    const f = r.times.ours.median / r.times.floor.median;
    targets.push({ target: `analysis within 3× the line-split floor (${label})`, measured: `${num(f)}×`, limit: '3×', ratio: f / 3, strict: false });
    const l = r.times.ours.median / r.times.markdownlint.median;
    targets.push({ target: `analysis faster than markdownlint (${label})`, measured: `${num(l)}× its time`, limit: '1×', ratio: l, strict: true });
    const m = r.times.ours.median / r.times.mdls.median;
    targets.push({
      target: `analysis faster than markdown-languageservice symbols (${label})`,
      measured: `${num(m)}× its time`,
      limit: '1×',
      ratio: m,
      strict: true,
    });
  }
  const typNoop = summarize(rtTypical.noop).median;
  const typCpu = rtTypical.symbolsAfterChangeCpu.length ? ` (server CPU ${ms(summarize(rtTypical.symbolsAfterChangeCpu).median)})` : '';
  const est = (x: number) => ` (≈ ${num(Math.max(0, x - typNoop))} ms without the ${num(typNoop)} ms transport floor)`;
  targets.push({
    target: `typical letter: didChange → diagnostics, p50 (round trip − ${DEBOUNCE_MS} ms debounce; timer slack included)`,
    measured: ms(typDiag.median) + est(typDiag.median),
    limit: '2 ms',
    ratio: typDiag.median / 2,
    strict: true,
  });
  targets.push({
    target: 'typical letter: didChange + documentSymbol round trip, p50',
    measured: ms(typSym.median) + typCpu,
    limit: '2 ms',
    ratio: typSym.median / 2,
    strict: true,
  });
  targets.push({
    target: `5 MB document: didChange → diagnostics, p50 (round trip − ${DEBOUNCE_MS} ms debounce)`,
    measured: ms(bigDiag.median),
    limit: '100 ms',
    ratio: bigDiag.median / 100,
    strict: true,
  });
  targets.push({
    target: '5 MB document: didChange + documentSymbol round trip, p50',
    measured: ms(bigSym.median),
    limit: '100 ms',
    ratio: bigSym.median / 100,
    strict: true,
  });
  const bareMin = summarize(startMin.bare).median;
  for (const [label, series] of [
    ['minified, code cache in place, as the extension starts it', startMin.cached],
    ['minified, no code cache: first start after install, other editors', startMin.uncached],
  ] as const) {
    const r = summarize(series).median / bareMin;
    targets.push({ target: `server start within 1.5× bare node (${label})`, measured: `${num(r)}×`, limit: '1.5×', ratio: r / 1.5, strict: false });
  }
  targets.push({
    target: 'client bundle dist/extension.js ≤ 400 KB minified',
    measured: kib(minified.sizes['extension.js'].bytes),
    limit: '400 KB',
    ratio: minified.sizes['extension.js'].bytes / 1024 / 400,
    strict: false,
  });
  const serverBytes = minified.sizes['server.js'].bytes + minified.sizes['server-main.js'].bytes;
  targets.push({
    target: 'server bundle ≤ 250 KB minified (dist/server.js loader + dist/server-main.js)',
    measured: `${kib(serverBytes)} (+ ${kib(minified.sizes['mtus-kb.json'].bytes)} MTUS data, read on first use)`,
    limit: '250 KB',
    ratio: serverBytes / 1024 / 250,
    strict: false,
  });

  targets.push(...cliScaleTargets(scale));
  if (pdf) targets.push(...pdfTargets(pdf));

  const elapsed = (performance.now() - started) / 1000;
  const md = `# Benchmarks

Written by \`npm run bench\` (\`bench/run.ts\`) on ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC${QUICK ? ' in **quick mode** (BENCH_QUICK: fewer runs)' : ''}; the run took ${num(elapsed)} s. Re-run it to refresh this file; numbers from another machine are not comparable.

## Machine

${machine()}

## Data

- Corpus: \`${corpus.source}\`, ${corpus.letters.length} letter files (every extraction of every letter, and the 2013 fragment), ${mib(corpus.bytes)}.
- 5 MB document: the complete corpus letters (not the 2013 fragment) concatenated in order, repeated, joined by newlines: ${corpus.big.letters} letters, ${mib(corpus.big.bytes)}, ${big.sizes.lines.toLocaleString('en-US')} lines; our analysis finds ${big.sizes.items} items, ${big.sizes.findings} findings, ${big.sizes.symbols} top-level symbols and ${big.sizes.folding} folding ranges (both capped at 5,000).
- Typical letter: \`${corpus.typical.id}\`, the median-size letter of the 2016-2017 \`text\` extraction, ${num(corpus.typical.bytes / 1024)} KB, ${typicalLines} lines.
- Command line: ${RUNS.cliLetters.toLocaleString('en-US')} letters made by repeating the corpus files, in the git-ignored \`${path.relative(REPO_ROOT, folder.dir)}\`.

## Targets

${targetTable(targets)}

## Measurements

Medians; spread is min–max over the runs, with the interquartile range where there are enough runs. 1 MB = 1,048,576 bytes.

${table(rows)}

${keptLibrarySection() ?? librarySection([{ lib: library, letters: RUNS.cliLetters, bytes: folder.bytes }], date)}

${nodesSection(nodes, date)}

${shards ? shardsSection(shards, date) : `${SHARDS_START}\n## The archive across machines\n\nNot measured: GNU parallel or dist/cli.js missing.\n${SHARDS_END}`}

## Method

- **In process** (one Node process, same bytes, same run): the four tasks run round-robin after warm-up runs, with a forced young-generation GC before every run (not a full GC, which also shrinks V8's young generation and made every task about 2× slower than in steady use, allocation-heavy ones more). *Analysis* is \`parseDetermination\` + \`runRules\` (all rules at their default level; none is off) + \`getDocumentSymbols\` + \`getFoldingRanges\`, per letter, with the default knowledge base loaded once beforehand. *Floor* is \`text.split(/\\r\\n|\\r|\\n/)\` and nothing else. *markdownlint* is \`markdownlint/sync\` \`lint({ strings })\` with its default configuration over the same strings, as Markdown (fewer runs: it is the slowest). *markdown-languageservice* is \`getDocumentSymbols\` of \`vscode-markdown-languageservice\` with markdown-it (\`html\`, \`linkify\`) as its parser, a fresh service and fresh URIs every run so its per-document cache never answers.
- **Through LSP**: \`node dist/server.js --node-ipc\` (the transport the extension's client uses) and, for the typical letter, \`--stdio\` too, driven by \`vscode-languageserver-protocol/node\`. Each edit is an incremental didChange (append \` x\` to a prose line in the middle, then remove it). First ${RUNS.warmupTypical} (typical letter) or ${RUNS.warmupBig} (5 MB) edits go back to back unmeasured: a server in use has seen many edits and compiled its code, as the in-process runs are measured after their warm-up; the first analysis of each size is the *didOpen* row. Diagnostics are timed from sending the change to the \`publishDiagnostics\` carrying the new version, minus the server's ${DEBOUNCE_MS} ms debounce (so they include timer slack and transport). *didChange + documentSymbol* sends the change and the request back to back: the answer waits for the new version's analysis; the server's CPU time over that round trip is read from /proc/<pid>/task/*/schedstat. The *transport floor* (documentSymbol for a document that is not open, answered at once) is what any round trip costs here without server work; it is taken after the same pause as each edit (the debounced diagnostics, a young-generation GC in the benchmark process), since a process woken from idle answers slower on this virtual machine than one already running. Each iteration waits for that version's diagnostics before the next edit, so runs do not overlap. 5 MB round trips are over ${RUNS.lspBig} runs, so their p95 is close to the maximum.
- **Server start**: spawn (over IPC) → \`initialize\` result, alternated with spawn → exit of \`node -e 0\`; the ratio is per pair. \`dist/server.js\` is a small loader that compiles the server bundle (\`dist/server-main.js\`) with a V8 code cache kept in \`IMR_CODE_CACHE_DIR\` (the extension passes its global storage folder; the first start writes the cache); each round starts the server once with the cache and once without. The minified server is started while the production build is in place.
- **Command line**: \`node dist/cli.js [--jobs 1 | --format ndjson] <folder>\` (report to /dev/null), the three variants round-robin, wall time and peak RSS (worker threads included: one process) from ${cli[0]?.rssSource}.
- **PDF letters**: the 130 corpus PDFs. *imr-check* reads each through the PDF reader (PDFium in WebAssembly, in a worker thread with time and memory limits), parses it and runs every rule (\`--format ndjson\` to /dev/null). *pdftotext* (poppler) is run once per file as a user converting a folder would, in a shell loop and with \`xargs -P\`; it only writes text, nothing is parsed. The ratios compare the same number of processes: default jobs with \`xargs -P\` (as many as cores), \`--jobs 1\` with the loop. *One PDF*: \`imr-check --jobs 1\` on the first corpus PDF and on its pdftotext text, start to exit. *Per letter*: \`readPdfText\` + \`parseDetermination\` in this process, one letter at a time. The 1,000-PDF folder holds copies of the corpus PDFs (copies: the folder walk reads each real file once), in the git-ignored generated folder. The .vsix is \`npm run package\`'s.
- **Bundles**: \`npm run build\` sizes, then \`node scripts/build.mjs --production\` (minified, same paths), then the normal build is restored.
`;
  writeFileSync(path.join(REPO_ROOT, 'BENCHMARKS.md'), md);
  writeFileSync(
    path.join(GENERATED_DIR, 'results.json'),
    JSON.stringify(
      {
        date: date.toISOString(),
        quick: QUICK,
        whole: whole.raw,
        big: big.raw,
        typical: typical.raw,
        start,
        startMin,
        rtTypical,
        rtTypicalStdio,
        rtBig,
        cli: scale,
        library,
        built,
        minified: minified.sizes,
      },
      null,
      1,
    ),
  );
  process.stdout.write(`\n## Targets\n\n${targetTable(targets)}\n\n## Measurements\n\n${table(rows)}\n\nWritten to BENCHMARKS.md (${num(elapsed)} s).\n`);
}

// `bench/run.ts` is also imported by bench/cli-scale.ts for its tables: run only when started.
if (require.main === module)
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
