// PDF letters through the real protocol (issue 13, items 4-5): `imr/pdfText` for the read-only
// view, PDFs in the workspace index, no quick fixes on the view, and no PDF read on the typing
// path. Every PDF is made here from the seed letters (test/helpers/pdfWriter.ts), in a temporary
// workspace folder; none is committed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { parseDetermination } from '../../server/src/parse/parser';
import type { Determination } from '../../server/src/model/types';
import { PDF_TEXT_REQUEST, pdfViewUri } from '../../server/src/protocol';
import { REPO_ROOT, sampleLetters } from '../helpers/corpus';
import { BUNDLE_MISSING, startServer, type TestServer } from '../helpers/lspClient';
import { flateBomb, letterPages, makePdf } from '../helpers/pdfWriter';

const PRELOAD = path.join(REPO_ROOT, 'test', 'helpers', 'countPdfJobs.mjs');
const pdfJobs = (s: TestServer) => s.stderr().split('[imr-test] pdf-job').length - 1;

const sample = (name: string) => sampleLetters().find((l) => l.id.endsWith(name))!;
/** Field values are compared without spacing: the PDF lays lines out again. */
const loose = (s: string) => s.replace(/\s+/g, '');
const items = (m: Determination) =>
  m.items.map((i) => ({ name: i.name.text, decision: i.decision.kind, fields: i.allFields.map((f) => `${f.kind}=${loose(f.value.text)}`) }));

/** Polls until f() gives something other than undefined; fails with `what` after `ms`. */
async function poll<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'imr-pdf-protocol-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, bytes: Uint8Array | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('PDF letters', { skip: BUNDLE_MISSING }, () => {
  let server: TestServer;
  let letterPdf: string;
  before(async () => {
    letterPdf = write('pt-and-acupuncture.pdf', makePdf(letterPages(sample('pt-and-acupuncture.txt').text)));
    write('not-a-pdf.pdf', 'Case Number: CM99-0000001\nthis is text, not a PDF\n');
    server = await startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'pdfs' }] });
  });
  after(() => server?.stop());

  test("imr/pdfText: the text of a PDF made from a seed letter parses to the seed letter's items", async () => {
    const r = await server.request(PDF_TEXT_REQUEST, { uri: pathToFileURL(letterPdf).href });
    assert.ok(r.pages >= 1);
    const fromPdf = items(parseDetermination(r.text));
    assert.ok(fromPdf.length >= 2, JSON.stringify(fromPdf.map((i) => i.name)));
    assert.deepEqual(fromPdf, items(parseDetermination(sample('pt-and-acupuncture.txt').text)));
    // The view's own URI (imr-pdf:) is accepted too: a refresh asks with it.
    const again = await server.request(PDF_TEXT_REQUEST, { uri: pdfViewUri(pathToFileURL(letterPdf).href) });
    assert.equal(again.text, r.text);
  });

  test('imr/pdfText: a flate bomb is refused for its size, and the server still reads the next PDF', { timeout: 60_000 }, async () => {
    const bomb = write('bomb.pdf', makePdf([flateBomb(300), ...letterPages(sample('pt-and-acupuncture.txt').text)]));
    await assert.rejects(server.request(PDF_TEXT_REQUEST, { uri: pathToFileURL(bomb).href }), (e: Error) => {
      assert.equal(
        e.message,
        `${bomb}: cannot read PDF: too large: a stream decodes to more than the PDF reader's 128 MB, or a page holds millions of objects`,
      );
      return true;
    });
    const r = await server.request(PDF_TEXT_REQUEST, { uri: pathToFileURL(letterPdf).href });
    assert.deepEqual(items(parseDetermination(r.text)), items(parseDetermination(sample('pt-and-acupuncture.txt').text)));
  });

  test('imr/pdfText: a PDF that cannot be read is an error naming the file and the reason', async () => {
    const bad = path.join(dir, 'not-a-pdf.pdf');
    await assert.rejects(server.request(PDF_TEXT_REQUEST, { uri: pathToFileURL(bad).href }), (e: Error) => {
      assert.ok(e.message.includes(bad), e.message);
      assert.match(e.message, /cannot read PDF: not a PDF file/);
      return true;
    });
    const missing = path.join(dir, 'gone.pdf');
    await assert.rejects(server.request(PDF_TEXT_REQUEST, { uri: pathToFileURL(missing).href }), (e: Error) => {
      assert.ok(e.message.includes(missing), e.message);
      assert.match(e.message, /ENOENT/);
      return true;
    });
    await assert.rejects(server.request(PDF_TEXT_REQUEST.method, { nope: 1 }), /invalid params/);
    assert.ok(await server.alive());
  });

  test('workspace symbols find an item of a PDF in the workspace folder, at its read-only view', async () => {
    const view = pdfViewUri(pathToFileURL(letterPdf).href)!;
    const found = await poll("the PDF's items in workspace/symbol", async () => {
      const symbols = await server.request<(WorkspaceSymbol & { location: { uri: string } })[]>('workspace/symbol', { query: 'acupuncture' });
      return symbols.find((s) => s.location.uri === view);
    });
    assert.match(found.name, /Acupuncture/);
    assert.match(found.containerName ?? '', /pt-and-acupuncture\.pdf/);
    // Opening the view does not list its items twice (one entry per PDF).
    server.open(view, (await server.request(PDF_TEXT_REQUEST, { uri: view })).text);
    await server.diagnostics(view);
    const symbols = await server.request<{ name: string; location: { uri: string } }[]>('workspace/symbol', { query: found.name });
    assert.equal(symbols.filter((s) => s.name === found.name).length, 1, JSON.stringify(symbols));
    server.close(view);
  });

  test("no code actions on a PDF's view, though the same text as a file gets its quick fixes", async () => {
    const text = sample('physical-therapy-upheld.txt').text.replace(/:\s*Upheld\b/, ': Uphld');
    const asFile = pathToFileURL(path.join(dir, 'draft.txt')).href;
    const asView = pdfViewUri(pathToFileURL(path.join(dir, 'draft.pdf')).href)!;
    const actionsFor = async (uri: string): Promise<CodeAction[]> => {
      const published = server.diagnostics(uri);
      server.open(uri, text);
      const diagnostics: Diagnostic[] = (await published).diagnostics;
      assert.ok(
        diagnostics.some((d) => d.code === 'unknown-decision'),
        JSON.stringify(diagnostics.map((d) => d.code)),
      );
      const range = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
      const actions = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
      server.close(uri);
      return actions;
    };
    assert.ok((await actionsFor(asFile)).length > 0, 'the file gets quick fixes');
    assert.deepEqual(await actionsFor(asView), []);
    assert.deepEqual(await server.request('textDocument/formatting', { textDocument: { uri: asView }, options: { tabSize: 2, insertSpaces: true } }), []);
  });
});

describe('a PDF is never read on the typing path', { skip: BUNDLE_MISSING }, () => {
  let server: TestServer;
  let bigDir: string;
  before(async () => {
    // A batch of 180 letters, ~470 pages: seconds for the PDF reader.
    bigDir = mkdtempSync(path.join(os.tmpdir(), 'imr-pdf-typing-'));
    const batch = sampleLetters()
      .map((l) => l.text)
      .join('\f');
    const pages = [];
    for (let i = 0; i < 36; i++) pages.push(...letterPages(batch));
    writeFileSync(path.join(bigDir, 'batch.pdf'), makePdf(pages));
    server = await startServer({ workspaceFolders: [{ uri: pathToFileURL(bigDir).href, name: 'big' }], nodeArgs: ['--import', pathToFileURL(PRELOAD).href] });
  });
  after(async () => {
    await server?.stop();
    rmSync(bigDir, { recursive: true, force: true });
  });

  test(
    "typing in a text letter while a big PDF is indexed gets every version's diagnostics first; the PDF is read once, never by an edit",
    { timeout: 120_000 },
    async () => {
      const uri = pathToFileURL(path.join(REPO_ROOT, 'test', 'virtual', 'typing.txt')).href;
      const text = sample('physical-therapy-upheld.txt').text;
      const batchItems = async () =>
        (await server.request<{ location: { uri: string } }[]>('workspace/symbol', { query: '' })).filter(
          (s) => s.location.uri === pdfViewUri(pathToFileURL(path.join(bigDir, 'batch.pdf')).href),
        ).length;
      // The index starts at `initialized`; the read is under way once its job reached the worker.
      await poll('the PDF read to start', async () => (pdfJobs(server) >= 1 ? true : undefined));
      server.open(uri, text, 1);
      await server.diagnostics(uri, 1);
      const indexedWhileTyping: number[] = [];
      for (let v = 2; v <= 6; v++) {
        server.change(uri, v, [{ text: v % 2 ? text.replace(/:\s*Upheld\b/, ': Uphld') : text }]);
        const d = await server.diagnostics(uri, v, 30_000);
        assert.equal(
          d.diagnostics.some((x) => x.code === 'unknown-decision'),
          v % 2 === 1,
          `version ${v}`,
        );
        indexedWhileTyping.push(await batchItems());
      }
      // Ordering: the edits' diagnostics came while the PDF was still being read (nothing of it indexed yet).
      assert.equal(indexedWhileTyping[0], 0, `batch.pdf was indexed before the first edit was checked: ${indexedWhileTyping}`);
      // Progress: the background read completes, and lists the batch's items.
      const listed = await poll('batch.pdf in the index', async () => ((await batchItems()) > 0 ? await batchItems() : undefined), 90_000);
      assert.ok(listed >= 180, `${listed} items`);
      assert.equal(pdfJobs(server), 1, 'the PDF was read once');
      // More typing once it is indexed: no PDF read at all.
      for (let v = 7; v <= 10; v++) {
        server.change(uri, v, [{ text: `${text}\n`.repeat(1 + (v % 2)) }]);
        await server.diagnostics(uri, v, 30_000);
      }
      assert.equal(pdfJobs(server), 1, 'an edit read a PDF');
      server.close(uri);
    },
  );
});
