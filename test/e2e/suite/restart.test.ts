// The language server comes back: after `IMR: Restart Language Server`, and after it is killed
// (kill -9), the client starts a new one and diagnostics follow edits again.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  codeOf,
  isAlive,
  languageServerPid,
  languageServerPids,
  noAutoSave,
  openLetter,
  processEnv,
  replaceText,
  revertAndCloseAll,
  waitFor,
  waitForDiagnostics,
  workspaceFile,
} from './util';
import { SERVER_NODE_FLAGS } from '../../../server/src/protocol';

const DRAFT = 'draft-missing-rationale.imr';

/** Misspells the knee item's decision and waits for the server to report it. */
async function expectNewProblemAfterEdit(doc: vscode.TextDocument, misspelt: string): Promise<void> {
  await replaceText(doc, 'right knee: Overturned', `right knee: ${misspelt}`);
  const ds = await waitForDiagnostics(doc.uri, `unknown-decision on '${misspelt}'`, (x) =>
    x.some((d) => codeOf(d) === 'unknown-decision' && doc.getText(d.range) === misspelt),
  );
  // The problems the letter had before the restart are published again too.
  assert.ok(
    ds.some((d) => codeOf(d) === 'missing-rationale'),
    'missing-rationale not published by the new server',
  );
}

describe('language server restart', () => {
  before(noAutoSave);
  afterEach(revertAndCloseAll);

  it("the server runs with the extension's Node flags (a small young generation)", async function () {
    if (process.platform !== 'linux') this.skip();
    const pid = await languageServerPid();
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const script = args.findIndex((a) => /[\\/]dist[\\/]server\.js$/.test(a));
    assert.ok(script > 0, args.join(' '));
    for (const flag of SERVER_NODE_FLAGS) assert.ok(args.slice(0, script).includes(flag), `${flag} in ${args.slice(0, script).join(' ')}`);
  });

  it('IMR: Restart Language Server starts a new server process that checks edits', async () => {
    const uri = workspaceFile(DRAFT);
    const doc = await openLetter(uri);
    await waitForDiagnostics(uri, 'missing-rationale', (x) => x.some((d) => codeOf(d) === 'missing-rationale'));
    const old = await languageServerPid();

    await vscode.commands.executeCommand('imr.restartServer');
    const fresh = await languageServerPid(old);
    assert.notStrictEqual(fresh, old);
    await waitFor(`old server ${old} to exit`, () => (isAlive(old) ? undefined : true));
    await expectNewProblemAfterEdit(doc, 'Overturnd');

    // The client gives the server a folder in the extension's storage for its code cache; the
    // server that was stopped wrote one there on its way out (server/src/lsp/bootstrap.ts).
    const env = processEnv(fresh);
    if (env) {
      const dir = env.IMR_CODE_CACHE_DIR;
      assert.ok(dir && dir.includes('imr-tools.imr-determinations'), `IMR_CODE_CACHE_DIR of the server: ${dir}`);
      assert.ok(
        fs.readdirSync(dir).some((f) => /^server-main-.+\.cache$/.test(f)),
        `no code cache in ${dir}: ${fs.readdirSync(dir).join(', ')}`,
      );
    }
  });

  it('a killed server (SIGKILL) is restarted by the client, and diagnostics are published again', async () => {
    const uri = workspaceFile(DRAFT);
    const doc = await openLetter(uri);
    await waitForDiagnostics(uri, 'missing-rationale', (x) => x.some((d) => codeOf(d) === 'missing-rationale'));
    const old = await languageServerPid();

    process.kill(old, 'SIGKILL');
    await waitFor(`server ${old} to die`, () => (languageServerPids().includes(old) ? undefined : true));
    const fresh = await languageServerPid(old);
    assert.notStrictEqual(fresh, old);
    await expectNewProblemAfterEdit(doc, 'Overtrned');
    // Features other than diagnostics answer too.
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.ok(symbols.some((s) => s.name.trim() === 'IMR ISSUES, DECISIONS AND RATIONALES'));
  });
});
