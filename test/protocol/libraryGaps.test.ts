// What the IMR Letters view must not hide (imr/letterGroups through the built server): a letter
// with a misspelt decision is its own outcome group, "needs a decision", and the filter finds
// it; letter files the server left out (too large, a PDF without text) are listed with the reason.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LETTER_GROUPS_REQUEST, LETTERS_REQUEST, type LetterGroupsParams } from '../../server/src/protocol';
import { REPO_ROOT } from '../helpers/corpus';
import { startServer, type TestServer } from '../helpers/lspClient';
import { makePdf } from '../helpers/pdfWriter';

const sample = (name: string) => readFileSync(path.join(REPO_ROOT, 'samples', name), 'utf8');
const dir = mkdtempSync(path.join(tmpdir(), 'imr-gaps-'));
const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).href;
let server: TestServer;

const groups = (params: LetterGroupsParams) => server.connection.sendRequest(LETTER_GROUPS_REQUEST, params);

before(async () => {
  writeFileSync(path.join(dir, 'a-upheld.txt'), sample('physical-therapy-upheld.txt'));
  // One of two items misspelt: the letter is not "All upheld".
  const two = sample('pt-and-acupuncture.txt');
  const misspelt = two.replace(/(Acupuncture for cervical\/thoracic spine #8:\s+)Upheld/, '$1Uphled');
  assert.notEqual(misspelt, two);
  writeFileSync(path.join(dir, 'b-misspelt.txt'), misspelt);
  // A QA batch over the library's limit for a text letter (2 MB).
  writeFileSync(path.join(dir, 'c-batch.txt'), sample('x-rays-and-pt.txt') + '\n'.repeat(3 * 1024 * 1024));
  // A scan: pages without a text layer.
  writeFileSync(
    path.join(dir, 'd-scan.pdf'),
    makePdf([
      { lines: [], painted: true },
      { lines: [], painted: true },
    ]),
  );
  server = await startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'letters' }] });
  const end = Date.now() + 60_000;
  for (;;) {
    const r = await groups({ groupBy: 'outcome' });
    if (r.letters === 2 && r.notInLibrary?.length === 2) break;
    if (Date.now() > end) throw new Error(`the library never listed 2 letters and 2 files left out: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the IMR Letters view hides nothing', () => {
  test('a letter with an item lacking a valid decision needs a decision: its own group, not "All upheld"', async () => {
    const r = await groups({ groupBy: 'outcome' });
    assert.deepEqual(
      r.groups.map((g) => [g.label, g.letters, g.filter]),
      [
        ['All upheld', 1, { outcome: 'upheld' }],
        ['Needs a decision', 1, { outcome: 'undecided' }],
      ],
    );
    const undecided = await server.connection.sendRequest(LETTERS_REQUEST, { filter: { outcome: 'undecided' } });
    assert.deepEqual(
      undecided.map((l) => l.uri),
      [uriOf('b-misspelt.txt')],
    );
    assert.deepEqual(
      undecided[0].items.map((i) => i.decision),
      ['Upheld', 'Uphled (not a decision)'],
    );
    const upheld = await server.connection.sendRequest(LETTERS_REQUEST, { filter: { outcome: 'upheld' } });
    assert.deepEqual(
      upheld.map((l) => l.uri),
      [uriOf('a-upheld.txt')],
    );
  });

  test('letter files left out of the library are listed, each with its reason, in path order', async () => {
    const r = await groups({ groupBy: 'guideline' });
    assert.deepEqual(r.notInLibrary, [
      { uri: uriOf('c-batch.txt'), reason: "larger than the library's limit (3.0 MB; limit 2 MB)" },
      { uri: uriOf('d-scan.pdf'), reason: 'no text layer: run OCR first' },
    ]);
    // No letter text in a reason.
    for (const f of r.notInLibrary ?? []) assert.doesNotMatch(f.reason, /X-RAYS|cervical/i);
  });

  test('a file left out that becomes a letter of the right size leaves the list', async () => {
    writeFileSync(path.join(dir, 'c-batch.txt'), sample('x-rays-and-pt.txt'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('c-batch.txt'), type: 2 }] });
    const end = Date.now() + 30_000;
    let r = await groups({ groupBy: 'outcome' });
    while (r.notInLibrary?.length !== 1 && Date.now() < end) {
      await new Promise((res) => setTimeout(res, 100));
      r = await groups({ groupBy: 'outcome' });
    }
    assert.deepEqual(
      r.notInLibrary?.map((f) => f.uri),
      [uriOf('d-scan.pdf')],
    );
    assert.equal(r.letters, 3);
  });
});
