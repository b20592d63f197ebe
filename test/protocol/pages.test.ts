// Pages through the protocol: `imr/pages` (where each page begins, for the client's markers and
// `page 2 of 5`) and the outline's `· page N`, for a text with page breaks as pdftotext writes
// them and for the read-only view of a PDF made from the same text (the PDF reader ends each
// page with a form feed): the same page for every item. Invented letters (CM99-...).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { PAGES_REQUEST, PDF_TEXT_REQUEST, pdfViewUri } from '../../server/src/protocol';
import { syntheticLetter } from '../helpers/cli';
import { sampleLetters } from '../helpers/corpus';
import { BUNDLE_MISSING, fileUri, startServer, type TestServer } from '../helpers/lspClient';
import { letterPages, makePdf } from '../helpers/pdfWriter';

/** Three pages: item 1 on page 1, item 2 begins page 2, item 3 begins page 3 (a form feed ends each page). */
const PAGED = `${syntheticLetter('CM99-0000031', ['MRI of the knee', 'Acupuncture x 6', 'Massage x 4'])
  .replace('Acupuncture x 6: Upheld', '\fAcupuncture x 6: Upheld')
  .replace('Massage x 4: Upheld', '\fMassage x 4: Upheld')}\f`;

/** Each item of the outline (at any depth) as `name: detail`. */
function itemDetails(symbols: DocumentSymbol[]): string[] {
  const out: string[] = [];
  const walk = (s: DocumentSymbol) => {
    if (s.kind === 19 /* Object: an item */) out.push(`${s.name}: ${s.detail}`);
    s.children?.forEach(walk);
  };
  symbols.forEach(walk);
  return out;
}

describe('pages', { skip: BUNDLE_MISSING }, () => {
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'imr-pages-'));
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const outline = (uri: string) => server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });

  test('a text with form feeds: imr/pages gives where each page begins; the outline gives each item its page', async () => {
    const uri = fileUri('paged.txt');
    server.open(uri, PAGED);
    const pages = await server.request(PAGES_REQUEST, { uri });
    const lines = PAGED.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
    assert.deepEqual(pages.starts, [
      { line: 0, character: 0 },
      { line: lineOf('\fAcupuncture'), character: 1 },
      { line: lineOf('\fMassage'), character: 1 },
    ]);
    assert.deepEqual(itemDetails(await outline(uri)), ['MRI of the knee: Upheld · page 1', 'Acupuncture x 6: Upheld · page 2', 'Massage x 4: Upheld · page 3']);
    server.close(uri);
  });

  test('a text of one page: one start, and the outline names no page', async () => {
    const uri = fileUri('one-page.imr');
    const sample = sampleLetters()[0];
    server.open(uri, sample.text);
    assert.deepEqual((await server.request(PAGES_REQUEST, { uri })).starts, [{ line: 0, character: 0 }]);
    const details = itemDetails(await outline(uri));
    assert.ok(details.length > 0);
    for (const d of details) assert.doesNotMatch(d, /page/, d);
    server.close(uri);
    // A document the server does not have: no pages. Malformed params: an error, the server lives.
    assert.deepEqual(await server.request(PAGES_REQUEST, { uri: fileUri('never-opened.txt') }), { starts: [] });
    await assert.rejects(server.request(PAGES_REQUEST.method, { nope: 1 }), /invalid params/i);
    assert.ok(await server.alive());
  });

  test("a PDF's view: the same pages and the same page for every item as the text it was made from", async () => {
    const pdf = path.join(dir, 'paged.pdf');
    writeFileSync(pdf, makePdf(letterPages(PAGED)));
    const r = await server.request(PDF_TEXT_REQUEST, { uri: pathToFileURL(pdf).href });
    assert.equal(r.pages, 3);
    const view = pdfViewUri(pathToFileURL(pdf).href)!;
    server.open(view, r.text);
    const pages = await server.request(PAGES_REQUEST, { uri: view });
    assert.equal(pages.starts.length, 3);
    assert.deepEqual(itemDetails(await outline(view)), [
      'MRI of the knee: Upheld · page 1',
      'Acupuncture x 6: Upheld · page 2',
      'Massage x 4: Upheld · page 3',
    ]);
    server.close(view);
  });
});
