// A team's `.imr.json` in the editor: the language server obeys it as imr-check does (its rules
// under the user's imr.rules, its ignore globs), re-checks the open letters when it changes, and
// shows what is wrong with an invalid one as problems in that file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { sampleLetters } from '../helpers/corpus';
import { startServer, type TestServer } from '../helpers/lspClient';

describe('.imr.json in the editor', () => {
  let server: TestServer;
  let dir: string;
  const seed = sampleLetters()[0].text;
  // A misspelt decision: unknown-decision, an error by default.
  const draft = seed.replace(/\b(Upheld|Overturned)\b/, 'Uphled');
  const configFile = () => path.join(dir, '.imr.json');
  const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const codes = (d: { diagnostics: { code?: string | number; severity?: number }[] }) => d.diagnostics.map((x) => `${x.code}:${x.severity}`).sort();
  type Published = Awaited<ReturnType<TestServer['diagnostics']>>;
  /** The first diagnostics for `uri` published from now on that satisfy `ok` (earlier ones do not count). */
  const until = async (uri: string, ok: (d: Published) => boolean): Promise<Published> => {
    const since = server.incoming.length;
    const match = (r: { method: string; params?: unknown }) =>
      r.method === 'textDocument/publishDiagnostics' && (r.params as Published).uri === uri && ok(r.params as Published);
    return (await server.notification(match, 10_000, since)).params as Published;
  };
  const has = (code: string) => (d: Published) => codes(d).includes(code);
  /** The watcher's notification, as the client sends it after a change on disk. */
  const changed = (file: string, type: 1 | 2 | 3) =>
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).href, type }] });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'imr-team-'));
    mkdirSync(path.join(dir, 'drafts'));
    writeFileSync(configFile(), JSON.stringify({ rules: { 'unknown-decision': 'warning' }, ignore: ['drafts/**'] }));
    server = await startServer({ pullConfiguration: true, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'team' }] });
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('its rules apply, and an ignored letter gets no problems', async () => {
    server.open(uriOf('letter.imr'), draft, 1);
    const d = await server.diagnostics(uriOf('letter.imr'), 1);
    assert.ok(codes(d).includes('unknown-decision:2'), `warning (2) from the team file: ${codes(d)}`);
    server.open(uriOf('drafts/draft.imr'), draft, 1);
    assert.deepEqual((await server.diagnostics(uriOf('drafts/draft.imr'), 1)).diagnostics, []);
  });

  test("the user's imr.rules go on top of the team's", async () => {
    server.setSettings({ rules: { 'unknown-decision': 'information' } });
    const next = until(uriOf('letter.imr'), has('unknown-decision:3'));
    server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await next; // information (3), from the user setting
    server.setSettings({});
    const back = until(uriOf('letter.imr'), has('unknown-decision:2'));
    server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await back;
  });

  test('a change to the file re-checks the open letters', async () => {
    writeFileSync(configFile(), JSON.stringify({ rules: { 'unknown-decision': 'off' } }));
    const next = until(uriOf('letter.imr'), (d) => !codes(d).some((c) => c.startsWith('unknown-decision')));
    const draftNow = until(uriOf('drafts/draft.imr'), () => true);
    changed(configFile(), 2);
    await next; // turned off by the changed file
    // No longer ignored, but the rule is off: published again, without this rule's problem.
    assert.ok(!codes(await draftNow).some((c) => c.startsWith('unknown-decision')));
  });

  test('an invalid file is reported in that file, where the mistake is, and the defaults apply meanwhile', async () => {
    writeFileSync(configFile(), '{\n  "rules": { "unknown-decision": "loud" }\n}\n');
    const inConfig = until(pathToFileURL(configFile()).href, (d) => d.diagnostics.length > 0);
    const letter = until(uriOf('letter.imr'), has('unknown-decision:1')); // the default level (error)
    changed(configFile(), 2);
    const problems = (await inConfig).diagnostics;
    assert.equal(problems.length, 1);
    assert.match(String(problems[0].message), /level must be one of off, hint, information, warning, error/);
    assert.deepEqual(problems[0].range.start, { line: 1, character: 33 });
    await letter;
  });

  test('JSONC with one bad entry: the entry is shown where it is, with the nearest code, and the rest applies', async () => {
    writeFileSync(configFile(), '{\n  // the team\'s levels\n  "rules": {\n    "unknown-decison": "off",\n    "unknown-decision": "warning",\n  },\n}\n');
    const inConfig = until(pathToFileURL(configFile()).href, (d) => d.diagnostics.some((x) => /unknown-decison/.test(String(x.message))));
    const letter = until(uriOf('letter.imr'), has('unknown-decision:2')); // the valid entry: warning
    changed(configFile(), 2);
    const problems = (await inConfig).diagnostics;
    assert.equal(problems.length, 1, 'comments and trailing commas are not problems');
    assert.match(
      String(problems[0].message),
      /^unknown rule 'unknown-decison' \(did you mean 'unknown-decision'\?\) \(this entry is left out; the others apply\)$/,
    );
    assert.deepEqual(problems[0].range.start, { line: 3, character: 4 });
    await letter;
  });

  test('a deleted file: its problems go, and the letters get the defaults', async () => {
    unlinkSync(configFile());
    const inConfig = until(pathToFileURL(configFile()).href, (d) => d.diagnostics.length === 0);
    const draftNow = until(uriOf('drafts/draft.imr'), has('unknown-decision:1'));
    changed(configFile(), 3);
    await inConfig;
    await draftNow;
  });
});
