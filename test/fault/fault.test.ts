// Issue 8 §4, protocol level, against the bundled server (dist/server.js --stdio):
// cancelled requests, malformed requests and unknown methods get answers, not a crash; binary
// and huge documents are declined quickly with a message and empty diagnostics.
// (Restart after the server is killed belongs to the real-editor suite.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { CLEAN_UP_REQUEST, CLOSE_LIBRARY_REQUEST, LETTERS_REQUEST, OPEN_LIBRARY_REQUEST } from '../../server/src/protocol';
import { LETTERS } from '../property/gen';
import { BUNDLE_MISSING, CancellationTokenSource, isUserMessage, type TestServer, startServer, withTimeout } from '../helpers/lspClient';

const LETTER = LETTERS.find((l) => l.id.includes('pt-and-acupuncture')) ?? LETTERS[0];
const uri = (name: string) => `file:///virtual/fault/${name}`;

/** A letter-like document of about `mb` megabytes (real letters, repeated). */
function bigText(mb: number): string {
  const unit = LETTERS.slice(0, 40)
    .map((l) => l.text)
    .join('\n');
  return unit.repeat(Math.ceil((mb * 1024 * 1024) / unit.length)).slice(0, Math.floor(mb * 1024 * 1024) + 1);
}

function errorCode(e: unknown): number | undefined {
  return e instanceof ResponseError ? e.code : (e as { code?: number })?.code;
}

let server: TestServer;

describe('fault tolerance of the bundled server', { skip: BUNDLE_MISSING }, () => {
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  describe('cancellation', () => {
    test('a request cancelled by the client is answered with RequestCancelled (or completes), and the server keeps answering', async () => {
      // A large letter-like document, changed before every request so that each request
      // means a new analysis; every request but the last is cancelled at once.
      const u = uri('cancel.imr');
      let text = bigText(2);
      server.open(u, text, 1);
      await server.diagnostics(u, 1, 30_000);
      const outcomes: ('cancelled' | 'result' | string)[] = [];
      const pending: Promise<void>[] = [];
      const started = Date.now();
      for (let v = 2; v <= 12; v++) {
        text = `${text.slice(0, 100)}x${text.slice(100)}`;
        server.change(u, v, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'x' }]);
        const source = new CancellationTokenSource();
        pending.push(
          server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u } }, source).then(
            (r) => void outcomes.push(Array.isArray(r) ? 'result' : `unexpected result ${JSON.stringify(r)?.slice(0, 80)}`),
            (e) => void outcomes.push(errorCode(e) === LSPErrorCodes.RequestCancelled ? 'cancelled' : `error ${errorCode(e)}: ${(e as Error).message}`),
          ),
        );
        if (v < 12) source.cancel();
      }
      await withTimeout(Promise.all(pending), 60_000, 'answers to the cancelled requests');
      const elapsed = Date.now() - started;
      process.stdout.write(
        `[fault] 10 cancelled + 1 documentSymbol requests on a 2 MB letter: ${outcomes.filter((o) => o === 'cancelled').length} answered RequestCancelled, ${outcomes.filter((o) => o === 'result').length} completed, in ${elapsed} ms\n`,
      );
      for (const o of outcomes) assert.ok(o === 'cancelled' || o === 'result', `a cancelled request got: ${o}`);
      assert.ok(await server.alive(), 'the server answers after the cancellations');
      const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u } });
      assert.ok(Array.isArray(symbols) && symbols.length > 0, 'the document is still analysed');
      server.close(u);
    });

    test('cancelled requests stop work: a request cancelled before it runs is answered RequestCancelled, without an analysis', async () => {
      // vscode-jsonrpc hands a request whose $/cancelRequest arrived before it was dispatched to
      // its handler with the token already cancelled: a handler that checks the token first
      // answers RequestCancelled without analysing; one that does not analyses the new version
      // and answers its symbols. The server is kept busy analysing version 2 of a 2 MB letter
      // (a request not cancelled) while ten more versions, each with a request and at once its
      // cancellation, are sent: each cancellation is read before its request is dispatched.
      const u = uri('cancel-work.imr');
      server.open(u, bigText(2), 1);
      await server.diagnostics(u, 1, 30_000);
      const edit = (v: number) => server.change(u, v, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'y' }]);
      edit(2);
      const busy = server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u } });
      const outcomes: Promise<string>[] = [];
      for (let v = 3; v <= 12; v++) {
        edit(v);
        const source = new CancellationTokenSource();
        outcomes.push(
          server.request('textDocument/documentSymbol', { textDocument: { uri: u } }, source).then(
            () => 'analysed and answered',
            (e) => (errorCode(e) === LSPErrorCodes.RequestCancelled ? 'cancelled' : `error ${errorCode(e)}: ${(e as Error).message}`),
          ),
        );
        source.cancel();
      }
      assert.ok((await busy).length > 0, 'the request not cancelled is answered');
      assert.deepEqual(
        await withTimeout(Promise.all(outcomes), 60_000, 'answers to the cancelled requests'),
        Array(10).fill('cancelled'),
        'every cancelled request is declined before any work',
      );
      // The last version is analysed when asked for (nothing was left half done).
      const symbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u } });
      assert.ok(symbols.length > 0);
      server.close(u);
    });

    test('cancelling a request the server has already answered is harmless', async () => {
      const u = uri('cancel-late.imr');
      server.open(u, LETTER.text, 1);
      const source = new CancellationTokenSource();
      const r = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: u } }, source);
      source.cancel();
      void server.connection.sendNotification('$/cancelRequest', { id: 999_999 });
      assert.ok(Array.isArray(r));
      assert.ok(await server.alive());
      server.close(u);
    });
  });

  describe('malformed requests and unknown methods', () => {
    test('an unknown request method gets MethodNotFound and the server keeps answering', async () => {
      await assert.rejects(server.request('imr/noSuchMethod', {}), (e) => errorCode(e) === ErrorCodes.MethodNotFound);
      await assert.rejects(
        server.request('textDocument/noSuchThing', { textDocument: { uri: uri('x.imr') } }),
        (e) => errorCode(e) === ErrorCodes.MethodNotFound,
      );
      assert.ok(await server.alive());
    });

    test('an unknown notification is ignored', async () => {
      void server.connection.sendNotification('imr/noSuchNotification', { a: 1 });
      void server.connection.sendNotification('$/noSuchProtocolNotification', {});
      assert.ok(await server.alive());
    });

    // Requests with wrong params: each must be answered (InvalidParams, or a result such as
    // an empty list), never left unanswered, never crash the process.
    const BAD: [string, string, unknown][] = [
      ['documentSymbol without params', 'textDocument/documentSymbol', null],
      ['documentSymbol with params {}', 'textDocument/documentSymbol', {}],
      ['documentSymbol with a number for textDocument', 'textDocument/documentSymbol', { textDocument: 5 }],
      ['documentSymbol with a number for the uri', 'textDocument/documentSymbol', { textDocument: { uri: 42 } }],
      ['foldingRange with params {}', 'textDocument/foldingRange', {}],
      [
        'codeAction without context',
        'textDocument/codeAction',
        { textDocument: { uri: uri('open.imr') }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      ],
      [
        'codeAction with diagnostics that are not a list',
        'textDocument/codeAction',
        { textDocument: { uri: uri('open.imr') }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: 'x' } },
      ],
      ['hover without a position', 'textDocument/hover', { textDocument: { uri: uri('open.imr') } }],
      ['hover at a negative position', 'textDocument/hover', { textDocument: { uri: uri('open.imr') }, position: { line: -5, character: -1 } }],
      ['hover far beyond the end', 'textDocument/hover', { textDocument: { uri: uri('open.imr') }, position: { line: 1e9, character: 1e9 } }],
      ['completion with a string position', 'textDocument/completion', { textDocument: { uri: uri('open.imr') }, position: 'here' }],
      ['formatting with params []', 'textDocument/formatting', []],
      ['workspace/symbol without a query', 'workspace/symbol', {}],
      ['imr/cleanUp without a uri', CLEAN_UP_REQUEST.method, {}],
      ['imr/openLibrary without a file', OPEN_LIBRARY_REQUEST.method, {}],
      ['imr/openLibrary with a file that is a number', OPEN_LIBRARY_REQUEST.method, { file: 7 }],
      ['imr/closeLibrary without an id', CLOSE_LIBRARY_REQUEST.method, null],
      ['imr/letters with a library that is no string', LETTERS_REQUEST.method, { library: ['x'] }],
    ];
    for (const [name, method, params] of BAD) {
      test(`${name}: an error response (InvalidParams) or a result, and the server stays up`, async () => {
        server.open(uri('open.imr'), LETTER.text, 1);
        let outcome: string;
        try {
          const r = await withTimeout(server.request(method, params), 10_000, `${method} with bad params`);
          outcome = `result ${JSON.stringify(r)?.slice(0, 60)}`;
        } catch (e) {
          const code = errorCode(e);
          assert.ok(code !== undefined, `no response, or not a JSON-RPC error: ${(e as Error).message}`);
          outcome = `error ${code} ${(e as Error).message.slice(0, 120)}`;
          assert.ok(
            code === ErrorCodes.InvalidParams || code === ErrorCodes.InvalidRequest,
            `${method} with bad params: expected InvalidParams (${ErrorCodes.InvalidParams}), got ${code} '${(e as Error).message}'`,
          );
        } finally {
          assert.equal(server.exitCode(), null, 'the server process exited');
          assert.ok(await server.alive(), 'the server answers the next request');
          server.close(uri('open.imr'));
        }
        process.stdout.write(`[fault] ${name}: ${outcome}\n`);
      });
    }

    test('garbage on the wire (invalid JSON, a message without a method) does not take the server down', async () => {
      const body = '{"jsonrpc":"2.0","id":77,"method":';
      server.writeRaw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      const noMethod = JSON.stringify({ jsonrpc: '2.0', id: 78 });
      server.writeRaw(`Content-Length: ${Buffer.byteLength(noMethod)}\r\n\r\n${noMethod}`);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(server.exitCode(), null, 'the server process exited');
      assert.ok(await server.alive(), 'the server answers the next request');
    });
  });

  describe('documents that are declined instead of analysed (a user message: window/showMessage or window/showMessageRequest)', () => {
    async function declined(name: string, text: string, maxMs: number): Promise<void> {
      const u = uri(name);
      const since = Date.now();
      server.open(u, text, 1);
      const [diagnostics, message] = await Promise.all([
        server.diagnostics(u, 1, maxMs * 4),
        server.notification((n) => isUserMessage(n) && (n.params as { message: string }).message.includes('not checked'), maxMs * 4, since),
      ]);
      const elapsed = Date.now() - since;
      process.stdout.write(
        `[fault] ${name} (${(text.length / 1e6).toFixed(1)} M characters): declined in ${elapsed} ms: '${(message.params as { message: string }).message}'\n`,
      );
      assert.deepEqual(diagnostics.diagnostics, [], 'a declined document has no diagnostics');
      assert.ok(elapsed < maxMs, `declining took ${elapsed} ms (limit ${maxMs} ms)`);
      // Every feature answers at once, with nothing.
      const t = Date.now();
      const symbols = await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: u } });
      const folding = await server.request<unknown[]>('textDocument/foldingRange', { textDocument: { uri: u } });
      const hover = await server.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 1 } });
      const completion = await server.request<unknown[]>('textDocument/completion', { textDocument: { uri: u }, position: { line: 0, character: 1 } });
      const actions = await server.request<unknown[]>('textDocument/codeAction', {
        textDocument: { uri: u },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      });
      const formatting = await server.request<unknown[]>('textDocument/formatting', { textDocument: { uri: u }, options: { tabSize: 4, insertSpaces: true } });
      assert.deepEqual(symbols, []);
      assert.deepEqual(folding, []);
      assert.equal(hover, null);
      assert.deepEqual(completion, []);
      assert.deepEqual(actions, []);
      assert.deepEqual(formatting, []);
      assert.ok(Date.now() - t < maxMs, `features on the declined document took ${Date.now() - t} ms`);
      // An edit keeps it declined (empty diagnostics), without a second message.
      const messages = server.incoming.filter(isUserMessage).length;
      server.change(u, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'a' }]);
      const again = await server.diagnostics(u, 2, maxMs * 4);
      assert.deepEqual(again.diagnostics, []);
      assert.equal(server.incoming.filter(isUserMessage).length, messages, 'the message is shown once per document');
      server.close(u);
      assert.ok(await server.alive());
    }

    test('a binary file (NUL bytes) is declined with a message and empty diagnostics, quickly', async () => {
      const bytes = Buffer.alloc(200_000);
      let x = 12345;
      for (let i = 0; i < bytes.length; i++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        bytes[i] = x % 7 === 0 ? 0 : x & 0xff;
      }
      // What an editor holds after "open anyway": the bytes decoded as UTF-8.
      await declined('binary.imr', `\u0089PNG\r\n\u001a\n${bytes.toString('utf8')}`, 3_000);
    });

    test('a 50 MB file is declined with a message and empty diagnostics, quickly (default limit 10 MB)', async () => {
      await declined('huge-50mb.imr', bigText(50), 15_000);
    });

    test('the size limit is a setting: with imr.maxFileSizeMB = 1 a 2 MB letter is declined', async () => {
      const small = await startServer({ settings: { maxFileSizeMB: 1 } });
      try {
        const u = uri('two-mb.imr');
        const since = Date.now();
        small.open(u, bigText(2), 1);
        const d = await small.diagnostics(u, 1, 10_000);
        const m = await small.notification(isUserMessage, 10_000, since);
        assert.deepEqual(d.diagnostics, []);
        assert.match((m.params as { message: string }).message, /not checked/);
        assert.match((m.params as { message: string }).message, /1 MB/);
      } finally {
        await small.stop();
      }
    });
  });
});
