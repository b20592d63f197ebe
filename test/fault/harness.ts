// A recording LSP client for the bundled server (dist/server.js --stdio), used by the fault,
// privacy and incremental-sync tests. Unlike test/helpers/lspClient.ts it records every
// message the server sends (notifications and requests), captures stderr, can start the
// server with extra node options (a preload) and can write raw bytes to the server's stdin.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  createProtocolConnection,
  type InitializeResult,
  type MessageConnection,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type StarNotificationHandler,
  type StarRequestHandler,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../helpers/corpus';

export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');
export const EXTENSION_JS = path.join(REPO_ROOT, 'dist', 'extension.js');
export const BUNDLE_MISSING = existsSync(SERVER_JS) ? false : `dist/server.js is missing: run \`npm run build\` first`;

export interface Recorded {
  kind: 'notification' | 'request';
  method: string;
  params: unknown;
  at: number;
}

/** A message to the user: window/showMessage, or window/showMessageRequest (what showWarningMessage sends). */
export const isUserMessage = (r: Recorded) => r.method === 'window/showMessage' || r.method === 'window/showMessageRequest';

export interface Server {
  connection: ProtocolConnection;
  child: ChildProcess;
  initializeResult: InitializeResult;
  /** Every notification and request the server sent, in order. */
  incoming: Recorded[];
  /** Every notification the server sent, in order. */
  readonly notifications: Recorded[];
  /** Every request the server sent to the client, in order. */
  readonly requests: Recorded[];
  stderr(): string;
  /** Resolves with the first publishDiagnostics for `uri` (at `version` when given) not yet consumed, or rejects after `timeoutMs`. */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the first message from the server (notification or request; already received or coming) that matches and was not returned before, or rejects after `timeoutMs`. */
  notification(match: (r: Recorded) => boolean, timeoutMs?: number, since?: number): Promise<Recorded>;
  open(uri: string, text: string, version?: number): void;
  change(uri: string, version: number, changes: ({ range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | { text: string })[]): void;
  close(uri: string): void;
  request<R>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R>;
  /** True when the server answers a request in time (documentSymbol of a document it never saw). */
  alive(timeoutMs?: number): Promise<boolean>;
  /** Writes raw bytes to the server's stdin (for malformed messages). */
  writeRaw(data: string | Buffer): void;
  exitCode(): number | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Node options before the script (e.g. ['--require', preload]). */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** `imr` settings sent as initializationOptions (the client pulls none: no workspace.configuration capability). */
  settings?: unknown;
  /** Whether the client offers workspace/configuration (then it answers with `settings`). */
  pullConfiguration?: boolean;
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export async function startServer(options: StartOptions = {}): Promise<Server> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_JS, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => (err += d));
  // The server going away must not crash the test process with EPIPE.
  child.stdin!.on('error', () => undefined);
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const incoming: Recorded[] = [];
  const waiters: { match: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];
  const consumed = new Set<Recorded>();
  const record = (r: Recorded) => {
    incoming.push(r);
    for (let i = 0; i < waiters.length; i++) {
      if (waiters[i].match(r)) {
        const [w] = waiters.splice(i, 1);
        w.resolve(r);
        break;
      }
    }
  };
  const onAnyNotification: StarNotificationHandler = (method, params) => record({ kind: 'notification', method, params, at: Date.now() });
  // Star handlers: the runtime connection is vscode-jsonrpc's, whose types have them.
  const raw = connection as unknown as MessageConnection;
  raw.onNotification(onAnyNotification);
  const onAnyRequest: StarRequestHandler = (method, params) => {
    record({ kind: 'request', method, params, at: Date.now() });
    if (method === 'window/showMessageRequest') return null;
    if (method === 'workspace/configuration') return ((params as { items: unknown[] }).items ?? []).map(() => options.settings ?? {});
    if (method === 'workspace/applyEdit') return { applied: false };
    return null;
  };
  raw.onRequest(onAnyRequest);
  connection.onError(() => undefined);
  connection.listen();

  const initializeResult = await withTimeout(
    connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        workspace: { configuration: options.pullConfiguration ?? false },
        textDocument: {
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
        },
        window: { showMessage: {} },
      },
      initializationOptions: { settings: options.settings ?? {} },
    }) as Promise<InitializeResult>,
    20_000,
    'initialize',
  );
  connection.sendNotification('initialized', {});

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

  const server: Server = {
    connection,
    child,
    initializeResult,
    incoming,
    get notifications() {
      return incoming.filter((r) => r.kind === 'notification');
    },
    get requests() {
      return incoming.filter((r) => r.kind === 'request');
    },
    stderr: () => err,
    async diagnostics(uri, version, timeoutMs = 10_000) {
      const r = await notification(
        (n) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishDiagnosticsParams).uri === uri && (version === undefined || (n.params as PublishDiagnosticsParams).version === version),
        timeoutMs,
      ).catch((e: Error) => {
        throw new Error(`${e.message} (publishDiagnostics for ${uri}${version === undefined ? '' : ` version ${version}`})`);
      });
      return r.params as PublishDiagnosticsParams;
    },
    notification,
    open(uri, text, version = 1) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr-determination', version, text } });
    },
    change(uri, version, contentChanges) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    },
    close(uri) {
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    request<R>(method: string, params: unknown, token?: CancellationTokenSource) {
      return (token ? connection.sendRequest(method, params, token.token) : connection.sendRequest(method, params)) as Promise<R>;
    },
    async alive(timeoutMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return false;
      try {
        const r = await withTimeout(connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///never/opened.imr' } }), timeoutMs, 'alive');
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
      await new Promise<void>((resolve) => {
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
      connection.dispose();
    },
  };
  return server;
}

export { CancellationTokenSource };
