// A team's knowledge-base file is followed by the server itself (it lies outside the workspace
// here, where a client's watchers do not reach): a change on disk re-checks the open letters and
// re-indexes the library's letters that use it; a broken file shows its problems in that file,
// at the bad entry, and they go once it is fixed. No didChangeWatchedFiles is sent in this test.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LETTERS_REQUEST } from '../../server/src/protocol';
import { startServer, type TestServer } from '../helpers/lspClient';
import { lettersOf, WIDGET_KB, widgetLetter } from '../helpers/teamKnowledgeBase';

type Published = Awaited<ReturnType<TestServer['diagnostics']>>;

describe('the knowledge-base file is followed', () => {
  let root: string;
  let server: TestServer;
  const workspace = () => path.join(root, 'letters');
  const kbFile = () => path.join(root, 'shared', 'team-kb.json');
  const uri = (name: string) => pathToFileURL(path.join(workspace(), name)).href;
  const kbUri = () => pathToFileURL(kbFile()).href;
  const codes = (d: Published) => d.diagnostics.map((x) => String(x.code));
  /** The first diagnostics for `u` from now on that satisfy `ok`. */
  const until = async (u: string, ok: (d: Published) => boolean): Promise<Published> => {
    const since = server.incoming.length;
    const match = (r: { method: string; params?: unknown }) =>
      r.method === 'textDocument/publishDiagnostics' && (r.params as Published).uri === u && ok(r.params as Published);
    return (await server.notification(match, 15_000, since)).params as Published;
  };
  /** The library's maximus guideline cells of a letter once `ok` holds of them. */
  const libraryUntil = async (u: string, ok: (guidelines: string[]) => boolean): Promise<string[]> => {
    const end = Date.now() + 15_000;
    for (;;) {
      const ls = await server.request(LETTERS_REQUEST, {});
      const names = ls.filter((l) => l.uri === u).flatMap((l) => l.items.flatMap((i) => (i.maximusGuidelines ?? []).map((g) => g.guideline)));
      if (ok(names)) return names;
      if (Date.now() > end) throw new Error(`the library still says ${JSON.stringify(names)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const letter = widgetLetter('CM99-0000231');

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'imr-kbwatch-'));
    mkdirSync(workspace());
    mkdirSync(path.join(root, 'shared'));
    // The team's file starts without the widget guideline.
    writeFileSync(kbFile(), JSON.stringify({ guidelines: [] }));
    writeFileSync(path.join(workspace(), '.imr.json'), JSON.stringify({ knowledgeBaseFile: '../shared/team-kb.json' }));
    writeFileSync(path.join(workspace(), 'disk.txt'), letter);
    server = await startServer({ pullConfiguration: true, settings: {}, workspaceFolders: [{ uri: pathToFileURL(workspace()).href, name: 'team' }] });
  });
  after(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('a change on disk re-checks the open letter and re-indexes the library letter that uses it', async () => {
    await lettersOf(server, [uri('disk.txt')]);
    const before = await libraryUntil(uri('disk.txt'), (n) => n.length > 0);
    assert.ok(before.includes('Widget Complaints 2020'), `the library does not know the guideline yet: ${before}`);
    server.open(uri('open.txt'), letter, 1);
    assert.ok(codes(await server.diagnostics(uri('open.txt'), 1)).includes('unknown-guideline'), 'the widget guideline is unknown at first');

    const rechecked = until(uri('open.txt'), (d) => !codes(d).includes('unknown-guideline'));
    writeFileSync(kbFile(), JSON.stringify(WIDGET_KB, null, 2));
    assert.ok(codes(await rechecked).includes('unknown-section'), 'checked against the changed file');
    const names = await libraryUntil(uri('disk.txt'), (n) => n.includes('Widget Guidelines (2020)'));
    assert.ok(!names.includes('Widget Complaints 2020'));
  });

  test('a broken file shows its problems in that file, at the bad entry; fixed, they go', async () => {
    const broken = until(kbUri(), (d) => d.diagnostics.length > 0);
    const bad = { guidelines: [WIDGET_KB.guidelines[0], { id: 'Bad Id', title: 'Bad', aliases: ['Bad'] }] };
    writeFileSync(kbFile(), JSON.stringify(bad, null, 2));
    const problems = (await broken).diagnostics;
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(String(problems[0].message), /^guidelines\[1\]\.id /);
    // At the bad value: the line of `"id": "Bad Id"` in the file as written.
    const line = JSON.stringify(bad, null, 2)
      .split('\n')
      .findIndex((l) => l.includes('"Bad Id"'));
    assert.equal(problems[0].range.start.line, line);

    const syntax = until(kbUri(), (d) => d.diagnostics.some((x) => /not valid JSON/.test(String(x.message))));
    writeFileSync(kbFile(), '{\n  "guidelines": [\n');
    assert.ok((await syntax).diagnostics[0].range.start.line >= 1, 'at the place the JSON breaks, not the top');

    const fixed = until(kbUri(), (d) => d.diagnostics.length === 0);
    writeFileSync(kbFile(), JSON.stringify(WIDGET_KB));
    await fixed;
  });
});
