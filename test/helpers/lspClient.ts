// A real LSP client talking to the bundled server (dist/server.js --stdio) over pipes, as
// VS Code does. Used by the protocol tests and by the benchmark (bench/lib/lsp.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from './corpus';

export const SERVER_PATH = path.join(REPO_ROOT, 'dist', 'server.js');

export interface TestServer {
  connection: ProtocolConnection;
  child: ChildProcess;
  /** Milliseconds from spawning the process to the initialize result. */
  initializeMs: number;
  stderr: () => string;
  /** Resolves with the next publishDiagnostics for `uri` (at `version` when given). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Answers workspace/configuration requests with this `imr` section. */
  setSettings(settings: unknown): void;
  open(uri: string, text: string, version?: number, languageId?: string): void;
  stop(): Promise<void>;
}

export function fileUri(name: string): string {
  return pathToFileURL(path.join(REPO_ROOT, 'test', 'virtual', name)).toString();
}

export interface StartOptions {
  settings?: unknown;
  /** Advertise workspace/configuration (the server then pulls `imr` settings). Default true. */
  pullConfiguration?: boolean;
  workspaceFolders?: { uri: string; name: string }[];
  serverPath?: string;
  /** Extra node flags for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Extra environment for the server process (e.g. IMR_CODE_CACHE_DIR). */
  env?: Record<string, string>;
  /** `ipc` is what the extension's client uses (node IPC channel); `stdio` what other editors use. Default stdio. */
  transport?: 'stdio' | 'ipc';
  /** Extra initialization options (e.g. storagePath for the stored letter library). */
  initializationOptions?: Record<string, unknown>;
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const started = performance.now();
  const ipc = options.transport === 'ipc';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.serverPath ?? SERVER_PATH, ipc ? '--node-ipc' : '--stdio'], {
    stdio: ipc ? ['ignore', 'ignore', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const connection = ipc
    ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
    : createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let settings: unknown = options.settings ?? {};
  const waiting: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const latest = new Map<string, PublishDiagnosticsParams>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    latest.set(p.uri, p);
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i];
      if (w.uri === p.uri && (w.version === undefined || p.version === w.version)) {
        waiting.splice(i, 1);
        w.resolve(p);
      }
    }
  });
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('window/showMessage', () => undefined);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: options.workspaceFolders ?? null,
    capabilities: {
      workspace: { configuration: options.pullConfiguration ?? true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: {
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
      },
    },
    initializationOptions: { ...options.initializationOptions, settings },
  });
  const initializeMs = performance.now() - started;
  connection.sendNotification('initialized', {});
  return {
    connection,
    child,
    initializeMs,
    stderr: () => err,
    diagnostics(uri, version) {
      return new Promise((resolve) => waiting.push({ uri, version, resolve }));
    },
    setSettings(s) {
      settings = s;
    },
    open(uri, text, version = 1, languageId = 'imr-determination') {
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        connection.sendNotification('exit');
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
      connection.dispose();
    },
  };
}
