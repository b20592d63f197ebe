// How similar requests were decided (issue 26 point 3), through the protocol against the built
// server, on a workspace of made-up CM99 letters: four physical therapy requests for the lumbar
// spine (three upheld, one overturned), one for the left knee, and two items of no therapy citing
// the same MAXIMUS section. The item's hover and its code lens give the counts; a letter never
// counts itself; an unsaved draft gets counts too; the lens's command filter lists exactly the
// letters counted through imr/letters; the setting turns the lens off. The lenses are listed at
// once without their counts, and resolved (codeLens/resolve) as the editor shows them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { COMMANDS, LETTER_GROUPS_REQUEST, LETTERS_CHANGED_NOTIFICATION, LETTERS_REQUEST, type LettersFilter } from '../../server/src/protocol';
import { BUNDLE_MISSING, startServer, type TestServer } from '../helpers/lspClient';
import { similarItem, similarLetter } from '../helpers/similarLetters';

const CHRONIC = 'MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment';
const LOW_BACK = 'MTUS Low Back Complaints 2004, Section(s): Surgical Considerations';

const letter = similarLetter;
const item = similarItem;

const LETTERS: Record<string, string> = {
  'pt-1.txt': letter(
    'CM99-0002601',
    item('Physical therapy 2 times a week for 4 weeks, lumbar spine', 'Upheld', CHRONIC) + item('Pre-op labs: CBC', 'Overturned', LOW_BACK),
  ),
  'pt-2.txt': letter('CM99-0002602', item('Physical therapy 12 sessions for the Lumbar Spine', 'Upheld', CHRONIC)),
  'pt-3.txt': letter('CM99-0002603', item('Additional physical therapy for the lumbar spine x 8', 'Upheld', CHRONIC)),
  'pt-4.txt': letter('CM99-0002604', item('Physical therapy 2x3 lumbar spine', 'Overturned', CHRONIC)),
  'knee.txt': letter('CM99-0002605', item('Physical therapy 2x6 for the left knee', 'Upheld', CHRONIC)),
  'mri.txt': letter('CM99-0002606', item('Lumbar MRI', 'Upheld', LOW_BACK)),
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const markdown = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

describe('similar requests: hover, code lens and the view filter', { skip: BUNDLE_MISSING }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'imr-similar-'));
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();
  let s: TestServer;

  before(async () => {
    for (const [name, text] of Object.entries(LETTERS)) writeFileSync(path.join(dir, name), text);
    s = await startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'letters' }], codeLensRefresh: true });
    // Indexing over: the last imr/lettersChanged says so.
    const end = Date.now() + 60_000;
    for (;;) {
      const last = s.notifications.filter((n) => n.method === LETTERS_CHANGED_NOTIFICATION.method).at(-1)?.params as { indexing: boolean } | undefined;
      if (last && !last.indexing) break;
      if (Date.now() > end) throw new Error('indexing did not end');
      await sleep(50);
    }
  });
  after(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const unresolved = (uri: string) => s.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } });
  /** The lenses as the editor shows them: listed at once without their counts, then each resolved. */
  async function lenses(uri: string): Promise<CodeLens[]> {
    const listed = (await unresolved(uri)) ?? [];
    assert.ok(
      listed.every((l) => l.command === undefined),
      'a lens is listed without its command: nothing waits on the library',
    );
    return Promise.all(listed.map((l) => s.request<CodeLens>('codeLens/resolve', l)));
  }
  async function hoverOn(uri: string, text: string, words: string): Promise<string> {
    const at = text.indexOf(words);
    assert.ok(at >= 0, words);
    const position = TextDocument.create(uri, 'imr-determination', 1, text).positionAt(at + 2);
    return markdown(await s.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }));
  }

  test('the editor is asked for the lenses again once the library has read the workspace, and when the settings change', async () => {
    // The refresh follows the last imr/lettersChanged on the wire; under load it may be read a little later.
    await s.notification((r) => r.method === 'workspace/codeLens/refresh', 10_000, 0);
    const since = Date.now();
    await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { imr: {} } });
    await s.notification((r) => r.method === 'workspace/codeLens/refresh', 10_000, since);
  });

  test('a saved letter: each item counts the others, never its own letter', async () => {
    const uri = uriOf('pt-1.txt');
    s.open(uri, LETTERS['pt-1.txt'], 1);
    const got = await lenses(uri);
    assert.deepEqual(
      got.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [13, '3 similar: 2 upheld, 1 overturned', COMMANDS.lettersShowSimilar],
        [17, '1 similar: 1 upheld, 0 overturned', COMMANDS.lettersShowSimilar],
      ],
    );
    const hover = await hoverOn(uri, LETTERS['pt-1.txt'], 'Physical therapy 2 times');
    assert.match(hover, /\*\*8 visits requested\*\*/, 'the request hover is kept');
    assert.match(hover, /\n\nSimilar requests in this workspace's library: 2 upheld, 1 overturned$/);
    const labs = await hoverOn(uri, LETTERS['pt-1.txt'], 'Pre-op labs');
    assert.match(labs, /\n\nOne similar request in this workspace's library: 1 upheld, 0 overturned$/);
    s.close(uri);
  });

  test("the lens's command: its filter lists exactly the letters counted, through imr/letters and imr/letterGroups", async () => {
    const uri = uriOf('pt-1.txt');
    s.open(uri, LETTERS['pt-1.txt'], 1);
    const [pt, labs] = await lenses(uri);
    s.close(uri);
    const filter = pt.command!.arguments![0] as LettersFilter;
    assert.deepEqual(filter, { treatment: 'physical', bodyPart: 'lumbar spine', exclude: `${uri}#1` });
    const letters = await s.request(LETTERS_REQUEST, { filter });
    assert.deepEqual(
      letters.map((l) => [path.basename(new URL(l.uri).pathname), l.items.map((i) => i.decision)]),
      [
        ['pt-2.txt', ['Upheld']],
        ['pt-3.txt', ['Upheld']],
        ['pt-4.txt', ['Overturned']],
      ],
    );
    const groups = await s.request(LETTER_GROUPS_REQUEST, { groupBy: 'outcome', filter });
    assert.deepEqual([groups.letters, groups.items], [3, 3]);
    const topic = labs.command!.arguments![0] as LettersFilter;
    assert.equal(topic.section, 'Surgical Considerations');
    assert.deepEqual(
      (await s.request(LETTERS_REQUEST, { filter: topic })).map((l) => [path.basename(new URL(l.uri).pathname), l.items.map((i) => i.name)]),
      [['mri.txt', ['Lumbar MRI']]],
    );
  });

  test('an unsaved draft (untitled:): counted against the whole library, itself in none of it', async () => {
    const uri = 'untitled:Untitled-1';
    const text = letter('CM99-0002699', item('Physical therapy 6 visits for the lumbar spine', 'Upheld', CHRONIC));
    s.open(uri, text, 1);
    assert.deepEqual(
      (await lenses(uri)).map((l) => l.command?.title),
      ['4 similar: 3 upheld, 1 overturned'],
    );
    assert.match(await hoverOn(uri, text, 'Physical therapy 6'), /Similar requests in this workspace's library: 3 upheld, 1 overturned$/);
    // An edit: the next version is counted again (the knee has one other letter).
    s.change(uri, 2, [{ text: text.replace('lumbar spine', 'left knee') }]);
    assert.deepEqual(
      (await lenses(uri)).map((l) => l.command?.title),
      ['1 similar: 1 upheld, 0 overturned'],
    );
    s.close(uri);
  });

  test('no similar request: the lens says so as plain text, and so does the hover', async () => {
    const uri = 'untitled:Untitled-2';
    const text = letter('CM99-0002698', item('Acupuncture 6 sessions for the neck', 'Upheld', 'ODG Neck chapter'));
    s.open(uri, text, 1);
    assert.deepEqual(
      (await lenses(uri)).map((l) => [l.range.start.line, l.command]),
      [[13, { title: 'No similar requests in the library yet', command: '' }]],
    );
    // The acupuncture for the neck has a key, and nothing in the library matches it.
    assert.match(await hoverOn(uri, text, 'Acupuncture'), /_No similar requests in this workspace's library yet\._$/);
    s.close(uri);
  });

  test('a lens of an item gone since is given back as it came; a malformed lens is refused', async () => {
    const uri = 'untitled:Untitled-3';
    const text = letter('CM99-0002697', item('Physical therapy 6 visits for the lumbar spine', 'Upheld', CHRONIC));
    s.open(uri, text, 1);
    const [lens] = (await unresolved(uri)) ?? [];
    assert.ok(lens, 'a lens above the item');
    // The item moves two lines down before the editor resolves the lens it listed for version 1.
    s.change(uri, 2, [{ text: text.replace('IMR ISSUES', '\n\nIMR ISSUES') }]);
    assert.deepEqual(await s.request<CodeLens>('codeLens/resolve', lens), lens);
    await assert.rejects(s.request('codeLens/resolve', { range: lens.range }), /invalid params/);
    s.close(uri);
  });

  test('imr.codeLens.similarDecisions false: no lens (the hover keeps its line)', async () => {
    const uri = uriOf('pt-2.txt');
    s.open(uri, LETTERS['pt-2.txt'], 1);
    assert.equal((await unresolved(uri))?.length, 1);
    await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { imr: { codeLens: { similarDecisions: false } } } });
    const end = Date.now() + 10_000;
    while (((await unresolved(uri)) ?? []).length > 0) {
      assert.ok(Date.now() < end, 'the lens is still shown');
      await sleep(50);
    }
    assert.match(await hoverOn(uri, LETTERS['pt-2.txt'], 'Physical therapy 12'), /Similar requests in this workspace's library: 2 upheld, 1 overturned$/);
    await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { imr: {} } });
    s.close(uri);
  });
});
