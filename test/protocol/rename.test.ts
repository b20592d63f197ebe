// Rename (F2) of an item's name through the protocol, against the built server: prepareRename
// gives the name's range in the heading; rename changes it there and wherever the item repeats
// it verbatim (its rationale, a partial authorization's preamble), nothing else; anywhere else
// prepareRename refuses with a message. On a letter of our own and on a real letter.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDetermination } from '../../server/src/parse/parser';
import { pdfViewUri } from '../../server/src/protocol';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, sampleLetters } from '../helpers/corpus';
import { BUNDLE_MISSING, fileUri, startServer, type TestServer } from '../helpers/lspClient';

let server: TestServer;
before(async () => {
  if (!BUNDLE_MISSING) server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** A partial authorization whose preamble and rationale repeat the remaining portion's name (our own letter). */
const PARTIAL = [
  'Case Number: CM99-0000140',
  'Date Assigned: 01/05/2017',
  'Decision Date: 02/02/2017',
  'Priority: Standard',
  'Date of Injury: 05/21/2015',
  'UR Denial Date: 12/10/2016',
  'Application Received: 12/19/2016',
  '',
  'HOW THE IMR FINAL DETERMINATION WAS MADE',
  'MAXIMUS Federal Services sent the complete case file to an expert reviewer.',
  '',
  'CLINICAL CASE SUMMARY',
  'The injured worker is a 52 year old male who had aquatic therapy 2 times a week for 4 weeks before.',
  '',
  'IMR ISSUES, DECISIONS AND RATIONALES',
  'The Final Determination was based on decisions for the disputed items/services set forth below:',
  'Aquatic therapy 2 times a week for 4 weeks was the original request. An evaluation was authorized by the',
  'Claims Administrator. The remaining IMR eligible portion of the original request, Aquatic therapy 2 times',
  'a week for 4 weeks is: Upheld',
  'Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Aquatic therapy.',
  'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Aquatic therapy.',
  'Decision rationale: There is no need for reduced weight bearing. Therefore, the request for aquatic therapy 2 times a',
  'week for 4 weeks is not medically necessary.',
  'Norco 10/325mg #60: Upheld',
  'Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids.',
  'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids.',
  'Decision rationale: Aquatic therapy 2 times a week for 4 weeks was denied too. The request for Norco 10/325mg #60 is not medically necessary.',
  '',
].join('\n');

const at = (doc: TextDocument, needle: string, delta = 0) => {
  const k = doc.getText().indexOf(needle);
  assert.ok(k >= 0, `'${needle}' not in the letter`);
  return doc.positionAt(k + delta);
};
const textOf = (doc: TextDocument, r: Range) => doc.getText(r);

async function refusal(uri: string, position: { line: number; character: number }): Promise<string> {
  try {
    const r = await server.request('textDocument/prepareRename', { textDocument: { uri }, position });
    assert.fail(`prepareRename answered ${JSON.stringify(r)}`);
  } catch (e) {
    return (e as Error).message;
  }
}

describe('rename of an item name', { skip: BUNDLE_MISSING }, () => {
  test('advertised, with prepareRename', () => {
    assert.deepEqual(server.initializeResult.capabilities.renameProvider, { prepareProvider: true });
  });

  test('prepareRename gives the name in the heading; rename changes it there, in the preamble and the rationale only', async () => {
    const uri = fileUri('rename-partial.imr');
    const doc = TextDocument.create(uri, 'imr', 1, PARTIAL);
    server.open(uri, PARTIAL);
    const position = at(doc, 'Aquatic therapy 2 times\na week', 3);
    const prepared = await server.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position });
    assert.equal(prepared.placeholder, 'Aquatic therapy 2 times a week for 4 weeks');
    assert.equal(textOf(doc, prepared.range), 'Aquatic therapy 2 times\na week for 4 weeks');

    const edit = await server.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position,
      newName: 'Aquatic therapy 2 times a week for 3 weeks',
    });
    const edits = edit.changes![uri] as TextEdit[];
    assert.equal(edits.length, 3, 'the heading, the preamble and the item rationale');
    const renamed = TextDocument.applyEdits(doc, edits);
    const model = parseDetermination(renamed);
    assert.equal(model.items[0].name.text, 'Aquatic therapy 2 times a week for 3 weeks');
    assert.match(model.items[0].preamble!.text, /^Aquatic therapy 2 times a week for 3 weeks was the original request/);
    assert.match(model.items[0].fields.decisionRationale!.value.text, /the request for aquatic therapy 2 times a week for 3 weeks is not medically necessary/);
    // Not renamed: the case summary and another item's rationale.
    assert.match(renamed, /had aquatic therapy 2 times a week for 4 weeks before/);
    assert.match(model.items[1].fields.decisionRationale!.value.text, /^Aquatic therapy 2 times a week for 4 weeks was denied too/);
    assert.equal(model.items[1].name.text, 'Norco 10/325mg #60');
  });

  test('anywhere else prepareRename refuses with a message; an empty name is refused', async () => {
    const uri = fileUri('rename-refused.imr');
    const doc = TextDocument.create(uri, 'imr', 1, PARTIAL);
    server.open(uri, PARTIAL);
    for (const [needle, delta] of [
      ['CLINICAL CASE SUMMARY', 2],
      ['Upheld', 2],
      ['There is no need', 3],
      ['Case Number', 1],
      ['MAXIMUS guideline', 2],
    ] as const) {
      assert.match(await refusal(uri, at(doc, needle, delta)), /Rename works on the name of a disputed item/, needle);
    }
    await assert.rejects(
      server.request('textDocument/rename', { textDocument: { uri }, position: at(doc, 'Norco 10/325mg #60: Upheld', 2), newName: '  ' }),
      /cannot be empty/,
    );
  });

  test("a PDF's read-only view refuses, naming why", async () => {
    const uri = pdfViewUri(fileUri('rename-view.pdf'))!;
    const doc = TextDocument.create(uri, 'imr', 1, PARTIAL);
    server.open(uri, PARTIAL);
    assert.match(await refusal(uri, at(doc, 'Norco 10/325mg #60: Upheld', 2)), /read-only/);
  });

  test('a seed letter: the item keeps its decision and fields, under its new name', async () => {
    const seed = sampleLetters()[0];
    const uri = fileUri('rename-seed.txt');
    const doc = TextDocument.create(uri, 'imr', 1, seed.text);
    server.open(uri, seed.text);
    const before = parseDetermination(seed.text).items[0];
    const position = doc.positionAt(before.name.span.start);
    const edit = await server.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'Renamed request' });
    const after = parseDetermination(TextDocument.applyEdits(doc, edit.changes![uri] as TextEdit[])).items[0];
    assert.equal(after.name.text, 'Renamed request');
    assert.equal(after.decision.kind, before.decision.kind);
    assert.equal(after.fields.maximusGuideline?.value.text, before.fields.maximusGuideline?.value.text);
  });

  test(
    'a real letter: a partial authorization named five more times in its preamble and rationale',
    { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE },
    async () => {
      const letter = corpusLetters().find((l) => l.id === '2016-2017/text/076.txt')!;
      const uri = fileUri('rename-076.txt');
      const doc = TextDocument.create(uri, 'imr', 1, letter.text);
      server.open(uri, letter.text);
      const item = parseDetermination(letter.text).items[0];
      const old = item.name.text;
      const position = doc.positionAt(item.name.span.start + 4);
      const prepared = await server.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position });
      assert.equal(prepared.placeholder, old);
      const edit = await server.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'Intensive outpatient program' });
      const edits = edit.changes![uri] as TextEdit[];
      assert.ok(
        edits.every((e) => textOf(doc, e.range).replace(/\s+/g, ' ') === old),
        'each edit replaces the name as written',
      );
      const renamed = parseDetermination(TextDocument.applyEdits(doc, edits)).items[0];
      assert.equal(renamed.name.text, 'Intensive outpatient program');
      assert.ok(!renamed.preamble!.text.includes(old) && !renamed.fields.decisionRationale!.value.text.includes(old));
      assert.equal(edits.length, 6);
    },
  );
});
