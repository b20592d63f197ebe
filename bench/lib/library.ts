// The letter library at scale (issue 15 §5): a folder of letters indexed by the server next to
// imr-check on the same folder, the server's memory, a restart from the stored index, and the
// imr/letters answer time (every letter as `{}`, as the view asks, one page, filtered).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LETTERS_CHANGED_NOTIFICATION, LETTERS_REQUEST, LETTERS_SUMMARY_REQUEST, type LettersChangedParams, type LettersParams, type LetterSummary, VIEW_ITEM_FIELDS } from '../../server/src/protocol';
import { STORE_FILE } from '../../server/src/workspace/indexStore';
import { startServer } from '../../test/helpers/lspClient';
import { REPO_ROOT } from './corpus';
import { type Summary, summarize } from './stats';

export interface IndexRun {
  ms: number;
  peakMB: number;
  /** RSS once indexing is over and the server has been idle for 3 s. */
  settledMB: number;
  letters: number;
  answers: Record<'all' | 'view' | 'page' | 'filtered', Summary>;
  /** imr/lettersSummary over every letter (the summary webview's figures). */
  summary: Summary;
  /** Bytes of the JSON answer (as JSON.stringify writes it). */
  bytes: Record<'all' | 'view', number>;
}

export interface LibraryScale {
  cliMs: number;
  first: IndexRun;
  again: IndexRun;
  storeBytes: number;
}

const rssMB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const QUERIES: Record<keyof IndexRun['answers'], LettersParams> = {
  all: {},
  view: { itemFields: VIEW_ITEM_FIELDS },
  page: { offset: 200, limit: 200 },
  filtered: { filter: { text: 'physical therapy', outcome: 'upheld' }, itemFields: VIEW_ITEM_FIELDS },
};

async function indexOnce(dir: string, storage: string, answerRuns: number): Promise<IndexRun> {
  const started = performance.now();
  const s = await startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'bench' }], initializationOptions: { storagePath: storage } });
  let peakMB = 0;
  const sampler = setInterval(() => (peakMB = Math.max(peakMB, rssMB(s.child.pid!))), 100);
  await new Promise<void>((resolve) => {
    // Done: the first "not indexing" after indexing began (a file may hold no letter, or two).
    let began = false;
    s.connection.onNotification(LETTERS_CHANGED_NOTIFICATION, (p: LettersChangedParams) => {
      began ||= p.indexing;
      if (began && !p.indexing) resolve();
    });
  });
  const ms = performance.now() - started;
  await sleep(3000);
  const settledMB = rssMB(s.child.pid!);
  const times: Record<string, number[]> = { all: [], view: [], page: [], filtered: [] };
  const bytes = { all: 0, view: 0 };
  let letters = 0;
  for (let i = 0; i < answerRuns; i++) {
    for (const [k, q] of Object.entries(QUERIES)) {
      const t = performance.now();
      const r = (await s.connection.sendRequest(LETTERS_REQUEST, q)) as LetterSummary[];
      times[k].push(performance.now() - t);
      if (k === 'all') {
        letters = r.length;
        bytes.all = JSON.stringify(r).length;
      }
      if (k === 'view') bytes.view = JSON.stringify(r).length;
    }
  }
  const summaryMs: number[] = [];
  for (let i = 0; i < answerRuns; i++) {
    const t = performance.now();
    await s.connection.sendRequest(LETTERS_SUMMARY_REQUEST, {});
    summaryMs.push(performance.now() - t);
  }
  peakMB = Math.max(peakMB, rssMB(s.child.pid!));
  clearInterval(sampler);
  await s.stop();
  const answers = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summarize(v)])) as IndexRun['answers'];
  return { ms, peakMB, settledMB, letters, answers, bytes, summary: summarize(summaryMs) };
}

/** `dir`: a generated folder of letters (bench/lib/corpus.ts). Needs the built dist/. */
export async function measureLibrary(dir: string, answerRuns = 7): Promise<LibraryScale> {
  const storage = mkdtempSync(path.join(tmpdir(), 'imr-bench-store-'));
  try {
    const t = performance.now();
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), dir], { stdio: 'ignore', maxBuffer: 1 << 30 });
    const cliMs = performance.now() - t;
    const first = await indexOnce(dir, storage, answerRuns);
    const again = await indexOnce(dir, storage, answerRuns);
    return { cliMs, first, again, storeBytes: statSync(path.join(storage, STORE_FILE)).size };
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
}
