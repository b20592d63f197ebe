// PDF letters: our reader (PDFium in a worker thread) next to poppler's pdftotext run once per
// file as a user would, on the corpus PDFs; imr-check's peak memory over 1,000 PDFs; the size
// of the packaged .vsix that carries PDFium.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseDetermination } from '../../server/src/parse/parser';
import { readPdfText } from '../../server/src/pdf/reader';
import { measureCli, type CliRun } from './cli';
import { CORPUS_DIR, GENERATED_DIR, REPO_ROOT } from './corpus';

export const PDF_DIR = path.join(CORPUS_DIR, '2016-2017', 'pdf');

export interface PdfBench {
  files: number;
  bytes: number;
  /** pdftotext, one process per file, one after another (what a user's shell loop does). */
  pdftotextFolder: number[];
  /** pdftotext, one process per file, all cores (xargs -P). */
  pdftotextParallel: number[];
  /** imr-check --format ndjson on the folder: PDF -> text -> model -> rules, every core. */
  oursFolder: CliRun[];
  /** imr-check --jobs 1 on the folder. */
  oursFolderOneJob: CliRun[];
  /** One letter at a time in this process: readPdfText + parseDetermination, ms per letter. */
  oursPerLetter: number[];
  /** pdftotext per letter (spawn included), ms. */
  pdftotextPerLetter: number[];
  /** imr-check over 1,000 PDFs (copies of the corpus PDFs). */
  thousand: CliRun[] | null;
  thousandFiles: number;
  /** imr-check --jobs 1 on one corpus PDF, start to exit; and on the same letter's text. */
  onePdf: CliRun[];
  oneText: CliRun[];
  vsixBytes: number | null;
}

const hasPdftotext = () => spawnSync('sh', ['-c', 'command -v pdftotext']).status === 0;

function timeMs(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** A folder of `count` PDFs copied from the corpus (copies, not links: the folder walk reads each real file once). */
function thousandPdfs(pdfs: string[], count: number): string {
  const dir = path.join(GENERATED_DIR, `pdfs-${count}`);
  const stamp = path.join(dir, '.complete');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === String(count)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) copyFileSync(pdfs[i % pdfs.length], path.join(dir, `letter-${String(i).padStart(4, '0')}.pdf`));
  writeFileSync(stamp, String(count));
  return dir;
}

/** The .vsix as `npm run package` makes it (built here when missing). */
function vsixSize(): number | null {
  const vsix = path.join(REPO_ROOT, 'dist', 'imr-determinations.vsix');
  // Packaged anew every run: a .vsix left in dist/ by an earlier build is not this build's.
  rmSync(vsix, { force: true });
  spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio: 'ignore' });
  // `npm run package` leaves the minified build in dist/: the normal build comes back.
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'ignore' });
  return existsSync(vsix) ? statSync(vsix).size : null;
}

export async function measurePdf(runs: number, opts: { thousand: number }): Promise<PdfBench | null> {
  if (!existsSync(PDF_DIR) || !hasPdftotext()) return null;
  const pdfs = readdirSync(PDF_DIR)
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => path.join(PDF_DIR, f));
  const out = mkdtempSync(path.join(tmpdir(), 'imr-bench-pdftotext-'));
  const r: PdfBench = {
    files: pdfs.length,
    bytes: pdfs.reduce((n, f) => n + statSync(f).size, 0),
    pdftotextFolder: [],
    pdftotextParallel: [],
    oursFolder: [],
    oursFolderOneJob: [],
    oursPerLetter: [],
    pdftotextPerLetter: [],
    thousand: null,
    thousandFiles: opts.thousand,
    onePdf: [],
    oneText: [],
    vsixBytes: null,
  };
  // Warm-up: file cache and PDFium compiled once in a worker before anything is timed.
  for (const f of pdfs.slice(0, 5)) await readPdfText(f);
  for (let i = 0; i < runs; i++) {
    r.pdftotextFolder.push(
      timeMs(() => spawnSync('sh', ['-c', `for f in "${PDF_DIR}"/*.pdf; do pdftotext -enc UTF-8 "$f" "${out}/$(basename "$f" .pdf).txt"; done`])),
    );
    r.pdftotextParallel.push(
      timeMs(() =>
        spawnSync('sh', ['-c', `ls "${PDF_DIR}"/*.pdf | xargs -P "$(nproc)" -I{} sh -c 'pdftotext -enc UTF-8 "{}" "${out}/$(basename "{}" .pdf).txt"'`]),
      ),
    );
    r.oursFolder.push(...(await measureCli(PDF_DIR, 1, ['--format', 'ndjson'])));
    r.oursFolderOneJob.push(...(await measureCli(PDF_DIR, 1, ['--jobs', '1', '--format', 'ndjson'])));
    // One letter, start to exit, as a pre-commit hook or a task runs it: the PDF, then its text.
    for (let k = 0; k < 3; k++) {
      r.onePdf.push(...(await measureCli(pdfs[0], 1, ['--jobs', '1'])));
      r.oneText.push(...(await measureCli(path.join(CORPUS_DIR, '2016-2017', 'text', `${path.basename(pdfs[0], '.pdf')}.txt`), 1, ['--jobs', '1'])));
    }
  }
  for (const f of pdfs) {
    const t0 = performance.now();
    const read = await readPdfText(f);
    if (read.ok) parseDetermination(read.text);
    r.oursPerLetter.push(performance.now() - t0);
    r.pdftotextPerLetter.push(timeMs(() => spawnSync('pdftotext', ['-enc', 'UTF-8', f, path.join(out, 'one.txt')])));
  }
  rmSync(out, { recursive: true, force: true });
  if (opts.thousand > 0) r.thousand = await measureCli(thousandPdfs(pdfs, opts.thousand), 1, ['--format', 'ndjson']);
  r.vsixBytes = vsixSize();
  return r;
}
