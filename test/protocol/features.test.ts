// Hover, completion, workspace symbols and formatting through the protocol, on real letters.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, Hover, MarkupContent, SymbolInformation, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CLEAN_UP_REQUEST } from '../../server/src/protocol';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, sampleLetters } from '../helpers/corpus';
import { fileUri, startServer, type TestServer } from '../helpers/lspClient';

let server: TestServer;
let workspace: string;

/** A folder of many letters: the seed letters with their items renamed, in nested folders. */
function makeWorkspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'imr-ws-'));
  const seeds = sampleLetters();
  for (let i = 0; i < 60; i++) {
    const seed = seeds[i % seeds.length];
    const sub = path.join(dir, `batch-${i % 4}`);
    mkdirSync(sub, { recursive: true });
    const text = seed.text.replace(/^(Physical therapy|Physical Therapy|PHYSICAL THERAPY)/m, `$1 round ${i}`);
    writeFileSync(path.join(sub, `letter-${i}.${i % 2 ? 'txt' : 'imr'}`), text);
  }
  writeFileSync(path.join(dir, 'notes.txt'), 'Physical therapy notes that are not a letter.');
  return dir;
}

before(async () => {
  workspace = makeWorkspace();
  server = await startServer({ pullConfiguration: true, workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'letters' }] });
});
after(async () => {
  await server.stop();
});

const markdown = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

async function hoverAt(uri: string, text: string, needle: string, delta = 0): Promise<string> {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `'${needle}' not in the letter`);
  const doc = TextDocument.create(uri, 'x', 1, text);
  const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(at + delta) })) as Hover | null;
  return markdown(h);
}

describe('hover', () => {
  const letter = () => sampleLetters().find((l) => l.id.endsWith('physical-therapy-upheld.txt'))!;
  test('2014-2015 page citation: each page number names the guideline and the topic, with the source caveat', async () => {
    const uri = fileUri('hover-upheld.txt');
    server.open(uri, letter().text);
    for (const [needle, delta] of [
      ['Page(s): 98, 99', 9],
      ['Page(s): 98, 99', 13],
      ['pages 98,99', 7],
      ['pages 98,99', 10],
    ] as const) {
      const md = await hoverAt(uri, letter().text, needle, delta);
      assert.match(md, /Chronic Pain Medical Treatment Guidelines \(2009\)/, `${needle}+${delta}`);
      assert.match(md, /Physical medicine/i, `${needle}+${delta}`);
      assert.match(md, /98/);
      assert.match(md, /not verified against the guideline text|confidence/i);
    }
  });
  test('the guideline name, a rationale page reference, the decision and the item name', async () => {
    const uri = fileUri('hover-upheld-2.txt');
    const text = letter().text;
    server.open(uri, text);
    assert.match(
      await hoverAt(uri, text, 'Chronic Pain Treatment Guidelines', 3),
      /Chronic Pain Medical Treatment Guidelines \(2009\)[\s\S]*8 CCR §9792\.24\.2/,
    );
    assert.match(await hoverAt(uri, text, 'MTUS page 8', 10), /Chronic Pain Medical Treatment Guidelines/);
    assert.match(await hoverAt(uri, text, ': Upheld', 4), /Upheld[\s\S]*not medically necessary|Upheld[\s\S]*denial/i);
    assert.match(await hoverAt(uri, text, 'Physical therapy 2x4 for core', 3), /Upheld/);
  });
  test('2016-2017 section citation names the ACOEM chapter and the section', { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE }, async () => {
    const letter16 = corpusLetters().find((l) => l.id === '2016-2017/text/001.txt')!;
    const uri = fileUri('hover-2016.txt');
    server.open(uri, letter16.text);
    const md = await hoverAt(uri, letter16.text, 'Special Studies', 2);
    assert.match(md, /Chapter 9: Shoulder Complaints/);
    assert.match(md, /Special Studies/);
  });
  test('a heading has no hover', async () => {
    const uri = fileUri('hover-plain.txt');
    server.open(uri, letter().text);
    assert.equal(await hoverAt(uri, letter().text, 'CLINICAL CASE SUMMARY', 2), '');
  });
});

describe('completion', () => {
  async function complete(text: string): Promise<string[]> {
    const uri = fileUri(`completion-${Math.random().toString(36).slice(2)}.imr`);
    server.open(uri, text);
    const doc = TextDocument.create(uri, 'x', 1, text);
    const r = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: doc.positionAt(text.length) })) as
      CompletionItem[] | { items: CompletionItem[] };
    return (Array.isArray(r) ? r : r.items).map((c) => c.label);
  }
  const HEAD = 'IMR ISSUES, DECISIONS AND RATIONALES\nMRI of the knee: Upheld\n';
  test('guidelines after "Decision based on MTUS "', async () => {
    const labels = await complete(`${HEAD}Claims Administrator guideline: Decision based on MTUS `);
    assert.ok(labels.includes('Chronic Pain Medical Treatment 2016'), labels.join(', '));
    assert.ok(
      labels.some((l) => /Knee Complaints/.test(l)),
      labels.join(', '),
    );
  });
  test('sections of that guideline after "Section(s): "', async () => {
    const labels = await complete(`${HEAD}MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): `);
    assert.ok(
      labels.some((l) => /^Physical medicine/i.test(l)),
      labels.join(', '),
    );
    assert.ok(labels.some((l) => /Gabapentin/.test(l)));
  });
  test('page ranges after "Page(s): "', async () => {
    const labels = await complete(`${HEAD}MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): `);
    assert.ok(labels.includes('98-99'), labels.join(', '));
  });
  test("decisions after an item line's colon", async () => {
    assert.deepEqual((await complete('IMR ISSUES, DECISIONS AND RATIONALES\nMRI of the knee: ')).sort(), ['Overturned', 'Upheld']);
  });
});

describe('workspace symbols', () => {
  test('items of every letter in the folder, searchable by words, with decision and file', async () => {
    let symbols: SymbolInformation[] = [];
    // The index fills in the background: poll until every letter is in (or 30 s pass).
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      symbols = (await server.connection.sendRequest('workspace/symbol', { query: 'physical therapy' })) as SymbolInformation[];
      // Open documents of other tests are indexed too: count only this folder's letters.
      if (symbols.filter((x) => /round \d+\b/.test(x.name)).length >= 60) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const round7 = symbols.find((s) => /round 7\b/.test(s.name));
    assert.ok(
      round7,
      `got ${symbols.length}: ${symbols
        .slice(0, 3)
        .map((s) => s.name)
        .join(', ')}`,
    );
    assert.match(round7.location.uri, /batch-3\/letter-7\.txt$/);
    assert.match(round7.containerName ?? '', /Upheld|Overturned/);
    assert.ok(symbols.every((s) => /physical/i.test(s.name) && /therapy/i.test(s.name)));
    assert.ok(!symbols.some((s) => s.location.uri.endsWith('notes.txt')));
    const acupuncture = (await server.connection.sendRequest('workspace/symbol', { query: 'acupunct' })) as SymbolInformation[];
    assert.equal(acupuncture.length, 12, 'one Acupuncture item in every fifth letter');
  });
});

describe('formatting = clean-up of PDF text', () => {
  test('a 2014-2015 letter loses the blank line after every line and keeps every word', async () => {
    const letter = sampleLetters()[0];
    const uri = fileUri('format.txt');
    server.open(uri, letter.text);
    const edits = (await server.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 4, insertSpaces: true },
    })) as TextEdit[];
    const same = await server.connection.sendRequest(CLEAN_UP_REQUEST, { uri });
    assert.deepEqual(same, edits);
    const out = TextDocument.applyEdits(TextDocument.create(uri, 'x', 1, letter.text), edits);
    assert.deepEqual(out.split(/\s+/).filter(Boolean), letter.text.split(/\s+/).filter(Boolean));
    assert.ok(out.split('\n').length < letter.text.split('\n').length * 0.7);
  });
});
