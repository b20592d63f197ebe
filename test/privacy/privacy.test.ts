// Issue 8 §5: letters hold protected health information. Nothing about a letter may leave
// the machine or land in a log.
//   1. The bundled server, run with a preload that records (and blocks) every socket, DNS,
//      HTTP(S), TLS, UDP, fetch and child-process call, analyses letters and answers every
//      request it supports: nothing is recorded. The preload itself is checked to catch each.
//   2. The bundles (dist/server.js, dist/extension.js, dist/cli.js) and the sources reference
//      network modules only where the allow-list below says, and nowhere else.
//   3. A letter carrying a unique marker: the marker never appears on the server's stderr
//      or in any window/logMessage, window/showMessage(Request), telemetry/event or
//      $/logTrace message, whatever is requested (error paths included).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { Diagnostic, InitializeResult } from 'vscode-languageserver-protocol';
import { CLEAN_UP_REQUEST } from '../../server/src/protocol';
import { CORPUS_PRESENT, corpusLetters, REPO_ROOT, sampleLetters } from '../helpers/corpus';
import { BUNDLE_MISSING, EXTENSION_JS, SERVER_PATH, type TestServer, startServer } from '../helpers/lspClient';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'imr-privacy-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// ---------------------------------------------------------------- the preload

/** Patches every way out of the process to record the call (to IMR_NETWORK_LOG) and throw. */
const PRELOAD = String.raw`
'use strict';
const fs = require('fs');
const LOG = process.env.IMR_NETWORK_LOG;
function record(what, args) {
  let detail = '';
  try { detail = JSON.stringify(Array.from(args || []).map((a) => (typeof a === 'function' ? 'fn' : a))).slice(0, 300); } catch { detail = '?'; }
  const stack = (new Error().stack || '').split('\n').slice(2, 8).join(' | ');
  fs.appendFileSync(LOG, JSON.stringify({ what, detail, stack }) + '\n');
  const e = new Error('network use blocked by the privacy test: ' + what);
  e.code = 'EIMRPRIVACY';
  return e;
}
function block(obj, name, label) {
  if (!obj || typeof obj[name] !== 'function') return;
  const original = obj[name];
  obj[name] = function () { throw record(label, arguments); };
  obj[name].original = original;
}
const net = require('net');
block(net.Socket.prototype, 'connect', 'net.Socket#connect');
block(net, 'connect', 'net.connect');
block(net, 'createConnection', 'net.createConnection');
block(net.Server.prototype, 'listen', 'net.Server#listen');
const tls = require('tls');
block(tls, 'connect', 'tls.connect');
for (const mod of ['http', 'https']) {
  const m = require(mod);
  block(m, 'request', mod + '.request');
  block(m, 'get', mod + '.get');
  block(m, 'createServer', mod + '.createServer');
}
block(require('http2'), 'connect', 'http2.connect');
block(require('dgram'), 'createSocket', 'dgram.createSocket');
const dns = require('dns');
for (const f of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'reverse']) {
  block(dns, f, 'dns.' + f);
  block(dns.promises, f, 'dns.promises.' + f);
}
block(dns.Resolver && dns.Resolver.prototype, 'resolve', 'dns.Resolver#resolve');
const cp = require('child_process');
for (const f of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) block(cp, f, 'child_process.' + f);
if (typeof globalThis.fetch === 'function') block(globalThis, 'fetch', 'fetch');
if (typeof globalThis.WebSocket === 'function') globalThis.WebSocket = function () { throw record('WebSocket', arguments); };
if (typeof globalThis.EventSource === 'function') globalThis.EventSource = function () { throw record('EventSource', arguments); };
`;
const PRELOAD_FILE = path.join(tmp, 'no-network-preload.cjs');
writeFileSync(PRELOAD_FILE, PRELOAD);

function readLog(file: string): { what: string; detail: string; stack: string }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

// ---------------------------------------------------------------- letters and requests

const MARKER = 'ZZQ-UNIQUE-PHI-7731';

function letters(): { uri: string; text: string }[] {
  const all = [...sampleLetters(), ...corpusLetters().filter((_, i) => i % 25 === 0)];
  return all.map((l, i) => ({ uri: `file:///virtual/privacy/${i}-${path.basename(l.path)}`, text: l.text }));
}

/** Positions spread over the document, and at every line that has a colon (fields, items, citations). */
function positions(text: string): { line: number; character: number }[] {
  const lines = text.split(/\r\n|\n|\r/);
  const out: { line: number; character: number }[] = [];
  lines.forEach((l, i) => {
    if (i % 7 === 0 || l.includes(':')) {
      out.push({ line: i, character: 0 }, { line: i, character: l.length }, { line: i, character: Math.min(l.length, l.indexOf(':') + 2) });
    }
  });
  return out.filter((p) => p.character >= 0);
}

/** Every request the server says it supports, on one open document; edits, save and close too. */
async function exercise(server: TestServer, uri: string, text: string): Promise<void> {
  const caps = (server.initializeResult as InitializeResult).capabilities;
  server.open(uri, text, 1);
  const published = await server.diagnostics(uri, 1, 20_000);
  const td = { uri };
  if (caps.documentSymbolProvider) await server.request('textDocument/documentSymbol', { textDocument: td });
  if (caps.foldingRangeProvider) await server.request('textDocument/foldingRange', { textDocument: td });
  const all = { start: { line: 0, character: 0 }, end: { line: text.split(/\r\n|\n|\r/).length, character: 0 } };
  if (caps.codeActionProvider) {
    await server.request('textDocument/codeAction', { textDocument: td, range: all, context: { diagnostics: published.diagnostics as Diagnostic[] } });
    await server.request('textDocument/codeAction', { textDocument: td, range: all, context: { diagnostics: [], only: ['source.fixAll'] } });
  }
  for (const position of positions(text).slice(0, 400)) {
    if (caps.hoverProvider) await server.request('textDocument/hover', { textDocument: td, position });
    if (caps.completionProvider) await server.request('textDocument/completion', { textDocument: td, position });
  }
  if (caps.renameProvider) {
    // Refused (an error with a message) almost everywhere, renamed on item names: neither may log the letter.
    for (const position of positions(text).slice(0, 100)) {
      await server.request('textDocument/prepareRename', { textDocument: td, position }).catch(() => undefined);
      await server.request('textDocument/rename', { textDocument: td, position, newName: 'Renamed' }).catch(() => undefined);
    }
  }
  if (caps.documentFormattingProvider) await server.request('textDocument/formatting', { textDocument: td, options: { tabSize: 4, insertSpaces: true } });
  if (caps.workspaceSymbolProvider) {
    for (const query of ['', 'MRI', MARKER, 'physical therapy']) await server.request('workspace/symbol', { query });
  }
  await server.request(CLEAN_UP_REQUEST, { uri }).catch(() => undefined);
  server.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `${MARKER}\n` }]);
  await server.diagnostics(uri, 2, 20_000);
  void server.connection.sendNotification('textDocument/didSave', { textDocument: td });
  server.close(uri);
}

/** Requests with bad params on a document with the marker: error paths must not log the text either. */
async function errorPaths(server: TestServer, uri: string): Promise<void> {
  const bad: [string, unknown][] = [
    ['textDocument/documentSymbol', {}],
    ['textDocument/hover', { textDocument: { uri } }],
    ['textDocument/completion', { textDocument: { uri }, position: 'x' }],
    ['textDocument/codeAction', { textDocument: { uri }, range: null }],
    ['textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 0 } }],
    ['workspace/symbol', {}],
    ['imr/noSuchMethod', { text: 'n/a' }],
  ];
  for (const [method, params] of bad) await server.request(method, params).catch(() => undefined);
}

// ---------------------------------------------------------------- 1. no network

describe('no network use while analysing letters', { skip: BUNDLE_MISSING }, () => {
  test('the preload catches every kind of network call it claims to (so an empty record means something)', () => {
    const log = path.join(tmp, 'sanity.log');
    const probe = `
      const tries = [
        () => require('net').connect(9, '127.0.0.1'),
        () => new (require('net').Socket)().connect(9, '127.0.0.1'),
        () => require('net').createServer().listen(0),
        () => require('tls').connect(443, 'example.org'),
        () => require('http').get('http://example.org/'),
        () => require('https').request('https://example.org/'),
        () => require('http2').connect('https://example.org'),
        () => require('dgram').createSocket('udp4'),
        () => require('dns').lookup('example.org', () => {}),
        () => require('dns').promises.lookup('example.org'),
        () => fetch('https://example.org/'),
        () => require('child_process').spawn('true'),
      ];
      let thrown = 0;
      for (const t of tries) { try { t(); } catch (e) { if (e.code === 'EIMRPRIVACY') thrown++; } }
      process.stdout.write(String(thrown));
    `;
    const r = spawnSync(process.execPath, ['--require', PRELOAD_FILE, '-e', probe], { env: { ...process.env, IMR_NETWORK_LOG: log }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '12', `the preload blocked ${r.stdout} of 12 calls`);
    assert.equal(readLog(log).length, 12, 'every blocked call is recorded');
  });

  test('the server opens no socket and makes no network call while analysing letters and answering every request', async () => {
    const log = path.join(tmp, 'server-network.log');
    // The workspace index scans the seed letters folder; the knowledge-base setting names a URL
    // (it must be treated as a path that does not exist, never fetched).
    const server = await startServer({
      nodeArgs: ['--require', PRELOAD_FILE],
      env: { IMR_NETWORK_LOG: log },
      pullConfiguration: true,
      settings: { knowledgeBaseFile: 'https://example.org/mtus-kb.json' },
    });
    try {
      void server.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: pathToFileURL(path.join(REPO_ROOT, 'samples')).toString(), name: 'samples' }], removed: [] },
      });
      void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { imr: { knowledgeBaseFile: 'http://198.51.100.7/kb.json' } } });
      const docs = letters();
      for (const d of docs) await exercise(server, d.uri, d.text);
      await errorPaths(server, docs[0].uri);
      assert.ok(await server.alive(), 'the server is still up');
      process.stdout.write(
        `[privacy] ${docs.length} letters analysed${CORPUS_PRESENT ? '' : ' (seed letters only: corpus absent)'} under the no-network preload\n`,
      );
    } finally {
      await server.stop();
    }
    const calls = readLog(log);
    assert.deepEqual(
      calls.map((c) => `${c.what} ${c.detail} at ${c.stack}`),
      [],
      'the server used the network (or spawned a process) while analysing letters',
    );
  });
});

// ---------------------------------------------------------------- 2. the bundles

/**
 * Where a network (or process) module may be referenced in a bundle, and why. Anything else
 * fails the test. The server runs over stdio (VS Code: node IPC), so none of these run.
 */
const ALLOWED: { module: RegExp; names: string[]; why: string }[] = [
  {
    module: /node_modules\/(vscode-languageserver\/node_modules\/)?vscode-jsonrpc\/lib\/node\/main\.js$/,
    names: ['net'],
    why: "vscode-jsonrpc's pipe and socket transports (used only when started with --pipe/--socket; this extension uses stdio/IPC)",
  },
  {
    module: /node_modules\/vscode-languageserver\/lib\/node\/files\.js$/,
    names: ['child_process'],
    why: "vscode-languageserver's resolution of globally installed npm/yarn modules (never called by this server)",
  },
  {
    module: /node_modules\/vscode-languageclient\/lib\/node\/(main|processes)\.js$/,
    names: ['child_process'],
    why: 'the client starts the server process (node IPC) and terminates it',
  },
  {
    module: /^server\/src\/cli\/(jobs|worker)\.ts$/,
    names: ['worker_threads'],
    why: 'imr-check --jobs: checks files on worker threads of its own process (no network)',
  },
  {
    module: /^server\/src\/(workspace\/(indexPool|indexWorker)|util\/workerPool)\.ts$/,
    names: ['worker_threads'],
    why: "the workspace index reads letter files on worker threads of the server's own process (no network)",
  },
  {
    module: /^server\/src\/library\/(libraryStore|libraryWorker)\.ts$/,
    names: ['worker_threads'],
    why: "the letter library's database runs on a worker thread of the server's own process (node:sqlite is synchronous; no network)",
  },
  {
    module: /server\/src\/pdf\/reader\.ts$/,
    names: ['worker_threads'],
    why: 'the PDF reader runs PDFium in a worker thread it can end (time and memory limits), not a network use',
  },
];
/** Sources allowed one of those modules, and why (the bundles' list above says the same). */
const SOURCE_ALLOWED: { file: RegExp; module: RegExp; why: string }[] = [
  { file: /^server\/src\/pdf\/(reader|worker)\.ts$/, module: /^worker_threads$/, why: "the PDF reader's worker thread" },
  // worker.ts imports them only to replace their connect/send by functions that throw.
  { file: /^server\/src\/pdf\/worker\.ts$/, module: /^(net|dgram)$/, why: 'the PDF worker disables sockets' },
];

const NETWORK = ['net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'undici', 'ws', 'child_process', 'cluster', 'worker_threads', 'inspector'];
const REFERENCE = new RegExp(
  String.raw`require\(\s*["'](?:node:)?(${NETWORK.join('|')})["']\s*\)|import\(\s*["'](?:node:)?(${NETWORK.join('|')})["']\s*\)|(?<![\w$])(fetch)\s*\(|globalThis\.(fetch)\b|new\s+(WebSocket|EventSource|XMLHttpRequest)\b|(sendBeacon)\s*\(|process\.(binding)\(`,
  'g',
);

interface Reference {
  bundle: string;
  line: number;
  name: string;
  module: string;
}

/** Each network reference in a non-minified esbuild bundle, with the bundled module it is in (from esbuild's `// path` markers). */
function references(file: string): Reference[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: Reference[] = [];
  let module = '(bundle prelude)';
  let markers = 0;
  lines.forEach((l, i) => {
    const marker = /^\/\/ ((?:node_modules|client|server|scripts)\/\S+\.(?:js|ts|mjs|cjs|json))$/.exec(l);
    if (marker) {
      module = marker[1];
      markers++;
      return;
    }
    for (const m of l.matchAll(REFERENCE)) out.push({ bundle: path.basename(file), line: i + 1, name: m.slice(1).find(Boolean)!, module });
  });
  assert.ok(markers > 0, `${file} has no esbuild module markers (a minified production build?): run \`npm run build\` so references can be attributed`);
  return out;
}

describe('network modules in the bundles and sources', { skip: BUNDLE_MISSING }, () => {
  for (const file of [
    SERVER_PATH,
    path.join(REPO_ROOT, 'dist', 'server-main.js'),
    EXTENSION_JS,
    path.join(REPO_ROOT, 'dist', 'cli.js'),
    path.join(REPO_ROOT, 'dist', 'cli-main.js'),
    path.join(REPO_ROOT, 'dist', 'server-old-node.js'),
    path.join(REPO_ROOT, 'dist', 'cli-worker.js'),
    path.join(REPO_ROOT, 'dist', 'index-worker.js'),
    path.join(REPO_ROOT, 'dist', 'library-worker.js'),
    path.join(REPO_ROOT, 'dist', 'pdf-reader.js'),
  ]) {
    test(
      `${path.basename(file)}: network and process modules are referenced only inside the allowed library transport code`,
      { skip: existsSync(file) ? false : `${file} not built` },
      () => {
        const found = references(file);
        const report = found.map((r) => {
          const allowed = ALLOWED.find((a) => a.module.test(r.module) && a.names.includes(r.name));
          return { ...r, allowed: allowed?.why ?? null };
        });
        process.stdout.write(
          `[privacy] ${path.basename(file)}: ${found.length === 0 ? 'no network or process module referenced' : report.map((r) => `\n  line ${r.line}: ${r.name} in ${r.module} — ${r.allowed ?? 'NOT ALLOWED'}`).join('')}\n`,
        );
        assert.deepEqual(
          report.filter((r) => !r.allowed).map((r) => `${r.bundle}:${r.line} ${r.name} in ${r.module}`),
          [],
          'network or process modules referenced outside the allowed transport code',
        );
      },
    );
  }

  test('the project sources (client, server) import no network module and start the server over IPC or stdio, never a socket or pipe', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) files.push(p);
      }
    };
    walk(path.join(REPO_ROOT, 'client', 'src'));
    walk(path.join(REPO_ROOT, 'server', 'src'));
    const offenders: string[] = [];
    const imports = new RegExp(
      String.raw`from\s+["'](?:node:)?(${NETWORK.join('|')})["']|require\(\s*["'](?:node:)?(${NETWORK.join('|')})["']|(?<![\w$.])fetch\s*\(|\bWebSocket\b|XMLHttpRequest`,
      'g',
    );
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const rel = path.relative(REPO_ROOT, f).split(path.sep).join('/');
      for (const m of text.matchAll(imports)) {
        // imr-check's own worker threads (see ALLOWED) are not a network use.
        if (m[0].includes('worker_threads') && ALLOWED.some((a) => a.module.test(rel) && a.names.includes('worker_threads'))) continue;
        const mod = m[1] ?? m[2];
        if (mod && SOURCE_ALLOWED.some((a) => a.file.test(rel) && a.module.test(mod))) continue;
        offenders.push(`${rel}: ${m[0]}`);
      }
    }
    assert.deepEqual(offenders, [], 'network use in the sources');
    const client = readFileSync(path.join(REPO_ROOT, 'client', 'src', 'extension.ts'), 'utf8');
    assert.doesNotMatch(client, /TransportKind\.(socket|pipe)/, 'the client starts the server over a socket or pipe');
  });
});

// ---------------------------------------------------------------- 3. logs

describe('document text never appears in logs', { skip: BUNDLE_MISSING }, () => {
  test(`a letter carrying '${MARKER}' everywhere: the marker is never on stderr nor in any log, message or telemetry`, async () => {
    const base = sampleLetters().find((l) => l.id.includes('pt-and-acupuncture')) ?? sampleLetters()[0];
    // The marker in the item names, a citation, a rationale, the summary, and a broken field.
    const text = base.text
      .replace(/Physical therapy/g, `Physical therapy ${MARKER}`)
      .replace(/Decision rationale:/, `Decision rationale: ${MARKER}`)
      .replace(/CLINICAL CASE SUMMARY/, `CLINICAL CASE SUMMARY\n\n${MARKER} 44 year old\n`)
      .replace(/MAXIMUS guideline:/, `MAXIMUS guideline: Decision based on MTUS ${MARKER} Complaints 2004, Section(s): ${MARKER}\n\nMAXIMUS guideline:`)
      .replace(/: Upheld/, `: Uphled ${MARKER}`);
    assert.ok(text.split(MARKER).length > 5, 'the marker is in the letter');
    const server = await startServer();
    try {
      await exercise(server, 'file:///virtual/privacy/marker.imr', text);
      await errorPaths(server, 'file:///virtual/privacy/marker.imr');
      // Declined documents (binary, too large) with the marker.
      server.open('file:///virtual/privacy/marker-binary.imr', `${MARKER}\u0000${text}`, 1);
      await server.diagnostics('file:///virtual/privacy/marker-binary.imr', 1);
      server.open('file:///virtual/privacy/marker-huge.imr', `${MARKER}\n${text.repeat(Math.ceil((11 * 1024 * 1024) / text.length))}`, 1);
      await server.diagnostics('file:///virtual/privacy/marker-huge.imr', 1, 30_000);
      assert.ok(await server.alive());
    } finally {
      await server.stop();
    }
    const LOG_CHANNELS = new Set([
      'window/logMessage',
      'window/showMessage',
      'window/showMessageRequest',
      'telemetry/event',
      '$/logTrace',
      'window/workDoneProgress/create',
      '$/progress',
    ]);
    const leaks = server.incoming.filter((m) => LOG_CHANNELS.has(m.method) && JSON.stringify(m.params).includes(MARKER));
    const channels = new Map<string, number>();
    for (const m of server.incoming) if (JSON.stringify(m.params).includes(MARKER)) channels.set(m.method, (channels.get(m.method) ?? 0) + 1);
    const logged = server.incoming.filter((m) => LOG_CHANNELS.has(m.method)).map((m) => `${m.method}: ${JSON.stringify(m.params).slice(0, 160)}`);
    process.stdout.write(
      `[privacy] messages from the server that carry the marker (expected only in results such as diagnostics): ${[...channels].map(([k, v]) => `${k} x${v}`).join(', ') || 'none'}\n` +
        `[privacy] log/message channel traffic (${logged.length}):${logged.map((l) => `\n  ${l}`).join('')}\n` +
        `[privacy] stderr: ${server.stderr().length} characters\n`,
    );
    assert.ok(!server.stderr().includes(MARKER), `the marker was written to stderr: ${server.stderr().slice(0, 300)}`);
    assert.deepEqual(
      leaks.map((m) => `${m.method}: ${JSON.stringify(m.params).slice(0, 300)}`),
      [],
      'document text in a log, message or telemetry',
    );
  });
});
