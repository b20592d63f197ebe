// The one LSP client of the tests and the benchmark: it talks to the bundled server
// (dist/server.js) over stdio or the node IPC channel, as an editor does, and records every
// message the server sends (notifications and requests), so a test can wait for one that has
// already arrived without a race. Used by the protocol, fault, privacy and incremental-sync
// suites and by bench/lib/lsp.ts. It can also start the server with extra node options
// (a preload, --cpu-prof), answer workspace/configuration, and write raw bytes to stdin.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  createProtocolConnection,
  type InitializeResult,
  IPCMessageReader,
  IPCMessageWriter,
  type MessageConnection,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type RequestType,
  ResponseError,
  type StarNotificationHandler,
  type StarRequestHandler,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { type InitializationOptions, SERVER_NODE_FLAGS } from '../../server/src/protocol';
import { REPO_ROOT } from './corpus';

export const SERVER_PATH = path.join(REPO_ROOT, 'dist', 'server.js');
export const EXTENSION_JS = path.join(REPO_ROOT, 'dist', 'extension.js');
/** A `skip` reason for suites that need the bundle, or false when it is built. */
export const BUNDLE_MISSING = existsSync(SERVER_PATH) ? false : `dist/server.js is missing: run \`npm run build\` first`;

export interface Recorded {
  kind: 'notification' | 'request';
  method: string;
  params: unknown;
  at: number;
}

/** A message to the user: window/showMessage, or window/showMessageRequest (what showWarningMessage sends). */
export const isUserMessage = (r: Recorded) => r.method === 'window/showMessage' || r.method === 'window/showMessageRequest';

type ContentChange = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | { text: string };

export interface TestServer {
  connection: ProtocolConnection;
  child: ChildProcess;
  initializeResult: InitializeResult;
  /** Milliseconds from spawning the process to the initialize result (the benchmark's start time). */
  initializeMs: number;
  /** Every notification and request the server sent, in order. */
  incoming: Recorded[];
  /** Every notification the server sent, in order. */
  readonly notifications: Recorded[];
  /** Every request the server sent to the client, in order. */
  readonly requests: Recorded[];
  stderr(): string;
  /** Resolves with the first publishDiagnostics for `uri` (at `version` when given) not yet returned, or rejects after `timeoutMs`. */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the first message from the server (notification or request; already received or coming) that matches and was not returned before, or rejects after `timeoutMs`. */
  notification(match: (r: Recorded) => boolean, timeoutMs?: number, since?: number): Promise<Recorded>;
  /** Answers later workspace/configuration requests with this `imr` section. */
  setSettings(settings: unknown): void;
  open(uri: string, text: string, version?: number, languageId?: string): void;
  change(uri: string, version: number, changes: ContentChange[]): void;
  close(uri: string): void;
  /** One of protocol.ts's requests, typed by it; or any method by name (a malformed or unknown request), its answer unchecked. */
  request<P, R>(type: RequestType<P, R, void>, params: P, token?: CancellationTokenSource): Promise<R>;
  request<R = unknown>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R>;
  /** True when the server answers a request in time (documentSymbol of a document it never saw). */
  alive(timeoutMs?: number): Promise<boolean>;
  /** Writes raw bytes to the server's stdin (for malformed messages; stdio only). */
  writeRaw(data: string | Buffer): void;
  exitCode(): number | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** `imr` settings: sent as initializationOptions, and the answer to workspace/configuration. */
  settings?: unknown;
  /** Advertise workspace/configuration (the server then pulls `imr` settings). Default false, as a minimal editor. */
  pullConfiguration?: boolean;
  workspaceFolders?: { uri: string; name: string }[];
  serverPath?: string;
  /** Node options before the script (e.g. ['--require', preload], --cpu-prof). */
  nodeArgs?: string[];
  /** The Node flags the extension starts the server with (protocol.ts SERVER_NODE_FLAGS), unless given: [] as another editor may start it. */
  nodeFlags?: string[];
  /** Extra environment for the server process (e.g. IMR_CODE_CACHE_DIR). */
  env?: NodeJS.ProcessEnv;
  /** `ipc` is what the extension's client uses (node IPC channel); `stdio` what other editors use. Default stdio. */
  transport?: 'stdio' | 'ipc';
  /** Advertise `workspace/codeLens/refresh` (the server then asks for the lenses again when the library changes). */
  codeLensRefresh?: boolean;
  /**
   * A client that can register nothing after initialize (as some editors): no dynamic
   * registration offered, and client/registerCapability answered with an error.
   */
  noDynamicRegistration?: boolean;
  /** A client that takes the outline as a flat list (no hierarchicalDocumentSymbolSupport). */
  flatOutline?: boolean;
  /** Extra initialization options (e.g. storagePath for the stored letter library). */
  initializationOptions?: InitializationOptions;
}

/** A file: URI under test/virtual (never written; the server only needs a stable URI). */
export function fileUri(name: string): string {
  return pathToFileURL(path.join(REPO_ROOT, 'test', 'virtual', name)).toString();
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e as Error);
      },
    );
  });
}

function spawnServer(options: StartOptions): { child: ChildProcess; connection: ProtocolConnection } {
  const ipc = options.transport === 'ipc';
  // Started as the extension starts it (its Node flags), unless a test says otherwise.
  const flags = options.nodeFlags ?? SERVER_NODE_FLAGS;
  const child = spawn(process.execPath, [...flags, ...(options.nodeArgs ?? []), options.serverPath ?? SERVER_PATH, ipc ? '--node-ipc' : '--stdio'], {
    stdio: ipc ? ['ignore', 'ignore', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  // The server going away must not crash the test process with EPIPE.
  child.stdin?.on('error', () => undefined);
  const connection = ipc
    ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
    : createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  return { child, connection };
}

async function initialize(connection: ProtocolConnection, options: StartOptions, settings: unknown): Promise<InitializeResult> {
  return withTimeout(
    connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.workspaceFolders ?? null,
      capabilities: {
        workspace: {
          configuration: options.pullConfiguration ?? false,
          didChangeConfiguration: { dynamicRegistration: !options.noDynamicRegistration },
          didChangeWatchedFiles: { dynamicRegistration: !options.noDynamicRegistration },
          workspaceFolders: true,
          ...(options.codeLensRefresh ? { codeLens: { refreshSupport: true } } : {}),
        },
        textDocument: {
          documentSymbol: { hierarchicalDocumentSymbolSupport: !options.flatOutline },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
        },
        window: { showMessage: {} },
      },
      initializationOptions: { ...options.initializationOptions, settings },
    }) as Promise<InitializeResult>,
    20_000,
    'initialize',
  );
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 3_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const started = performance.now();
  const { child, connection } = spawnServer(options);
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (err += d));
  let settings: unknown = options.settings ?? {};
  const incoming: Recorded[] = [];
  const waiters: { match: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];
  const consumed = new Set<Recorded>();
  const record = (r: Recorded) => {
    incoming.push(r);
    const i = waiters.findIndex((w) => w.match(r));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(r);
  };
  // Star handlers: the runtime connection is vscode-jsonrpc's, whose types have them.
  const raw = connection as unknown as MessageConnection;
  const onAnyNotification: StarNotificationHandler = (method, params) => record({ kind: 'notification', method, params, at: Date.now() });
  raw.onNotification(onAnyNotification);
  const onAnyRequest: StarRequestHandler = (method, params) => {
    record({ kind: 'request', method, params, at: Date.now() });
    if (method === 'workspace/configuration') return ((params as { items?: unknown[] }).items ?? []).map(() => settings);
    if (method === 'workspace/applyEdit') return { applied: false };
    if (method === 'client/registerCapability' && options.noDynamicRegistration) return new ResponseError(-32601, 'not supported');
    return null; // showMessageRequest, registerCapability, workDoneProgress/create
  };
  raw.onRequest(onAnyRequest);
  connection.onError(() => undefined);
  connection.listen();

  const initializeResult = await initialize(connection, options, settings);
  const initializeMs = performance.now() - started;
  void connection.sendNotification('initialized', {});

  const notification = (match: (r: Recorded) => boolean, timeoutMs = 10_000, since = 0): Promise<Recorded> => {
    const seen = incoming.find((r) => r.at >= since && !consumed.has(r) && match(r));
    if (seen) {
      consumed.add(seen);
      return Promise.resolve(seen);
    }
    return withTimeout(
      new Promise<Recorded>((resolve) =>
        waiters.push({
          match: (r) => r.at >= since && match(r),
          resolve: (r) => {
            consumed.add(r);
            resolve(r);
          },
        }),
      ),
      timeoutMs,
      'a notification from the server',
    );
  };
  const isDiagnostics = (uri: string, version: number | undefined) => (n: Recorded) => {
    const p = n.params as PublishDiagnosticsParams;
    return n.method === 'textDocument/publishDiagnostics' && p.uri === uri && (version === undefined || p.version === version);
  };

  return {
    connection,
    child,
    initializeResult,
    initializeMs,
    incoming,
    get notifications() {
      return incoming.filter((r) => r.kind === 'notification');
    },
    get requests() {
      return incoming.filter((r) => r.kind === 'request');
    },
    stderr: () => err,
    async diagnostics(uri, version, timeoutMs = 10_000) {
      const r = await notification(isDiagnostics(uri, version), timeoutMs).catch((e: Error) => {
        throw new Error(`${e.message} (publishDiagnostics for ${uri}${version === undefined ? '' : ` version ${version}`})`);
      });
      return r.params as PublishDiagnosticsParams;
    },
    notification,
    setSettings(s) {
      settings = s;
    },
    open(uri, text, version = 1, languageId = 'imr-determination') {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, contentChanges) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    },
    close(uri) {
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    // The one cast of the answer: what the server sends is what the request type says (or, by name, unchecked).
    request: ((type: string | { method: string }, params: unknown, token?: CancellationTokenSource) => {
      const method = typeof type === 'string' ? type : type.method;
      return token ? connection.sendRequest(method, params, token.token) : connection.sendRequest(method, params);
    }) as TestServer['request'],
    async alive(timeoutMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      try {
        const r = await withTimeout(
          connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///never/opened.imr' } }),
          timeoutMs,
          'alive',
        );
        return Array.isArray(r);
      } catch {
        return false;
      }
    },
    writeRaw(data) {
      child.stdin!.write(data);
    },
    exitCode: () => child.exitCode,
    async stop() {
      try {
        await withTimeout(connection.sendRequest('shutdown'), 3_000, 'shutdown');
        void connection.sendNotification('exit');
      } catch {
        // already gone
      }
      await waitForExit(child);
      connection.dispose();
    },
  };
}

export { CancellationTokenSource };
