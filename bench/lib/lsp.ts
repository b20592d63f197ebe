// Through the protocol, against the bundled server (node dist/server.js --stdio): start-up
// next to a bare `node -e 0`, and didChange -> publishDiagnostics / documentSymbol round trips.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_PATH, startServer as startTestServer, type TestServer } from '../../test/helpers/lspClient';
import { REPO_ROOT } from './corpus';
import { gc } from './stats';

export { SERVER_PATH };
/** The server's diagnostics debounce (DIAGNOSTICS_DELAY_MS in server/src/server.ts). */
export const DEBOUNCE_MS = 150;
/** Extra node flags for the server, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/.generated/prof". */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface Server extends Omit<TestServer, 'diagnostics'> {
  /** Resolves with the publishDiagnostics for `uri` at `version`, and the time it arrived. */
  diagnostics(uri: string, version: number): Promise<{ params: Awaited<ReturnType<TestServer['diagnostics']>>; at: number }>;
}

/** The protocol tests' client (no configuration pull, as a minimal editor), timing what the benchmark needs. */
async function startServer(serverPath = SERVER_PATH): Promise<{ server: Server; startMs: number }> {
  const s = await startTestServer({ serverPath, nodeArgs: SERVER_NODE_ARGS, pullConfiguration: false });
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

/** Spawn -> initialize result of the server, alternated with spawn -> exit of `node -e 0`. */
export async function measureStart(runs: number, serverPath = SERVER_PATH): Promise<{ server: number[]; bare: number[] }> {
  const server: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    gc();
    const b = await bareNode();
    const { server: s, startMs } = await startServer(serverPath);
    await s.stop();
    if (i > 0) {
      bare.push(b);
      server.push(startMs);
    }
  }
  return { server, bare };
}

function countSymbols(symbols: unknown[]): number {
  let n = 0;
  for (const s of symbols as { children?: unknown[] }[]) n += 1 + countSymbols(s.children ?? []);
  return n;
}

export interface RoundTrips {
  /** didOpen -> publishDiagnostics (no debounce on open). */
  open: number[];
  /** didChange -> publishDiagnostics with the new version, minus the 150 ms debounce. */
  diagnostics: number[];
  /** didChange, then documentSymbol at once: the answer includes re-analysing the new version. */
  symbolsAfterChange: number[];
  /** documentSymbol on an unchanged version (served from the per-version analysis). */
  symbolsCached: number[];
  /** documentSymbol for a document that is not open (answered with []): transport and dispatch only. */
  noop: number[];
  symbolCount: number;
  diagnosticCount: number;
}

/**
 * Edits a document the way typing does: an incremental change that appends ` x` to a prose
 * line in the middle of the text, then one that removes it, alternately.
 */
export async function measureRoundTrips(name: string, text: string, runs: number, opens: number): Promise<RoundTrips> {
  const { server } = await startServer();
  const { connection } = server;
  const base = pathToFileURL(path.join(REPO_ROOT, 'bench', '.generated', 'virtual')).toString();
  const out: RoundTrips = { open: [], diagnostics: [], symbolsAfterChange: [], symbolsCached: [], noop: [], symbolCount: 0, diagnosticCount: 0 };
  try {
    for (let i = 0; i < opens; i++) {
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

    for (let i = 0; i < runs + 1; i++) {
      gc();
      const d = server.diagnostics(uri, version + 1);
      const t0 = performance.now();
      await change();
      const { at } = await d;
      if (i > 0) out.diagnostics.push(at - t0 - DEBOUNCE_MS);
    }

    for (let i = 0; i < runs + 1; i++) {
      gc();
      const d = server.diagnostics(uri, version + 1);
      const t0 = performance.now();
      await change();
      const symbols = (await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as unknown[];
      const t1 = performance.now();
      // Let the debounced diagnostics of this version finish before the next edit.
      await d;
      const t2 = performance.now();
      await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      const t3 = performance.now();
      await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: `${base}/not-open.imr` } });
      const t4 = performance.now();
      if (i > 0) {
        out.symbolsAfterChange.push(t1 - t0);
        out.symbolsCached.push(t3 - t2);
        out.noop.push(t4 - t3);
      }
      out.symbolCount = countSymbols(symbols);
    }
  } finally {
    await server.stop();
  }
  return out;
}
