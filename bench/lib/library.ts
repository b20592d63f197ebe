// The letter library at scale (issue 15 §5): a folder of letters indexed by the server next to
// imr-check on the same folder, the server's memory, a restart from the stored index, typing in
// an open letter while the index builds (and once it is idle), and the answer times: the view's
// groups, a group opened, a filtered view, the summary, and every letter at once (the export).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  EXPORT_PAGE_SIZE,
  LETTER_GROUPS_REQUEST,
  type LetterGroupsResult,
  LETTERS_CHANGED_NOTIFICATION,
  LETTERS_REQUEST,
  LETTERS_SUMMARY_REQUEST,
  type LettersParams,
  type LetterSummary,
  VIEW_ITEM_FIELDS,
} from '../../server/src/protocol';
import { CodeLensRequest, CodeLensResolveRequest, WorkspaceSymbolRequest } from 'vscode-languageserver-protocol';
import { DIAGNOSTICS_DELAY_MS } from '../../server/src/lsp/timing';
import { LIBRARY_DB_FILE } from '../../server/src/library/libraryDb';
import { startServer, type TestServer } from '../../test/helpers/lspClient';
import { REPO_ROOT } from './corpus';
import { type Summary, summarize } from './stats';

export interface IndexRun {
  ms: number;
  peakMB: number;
  /** RSS once indexing is over and the server has been idle for 3 s. */
  settledMB: number;
  letters: number;
  /** The view's requests: its groups (`imr/letterGroups`), the largest group opened (its first page), both filtered, and the groups by guideline. */
  view: Record<'groups' | 'group' | 'filteredGroups' | 'filteredGroup' | 'guidelineGroups', Summary>;
  /**
   * imr/letters: every letter, every key, as the CSV export asks (pages of 1,000), and one page of 200;
   * workspace/symbol as Go to Symbol in Workspace asks while a name is typed: `p`, then `physical therapy`.
   */
  answers: Record<'export' | 'page' | 'symbolsFirstKey' | 'symbols', Summary>;
  /** RSS peak while the answers below are asked (after the index settled). */
  answersPeakMB: number;
  /** imr/lettersSummary over every letter (the summary webview's figures). */
  summary: Summary;
  /** Bytes of the JSON answers (as JSON.stringify writes them; export: all its pages). */
  bytes: Record<'export' | 'groups' | 'group', number>;
  /**
   * Similar requests (issue 26): letters of the folder opened one at a time, each one's code lenses
   * listed (`textDocument/codeLens`, which waits on nothing) and then all resolved at once
   * (`codeLens/resolve`: one query on the library's thread for the letter's items).
   */
  similar: { list: Summary; resolve: Summary; lenses: number; letters: number };
  /** didChange -> diagnostics of a typical open letter, minus the debounce: while the index builds (first run only), and idle after. */
  typing?: { indexing: number[]; idle: number[] };
}

export interface LibraryScale {
  /** imr-check on the same folder: the mean of `cliRuns`, a run just before the first index and one just after. */
  cliMs: number;
  cliRuns: number[];
  first: IndexRun;
  again: IndexRun;
  storeBytes: number;
}

const rssMB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FILTER = { text: 'physical therapy', outcome: 'upheld' as const };

/** One edit of an open letter (append ` x` to a line in the middle, then remove it): didChange -> its diagnostics, minus the debounce. */
async function typingEdits(s: TestServer, text: string, keepGoing: () => boolean, max: number): Promise<number[]> {
  const uri = pathToFileURL(path.join(REPO_ROOT, 'bench', '.generated', 'virtual', 'typing.imr')).toString();
  let version = 1;
  const opened = s.diagnostics(uri, version);
  await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr-determination', version, text } });
  await opened;
  const lines = text.split(/\r\n|\r|\n/);
  let line = Math.floor(lines.length / 2);
  while (line < lines.length - 1 && lines[line].trim().length < 40) line++;
  const end = lines[line].length;
  const out: number[] = [];
  for (let i = 0; i < max && keepGoing(); i++) {
    version++;
    const edit =
      i % 2 === 1
        ? { range: { start: { line, character: end }, end: { line, character: end + 2 } }, text: '' }
        : { range: { start: { line, character: end }, end: { line, character: end } }, text: ' x' };
    const d = s.diagnostics(uri, version, 30_000);
    const t0 = performance.now();
    await s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit] });
    await d;
    out.push(performance.now() - t0 - DIAGNOSTICS_DELAY_MS);
    // A pause as between words, so the edits sample the whole index rather than one moment.
    await sleep(50);
  }
  await s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return out;
}

/** The first `count` letter files of `dir` opened in turn: their lenses listed, then resolved together, as an editor shows them. */
async function similarLenses(s: TestServer, dir: string, count: number): Promise<IndexRun['similar']> {
  const list: number[] = [];
  const resolve: number[] = [];
  let lenses = 0;
  let letters = 0;
  for (const name of readdirSync(dir).sort().slice(0, count)) {
    const uri = pathToFileURL(path.join(dir, name)).toString();
    const text = readFileSync(path.join(dir, name), 'utf8');
    await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr-determination', version: 1, text } });
    const listed = await timed(list, () => s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }));
    if (listed && listed.length > 0) {
      letters++;
      lenses += listed.length;
      await timed(resolve, () => Promise.all(listed.map((l) => s.connection.sendRequest(CodeLensResolveRequest.type, l))));
    }
    await s.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  return { list: summarize(list), resolve: summarize(resolve), lenses, letters };
}

async function timed<T>(times: number[], run: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const r = await run();
  times.push(performance.now() - t);
  return r;
}

async function indexOnce(dir: string, storage: string, answerRuns: number, typingText?: string): Promise<IndexRun> {
  const started = performance.now();
  const s = await startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'bench' }], initializationOptions: { storagePath: storage } });
  let peakMB = 0;
  const sampler = setInterval(() => (peakMB = Math.max(peakMB, rssMB(s.child.pid!))), 100);
  let indexing = true;
  const indexed = new Promise<void>((resolve) => {
    // Done: the first "not indexing". The server's first report comes after the folders are queued
    // (initialize queues them), so it says "indexing" unless the index is already complete: a
    // small folder restarted from the store can be, before the first report.
    s.connection.onNotification(LETTERS_CHANGED_NOTIFICATION, (p) => {
      if (!p.indexing) resolve();
    });
  }).then(() => {
    indexing = false;
  });
  const typingWhile = typingText ? typingEdits(s, typingText, () => indexing, 400) : undefined;
  await indexed;
  const ms = performance.now() - started;
  const whileIndexing = await typingWhile;
  await sleep(3000);
  const settledMB = rssMB(s.child.pid!);
  const indexPeakMB = Math.max(peakMB, settledMB);
  peakMB = 0;
  const typing =
    typingText && whileIndexing
      ? { indexing: whileIndexing, idle: await typingEdits(s, typingText, () => true, Math.max(40, whileIndexing.length)) }
      : undefined;
  const view = {
    groups: [] as number[],
    group: [] as number[],
    filteredGroups: [] as number[],
    filteredGroup: [] as number[],
    guidelineGroups: [] as number[],
  };
  const times = { export: [] as number[], page: [] as number[], symbolsFirstKey: [] as number[], symbols: [] as number[] };
  const bytes = { export: 0, groups: 0, group: 0 };
  let letters = 0;
  const page = (filter: LettersParams['filter'], r: LetterGroupsResult): LettersParams => ({
    filter,
    group: { by: 'outcome', key: r.groups[0]?.key ?? '' },
    offset: 0,
    limit: 200,
    itemFields: VIEW_ITEM_FIELDS,
  });
  for (let i = 0; i < answerRuns; i++) {
    // As the view asks: the groups, then the first page of the largest group when it is opened.
    const groups = await timed(view.groups, () => s.connection.sendRequest(LETTER_GROUPS_REQUEST, { groupBy: 'outcome' }));
    const first = await timed(view.group, () => s.connection.sendRequest(LETTERS_REQUEST, page(undefined, groups)));
    const fg = await timed(view.filteredGroups, () => s.connection.sendRequest(LETTER_GROUPS_REQUEST, { groupBy: 'outcome', filter: FILTER }));
    await timed(view.filteredGroup, () => s.connection.sendRequest(LETTERS_REQUEST, page(FILTER, fg)));
    await timed(view.guidelineGroups, () => s.connection.sendRequest(LETTER_GROUPS_REQUEST, { groupBy: 'guideline' }));
    // As the export asks (client/src/library/exportCsv.ts): pages of 1,000 until a short one.
    const all = await timed(times.export, async () => {
      const out: LetterSummary[] = [];
      for (let n = EXPORT_PAGE_SIZE; n === EXPORT_PAGE_SIZE;) {
        const page = await s.connection.sendRequest(LETTERS_REQUEST, { offset: out.length, limit: EXPORT_PAGE_SIZE });
        out.push(...page);
        n = page.length;
      }
      return out;
    });
    await timed(times.page, () => s.connection.sendRequest(LETTERS_REQUEST, { offset: 200, limit: 200 }));
    await timed(times.symbolsFirstKey, () => s.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'p' }));
    await timed(times.symbols, () => s.connection.sendRequest(WorkspaceSymbolRequest.type, { query: FILTER.text }));
    letters = all.length;
    bytes.export = JSON.stringify(all).length;
    bytes.groups = JSON.stringify(groups).length;
    bytes.group = JSON.stringify(first).length;
  }
  const similar = await similarLenses(s, dir, 40);
  const summaryMs: number[] = [];
  for (let i = 0; i < answerRuns; i++) await timed(summaryMs, () => s.connection.sendRequest(LETTERS_SUMMARY_REQUEST, {}));
  const answersPeakMB = Math.max(peakMB, rssMB(s.child.pid!));
  clearInterval(sampler);
  await s.stop();
  const sum = <K extends string>(r: Record<K, number[]>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, summarize(v as number[])])) as Record<K, Summary>;
  return {
    ms,
    peakMB: indexPeakMB,
    answersPeakMB,
    settledMB,
    letters,
    view: sum(view),
    answers: sum(times),
    bytes,
    summary: summarize(summaryMs),
    similar,
    typing,
  };
}

/** `dir`: a generated folder of letters (bench/lib/corpus.ts). Needs the built dist/. */
export async function measureLibrary(dir: string, answerRuns = 7, typingText?: string): Promise<LibraryScale> {
  const storage = mkdtempSync(path.join(tmpdir(), 'imr-bench-store-'));
  try {
    const cli = (): number => {
      const t = performance.now();
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), dir], { stdio: 'ignore', maxBuffer: 1 << 30 });
      return performance.now() - t;
    };
    // imr-check just before the first index and just after it, their mean the figure it is held
    // to: one run alone swung from 20 s to 33 s at 100,000 letters on a busy host.
    const before = cli();
    const first = await indexOnce(dir, storage, answerRuns, typingText);
    const cliRuns = [before, cli()];
    const again = await indexOnce(dir, storage, answerRuns);
    return { cliMs: (cliRuns[0] + cliRuns[1]) / 2, cliRuns, first, again, storeBytes: statSync(path.join(storage, LIBRARY_DB_FILE)).size };
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
}
