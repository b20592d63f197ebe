// The bundled server through the real protocol: a client process speaks LSP to
// `node dist/server.js --stdio` exactly as VS Code does.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, DocumentSymbol, FoldingRange, Range, SymbolInformation } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { STATUS_NOTIFICATION } from '../../server/src/protocol';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, sampleLetters } from '../helpers/corpus';
import { fileUri, startServer, type TestServer } from '../helpers/lspClient';

function inside(inner: Range, outer: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function checkSymbols(symbols: DocumentSymbol[], doc: TextDocument, id: string): void {
  const docRange: Range = { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) };
  const walk = (list: DocumentSymbol[]) => {
    for (const s of list) {
      assert.ok(s.name.trim().length > 0, `${id}: empty symbol name`);
      assert.ok(inside(s.selectionRange, s.range), `${id}: selectionRange of '${s.name}' outside its range`);
      assert.ok(inside(s.range, docRange), `${id}: range of '${s.name}' outside the document`);
      walk(s.children ?? []);
    }
  };
  walk(symbols);
}

const issuesOf = (symbols: DocumentSymbol[]) => symbols.find((s) => s.name === 'IMR ISSUES, DECISIONS AND RATIONALES');

let server: TestServer;
before(async () => {
  server = await startServer({ pullConfiguration: true });
});
after(async () => {
  await server.stop();
});

describe('initialize', () => {
  test('the server is alive and answers a request for an unknown document with nothing', async () => {
    const symbols = await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: fileUri('never-opened.imr') } });
    assert.deepEqual(symbols, []);
  });
});

describe('outline of real letters', () => {
  test('seed letters: sections, items with decisions, three fields each', async () => {
    for (const letter of sampleLetters()) {
      const uri = fileUri(letter.id.replace('/', '-'));
      const diagnostics = server.diagnostics(uri);
      server.open(uri, letter.text);
      const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
      checkSymbols(symbols, TextDocument.create(uri, 'imr-determination', 1, letter.text), letter.id);
      assert.deepEqual(
        symbols.map((s) => s.name),
        ['HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES'],
      );
      const items = issuesOf(symbols)!.children!;
      assert.ok(items.length >= 1);
      for (const item of items) {
        assert.match(item.detail ?? '', /^(Upheld|Overturned)$/);
        assert.deepEqual(
          item.children!.map((c) => c.name),
          ['Claims Administrator guideline', 'MAXIMUS guideline', 'Decision rationale'],
        );
      }
      // A finished real letter has no errors or warnings.
      const published = await diagnostics;
      assert.deepEqual(
        published.diagnostics.filter((d) => d.severity! <= 2),
        [],
        letter.id,
      );
    }
  });

  test('pt-and-acupuncture: the two items by name and decision', async () => {
    const letter = sampleLetters().find((l) => l.id.endsWith('pt-and-acupuncture.txt'))!;
    const uri = fileUri('pt-and-acupuncture-2.txt');
    server.open(uri, letter.text);
    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(
      issuesOf(symbols)!.children!.map((c) => [c.name, c.detail]),
      [
        ['Physical therapy for cervical/thoracic spine #8', 'Upheld'],
        ['Acupuncture for cervical/thoracic spine #8', 'Upheld'],
      ],
    );
  });

  test(
    'corpus letters of every extraction (every 10th letter): well-formed outline with every item',
    { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE },
    async () => {
      const letters = corpusLetters().filter((_, i) => i % 10 === 0);
      assert.ok(letters.length >= 39);
      for (const letter of letters) {
        const uri = fileUri(letter.id.replace(/\//g, '-'));
        server.open(uri, letter.text);
        const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
        checkSymbols(symbols, TextDocument.create(uri, 'imr-determination', 1, letter.text), letter.id);
        const items = issuesOf(symbols)?.children ?? [];
        const expected = (letter.text.match(/:\s*(Upheld|Overturned)\s*$|^\s*(Upheld|Overturned)\s*$/gm) ?? []).length;
        assert.equal(items.length, expected, letter.id);
        server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
    },
  );
});

describe('editing', () => {
  const letter = () => sampleLetters().find((l) => l.id.endsWith('pt-and-acupuncture.txt'))!;

  test('didChange that deletes a rationale: the outline and the problems follow', async () => {
    const uri = fileUri('editing.txt');
    const text = letter().text;
    const first = server.diagnostics(uri, 1);
    server.open(uri, text);
    assert.deepEqual(
      (await first).diagnostics.filter((d) => d.severity! <= 2),
      [],
    );

    // Delete the second item's "Decision rationale: ..." through the end of the document.
    const doc = TextDocument.create(uri, 'imr-determination', 1, text);
    const at = text.lastIndexOf('Decision rationale:');
    const range = { start: doc.positionAt(at), end: doc.positionAt(text.length) };
    const changed = server.diagnostics(uri, 2);
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range, text: '' }] });
    const published = await changed;
    const errors = published.diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(
      errors.map((d) => d.code),
      ['missing-rationale'],
    );
    assert.equal(errors[0].source, 'imr');
    assert.match(String(errors[0].message), /Acupuncture for cervical\/thoracic spine #8/);
    assert.match(errors[0].codeDescription?.href ?? '', /docs\/rules\/missing-rationale\.md$/);

    const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    const acupuncture = issuesOf(symbols)!.children![1];
    assert.deepEqual(
      acupuncture.children!.map((c) => c.name),
      ['Claims Administrator guideline', 'MAXIMUS guideline'],
    );

    // The quick fix inserts the field; applying it makes the problem go away.
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: errors[0].range,
      context: { diagnostics: errors, only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title === "Insert 'Decision rationale:'")!;
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(actions.some((a) => a.command?.command === 'imr.disableRule' && a.command.arguments?.[0] === 'missing-rationale'));
    const before = TextDocument.create(uri, 'imr-determination', 2, text.slice(0, at));
    const edits = fix.edit!.changes![uri];
    const fixed = TextDocument.applyEdits(before, edits);
    const again = server.diagnostics(uri, 3);
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: fixed }] });
    assert.deepEqual(
      (await again).diagnostics.filter((d) => d.severity! <= 2),
      [],
    );
  });

  test('status-bar counts are sent when they change, not on every edit', async () => {
    const uri = fileUri('status.txt');
    const text = letter().text;
    const statuses: { version: number; text: string; isLetter: boolean }[] = [];
    const listener = server.connection.onNotification(STATUS_NOTIFICATION, (p) => {
      if (p.uri === uri) statuses.push(p);
    });
    /** Sends version `v` and returns the statuses sent for it (a request answered after them flushes the pipe). */
    const change = async (v: number, edit: object) => {
      const published = server.diagnostics(uri, v);
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [edit] });
      await published;
      await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      return statuses.filter((s) => s.version === v).map((s) => s.text);
    };
    try {
      const opened = server.diagnostics(uri, 1);
      server.open(uri, text);
      await opened;
      await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(
        statuses.map((s) => s.text),
        ['IMR: 2 items · 2 upheld · 0 overturned · 0 problems'],
      );

      const doc = TextDocument.create(uri, 'imr-determination', 1, text);
      const rationale = doc.positionAt(text.indexOf('Decision rationale:') + 'Decision rationale:'.length);
      assert.deepEqual(await change(2, { range: { start: rationale, end: rationale }, text: ' Typed.' }), [], 'same counts: nothing sent');

      const upheld = text.indexOf('Upheld');
      const word = { start: doc.positionAt(upheld), end: doc.positionAt(upheld + 'Upheld'.length) };
      assert.deepEqual(
        await change(3, { range: word, text: 'Overturned' }),
        ['IMR: 2 items · 1 upheld · 1 overturned · 1 problem'],
        'the flipped decision now conflicts with its rationale',
      );

      assert.deepEqual(await change(4, { text: 'binary\u0000content' }), ['IMR: 0 items · 0 upheld · 0 overturned · 0 problems']);
      assert.equal(statuses.at(-1)!.isLetter, false, 'a declined document hides the status item');
    } finally {
      listener.dispose();
      server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  });

  test('settings apply live: a rule turned off, then raised to a different level', async () => {
    const uri = fileUri('settings.txt');
    const text = letter().text.replace(/\bUpheld\b/, 'Uphled');
    const opened = server.diagnostics(uri, 1);
    server.open(uri, text);
    const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.code}:${d.severity}`);
    assert.ok(codes((await opened).diagnostics).includes('unknown-decision:1'));

    server.setSettings({ rules: { 'unknown-decision': 'off' } });
    let next = server.diagnostics(uri, 1);
    server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { imr: { rules: { 'unknown-decision': 'off' } } } });
    assert.ok(!codes((await next).diagnostics).some((c) => c.startsWith('unknown-decision')));

    server.setSettings({ rules: { 'unknown-decision': 'information' } });
    next = server.diagnostics(uri, 1);
    server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    assert.ok(codes((await next).diagnostics).includes('unknown-decision:3'));
    server.setSettings({});
    next = server.diagnostics(uri, 1);
    server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await next;
  });

  test('source.fixAll repairs several problems at once', async () => {
    const uri = fileUri('fixall.txt');
    let text = letter().text.replace(/\bUpheld\b/, 'Uphled');
    text = text.replace(/MAXIMUS guideline: Decision based on MTUS Acupuncture Treatment Guidelines\.\s*/, '');
    const opened = server.diagnostics(uri, 1);
    server.open(uri, text);
    const errors = (await opened).diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(errors.map((d) => d.code).sort(), ['missing-maximus-guideline', 'unknown-decision']);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'x', 1, text), actions[0].edit!.changes![uri]);
    const again = server.diagnostics(uri, 2);
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    assert.deepEqual(
      (await again).diagnostics.filter((d) => d.severity === 1),
      [],
    );
  });

  test('folding ranges: each section and item folds', async () => {
    const uri = fileUri('folding.txt');
    server.open(uri, letter().text);
    const ranges = (await server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as FoldingRange[];
    const doc = TextDocument.create(uri, 'x', 1, letter().text);
    const lineOf = (s: string) => doc.positionAt(letter().text.indexOf(s)).line;
    for (const start of [
      'HOW THE IMR FINAL DETERMINATION WAS MADE',
      'CLINICAL CASE SUMMARY',
      'IMR ISSUES, DECISIONS AND RATIONALES',
      'Physical therapy for cervical',
      'Acupuncture for cervical/thoracic spine #8:',
    ]) {
      assert.ok(
        ranges.some((r) => r.startLine === lineOf(start) && r.endLine > r.startLine),
        `no fold at '${start}'`,
      );
    }
  });
});

describe('what the server asks of the client after initialize', () => {
  const registered = (s: TestServer) =>
    s
      .notification((r) => r.kind === 'request' && r.method === 'client/registerCapability', 1)
      .then((r) => (r.params as { registrations: { method: string }[] }).registrations.map((g) => g.method))
      .catch(() => []);

  test('a client offering dynamic registration is asked to watch the letter files and to report settings', async () => {
    const s = await startServer({ pullConfiguration: true });
    try {
      // The server registers (if at all) before it pulls the settings: by then every registration has arrived.
      await s.notification((r) => r.kind === 'request' && r.method === 'workspace/configuration');
      assert.deepEqual([...(await registered(s)), ...(await registered(s))].sort(), ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
    } finally {
      await s.stop();
    }
  });

  test('a client that cannot register anything is asked nothing, and its settings still apply', async () => {
    const s = await startServer({ pullConfiguration: true, noDynamicRegistration: true, settings: { rules: { 'unknown-decision': 'information' } } });
    try {
      await s.notification((r) => r.kind === 'request' && r.method === 'workspace/configuration');
      assert.deepEqual(await registered(s), []);
      const uri = fileUri('no-registration.txt');
      const opened = s.diagnostics(uri, 1);
      const text = sampleLetters().find((l) => l.id.endsWith('pt-and-acupuncture.txt'))!.text;
      s.open(uri, text.replace(/\bUpheld\b/, 'Uphled'));
      const codes = (await opened).diagnostics.map((d) => `${d.code}:${d.severity}`);
      assert.ok(codes.includes('unknown-decision:3'), codes.join());
    } finally {
      await s.stop();
    }
  });
});

describe('a client that takes the outline as a flat list', () => {
  test('every symbol of the tree, in outline order, named with the one holding it', async () => {
    const s = await startServer({ flatOutline: true });
    try {
      for (const letter of sampleLetters()) {
        const uri = fileUri(`flat-${letter.id.replace('/', '-')}`);
        s.open(uri, letter.text);
        const flat = (await s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as SymbolInformation[];
        // The same letter from a client that takes the tree (the suite's server).
        server.open(uri, letter.text);
        const tree = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
        server.close(uri);
        const walk = (symbols: DocumentSymbol[], container?: string): unknown[] =>
          symbols.flatMap((t) => [{ name: t.name, kind: t.kind, range: t.range, container }, ...walk(t.children ?? [], t.name)]);
        assert.ok(
          flat.some((f) => f.containerName === 'IMR ISSUES, DECISIONS AND RATIONALES'),
          `${letter.id}: the items are listed`,
        );
        assert.deepEqual(
          flat.map((f) => ({ name: f.name, kind: f.kind, range: f.location.range, container: f.containerName })),
          walk(tree),
          letter.id,
        );
        assert.ok(flat.every((f) => f.location.uri === uri && !('children' in f)));
      }
    } finally {
      await s.stop();
    }
  });
});

describe('start-up through a V8 code cache (IMR_CODE_CACHE_DIR, as the extension starts the server)', () => {
  const cacheFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cache')) : []);
  const startAndStop = async (dir: string) => {
    const s = await startServer({ pullConfiguration: false, env: { IMR_CODE_CACHE_DIR: dir } });
    const symbols = await s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: fileUri('never-opened.imr') } });
    await s.stop();
    return { symbols, stderr: s.stderr() };
  };

  test('the first start writes the cache, the next one uses it as it is', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-code-cache-'));
    try {
      assert.deepEqual((await startAndStop(dir)).symbols, []);
      const [file] = cacheFiles(dir);
      assert.ok(file, 'a cache file is written when the server exits');
      const first = statSync(path.join(dir, file));
      assert.ok(first.size > 10_000, `cache of ${first.size} bytes`);
      assert.deepEqual((await startAndStop(dir)).symbols, []);
      const again = statSync(path.join(dir, file));
      assert.deepEqual(cacheFiles(dir), [file]);
      assert.equal(again.mtimeMs, first.mtimeMs, 'an accepted cache is not written again');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a corrupt cache is replaced, a stale one removed, an unusable folder ignored: the server starts every time', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-code-cache-'));
    try {
      await startAndStop(dir);
      const [file] = cacheFiles(dir);
      writeFileSync(path.join(dir, file), 'not a code cache');
      writeFileSync(path.join(dir, 'server-main-0.0-1-1.cache'), 'an old build');
      assert.deepEqual((await startAndStop(dir)).symbols, []);
      assert.deepEqual(cacheFiles(dir), [file], 'the stale cache is gone');
      assert.ok(statSync(path.join(dir, file)).size > 10_000, 'the corrupt cache was rewritten');

      const notAFolder = path.join(dir, 'plain-file');
      writeFileSync(notAFolder, '');
      const { symbols, stderr } = await startAndStop(notAFolder);
      assert.deepEqual(symbols, []);
      assert.equal(stderr, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
