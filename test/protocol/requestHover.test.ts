// The reviewer's assistant through the protocol: hovering the name of a therapy item in a real
// letter shows the visits requested as read from the name, the allowances of the topics cited,
// within or above each, and where the figures come from.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDetermination } from '../../server/src/parse/parser';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, sampleLetters } from '../helpers/corpus';
import { fileUri, startServer, type TestServer } from '../helpers/lspClient';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const markdown = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

/** Every therapy item of `text` with visits read, hovered on the middle of its name. */
async function hoverTherapyItems(id: string, text: string) {
  const uri = fileUri(`request-hover/${id.replace(/[^\w.-]+/g, '_')}.imr`);
  server.open(uri, text, 1);
  const doc = TextDocument.create(uri, 'imr-determination', 1, text);
  const out: { name: string; visits: number; hover: string }[] = [];
  for (const item of parseDetermination(text).items) {
    if (item.request?.visits === undefined) continue;
    const position = doc.positionAt(Math.floor((item.name.span.start + item.name.span.end) / 2));
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    out.push({ name: item.name.text, visits: item.request.visits, hover: markdown(hover) });
  }
  server.close(uri);
  return out;
}

describe('item hover: the request against the guideline', () => {
  test('a sample letter: the visits as read, each cited allowance within or above, and the source line', async () => {
    const seed = sampleLetters().find((l) => /Eight \(8\) physical therapy sessions \(2x4\)/.test(l.text));
    assert.ok(seed, 'the seed letter with the 2x4 physical therapy item');
    const [pt] = await hoverTherapyItems(seed.id, seed.text);
    assert.equal(pt.visits, 8);
    assert.match(pt.hover, /\*\*8 visits requested\*\*/);
    assert.match(pt.hover, /MAXIMUS cites \*\*Physical medicine/i);
    assert.match(pt.hover, /9-10 visits over 8 weeks for myalgia and myositis[^\n]*: within/);
    assert.match(pt.hover, /_Source: .*confidence (high|medium|low)\)?\._/);
  });

  test('the sample the issue names: the hover leads with the allowance, and it and the hints agree that the Claims Administrator named a section', async () => {
    const seed = sampleLetters().find((l) => l.id.endsWith('physical-therapy-overturned.imr'))!;
    const uri = fileUri('request-hover/agree.imr');
    server.open(uri, seed.text, 1);
    const diagnostics = await server.diagnostics(uri, 1);
    const doc = TextDocument.create(uri, 'imr-determination', 1, seed.text);
    const at = seed.text.indexOf('Eight (8) physical therapy');
    const hover = markdown(await server.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(at + 3) }));
    server.close(uri);
    assert.match(hover, /^\*\*8 visits requested\*\*[^\n]*\n\nMAXIMUS cites \*\*Physical medicine\*\*:\n- 9-10 visits/);
    assert.match(hover, /Claims Administrator cited: [^\n]*\(2009\) — section Physical Medicine/);
    const caLine = doc.positionAt(seed.text.indexOf('Claims Administrator guideline:', at)).line;
    const onCitation = diagnostics.diagnostics.filter(
      (d) => d.code === 'citation-without-reference' && d.range.start.line >= caLine && d.range.start.line <= caLine + 2,
    );
    assert.deepEqual(onCitation, []);
  });

  test(
    'every therapy item of the corpus with a stated number: the hover reads the same number',
    { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE },
    async () => {
      let items = 0;
      let withAllowance = 0;
      let above = 0;
      for (const letter of corpusLetters().filter((l) => l.layout === 'text' || l.layout === '2014-2015')) {
        for (const h of await hoverTherapyItems(letter.id, letter.text)) {
          items++;
          assert.match(h.hover, new RegExp(`\\*\\*(\\d+-)?${h.visits} visits? requested\\*\\*`), `${letter.id}: ${h.name}`);
          if (/: within|\*\*above\*\*/.test(h.hover)) withAllowance++;
          if (/\*\*above\*\*/.test(h.hover)) above++;
        }
      }
      console.log(`# item hover: ${items} therapy items with visits read, ${withAllowance} set against a cited allowance, ${above} above one`);
      assert.ok(items >= 50, `the corpus has therapy items with numbers (${items})`);
      assert.ok(withAllowance >= items / 2, 'most are set against the allowance of a topic they cite');
    },
  );
});
