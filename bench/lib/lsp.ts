// Through the protocol, against the bundled server (node dist/server.js): start-up next to a
// bare `node -e 0`, and didChange -> publishDiagnostics / documentSymbol round trips over the
// node IPC channel (what the extension's client uses) or stdio (what other editors use).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIAGNOSTICS_DELAY_MS } from '../../server/src/lsp/timing';
import { SERVER_PATH, startServer as startTestServer, type TestServer } from '../../test/helpers/lspClient';
import { REPO_ROOT } from './corpus';
import { gc } from './stats';

export { SERVER_PATH };
/** The server's diagnostics debounce: the server's own constant, so the two cannot drift apart. */
export const DEBOUNCE_MS = DIAGNOSTICS_DELAY_MS;
/** Extra node flags for the server, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/.generated/prof". */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface Server extends Omit<TestServer, 'diagnostics'> {
  /** Resolves with the publishDiagnostics for `uri` at `version`, and the time it arrived. */
  diagnostics(uri: string, version: number): Promise<{ params: Awaited<ReturnType<TestServer['diagnostics']>>; at: number }>;
}

export type Transport = 'ipc' | 'stdio';

/** The tests' client (no configuration pull, as a minimal editor), timing what the benchmark needs. */
async function startServer(serverPath = SERVER_PATH, transport: Transport = 'stdio'): Promise<{ server: Server; startMs: number }> {
  const s = await startTestServer({ serverPath, nodeArgs: SERVER_NODE_ARGS, pullConfiguration: false, transport });
  const server: Server = { ...s, diagnostics: (uri, version) => s.diagnostics(uri, version).then((params) => ({ params, at: performance.now() })) };
  return { server, startMs: s.initializeMs };
}

function bareNode(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - t0));
  });
}

export interface StartTimes {
  /** spawn -> exit of `node -e 0`. */
  bare: number[];
  /** spawn -> initialize result with a code cache in place (IMR_CODE_CACHE_DIR), as the extension starts the server. */
  cached: number[];
  /** The same without a code cache (the first start after an install or update; other editors). */
  uncached: number[];
}

/** Server starts with and without the code cache, alternated with a bare `node -e 0`; the first round (which writes the cache) is not counted. */
export async function measureStart(runs: number, serverPath = SERVER_PATH): Promise<StartTimes> {
  const out: StartTimes = { bare: [], cached: [], uncached: [] };
  const cacheDir = path.join(REPO_ROOT, 'bench', '.generated', 'code-cache');
  rmSync(cacheDir, { recursive: true, force: true });
  const start = async (env?: Record<string, string>) => {
    const s = await startTestServer({ serverPath, nodeArgs: SERVER_NODE_ARGS, pullConfiguration: false, transport: 'ipc', env });
    await s.stop();
    return s.initializeMs;
  };
  for (let i = 0; i < runs + 1; i++) {
    gc();
    const b = await bareNode();
    const cached = await start({ IMR_CODE_CACHE_DIR: cacheDir });
    const uncached = await start();
    if (i > 0) {
      out.bare.push(b);
      out.cached.push(cached);
      out.uncached.push(uncached);
    }
  }
  return out;
}

function countSymbols(symbols: unknown[]): number {
  let n = 0;
  for (const s of symbols as { children?: unknown[] }[]) n += 1 + countSymbols(s.children ?? []);
  return n;
}

/**
 * CPU time the server process has used so far, in ms, summed over its threads (Linux
 * /proc/<pid>/task/<tid>/schedstat, nanoseconds); null where that is not available.
 */
function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return null;
  }
}

export interface RoundTrips {
  transport: Transport;
  /** didOpen -> publishDiagnostics (no debounce on open). */
  open: number[];
  /** didChange -> publishDiagnostics with the new version, minus the debounce (DEBOUNCE_MS). */
  diagnostics: number[];
  /** didChange, then documentSymbol at once: the answer includes re-analysing the new version. */
  symbolsAfterChange: number[];
  /** Server CPU time (all threads) spent between sending that change and receiving the symbols; empty off Linux. */
  symbolsAfterChangeCpu: number[];
  /** documentSymbol on an unchanged version (served from the per-version analysis). */
  symbolsCached: number[];
  /** documentSymbol for a document that is not open (answered with []), after the same pause as the change: transport and dispatch only. */
  noop: number[];
  symbolCount: number;
  diagnosticCount: number;
}

/**
 * Edits a document the way typing does: an incremental change that appends ` x` to a prose
 * line in the middle of the text, then one that removes it, alternately. `warmup` edits go
 * first, back to back and unmeasured (a server in use has seen many edits: its code is
 * compiled by then, as the in-process runs are after their warm-up). Each measured edit and
 * each floor request comes after the same pause (the debounced diagnostics, a young-generation GC in
 * this process), so the floor pays the same wake-up as the edit.
 */
export async function measureRoundTrips(
  name: string,
  text: string,
  opts: { runs: number; opens: number; warmup: number; transport: Transport },
): Promise<RoundTrips> {
  const { server } = await startServer(SERVER_PATH, opts.transport);
  const { connection } = server;
  const pid = server.child.pid;
  const base = pathToFileURL(path.join(REPO_ROOT, 'bench', '.generated', 'virtual')).toString();
  const out: RoundTrips = {
    transport: opts.transport,
    open: [],
    diagnostics: [],
    symbolsAfterChange: [],
    symbolsAfterChangeCpu: [],
    symbolsCached: [],
    noop: [],
    symbolCount: 0,
    diagnosticCount: 0,
  };
  try {
    for (let i = 0; i < opts.opens; i++) {
      const uri = `${base}/${name}-open-${i}.imr`;
      gc();
      const t0 = performance.now();
      const d = server.diagnostics(uri, 1);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr-determination', version: 1, text } });
      const { at } = await d;
      out.open.push(at - t0);
      await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }

    const uri = `${base}/${name}.imr`;
    let version = 1;
    const opened = server.diagnostics(uri, version);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr-determination', version, text } });
    out.diagnosticCount = (await opened).params.diagnostics.length;

    const lines = text.split(/\r\n|\r|\n/);
    let line = Math.floor(lines.length / 2);
    while (line < lines.length - 1 && lines[line].trim().length < 40) line++;
    const end = lines[line].length;
    let appended = false;
    const change = () => {
      version++;
      const edit = appended
        ? { range: { start: { line, character: end }, end: { line, character: end + 2 } }, text: '' }
        : { range: { start: { line, character: end }, end: { line, character: end } }, text: ' x' };
      appended = !appended;
      return connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit] });
    };
    const symbols = () => connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as Promise<unknown[]>;

    for (let i = 0; i < opts.warmup; i++) {
      await change();
      await symbols();
    }
    await server.diagnostics(uri, version).catch(() => undefined);

    for (let i = 0; i < opts.runs; i++) {
      gc();
      const d = server.diagnostics(uri, version + 1);
      const c0 = cpuMs(pid);
      const t0 = performance.now();
      await change();
      const result = await symbols();
      const t1 = performance.now();
      const c1 = cpuMs(pid);
      const { at } = await d;
      out.symbolsAfterChange.push(t1 - t0);
      if (c0 !== null && c1 !== null) out.symbolsAfterChangeCpu.push(c1 - c0);
      out.diagnostics.push(at - t0 - DEBOUNCE_MS);
      out.symbolCount = countSymbols(result);

      gc();
      const t2 = performance.now();
      await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: `${base}/not-open.imr` } });
      const t3 = performance.now();
      await symbols();
      out.noop.push(t3 - t2);
      out.symbolsCached.push(performance.now() - t3);
    }
  } finally {
    await server.stop();
  }
  return out;
}
