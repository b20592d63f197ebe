// IMR: Open Letters Library… in the real editor: a library file written by `imr-check --library`
// is opened through the command (its path as the argument, as the dialog would answer), shown as
// a second root beside the workspace's letters; a letter whose file is here opens at the item, one
// whose file is gone says where it was; its summary and CSV come from its root; Close Library
// returns to the workspace's library alone. A bad file is refused and the view stays as it was.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { LibraryApi } from '../../../client/src/library/register';
import type { LetterNode, LettersView } from '../../../client/src/library/lettersView';
import { parseCsv } from '../../../server/src/csv/csv';
import { COMMANDS, LETTERS_REQUEST, type OpenLibraryResult } from '../../../server/src/protocol';
import { EXTENSION_ID, revertAndCloseAll, ROOT, sendRequest, waitFor } from './util';

const labelOf = (t: vscode.TreeItem) => (typeof t.label === 'string' ? t.label : (t.label?.label ?? ''));

/** A made-up letter whose file is deleted after the library is written (it is "not on this machine"). */
const GONE = `Case Number: CM99-0000777
Date Assigned: 01/03/2017
Decision Date: 02/01/2017
Date of Injury: 05/21/2015

HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.

IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
Chiropractic manipulation 6 visits: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Manual therapy & manipulation.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Manual therapy & manipulation.
Decision rationale: The request for chiropractic manipulation is not medically necessary.
`;

/** Every node under `node`, groups and letters opened as a user expands them. */
async function below(view: LettersView, node: LetterNode): Promise<LetterNode[]> {
  const out: LetterNode[] = [];
  for (const child of await view.getChildren(node)) out.push(child, ...(child.kind === 'item' ? [] : await below(view, child)));
  return out;
}

describe('IMR: Open Letters Library…', () => {
  let library: LibraryApi;
  let client: LanguageClient;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-e2e-openlib-'));
  const letters = path.join(dir, 'letters');
  const file = path.join(dir, 'archive.sqlite');

  before(async () => {
    ({ library, client } = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { library: LibraryApi; client: LanguageClient });
    // A folder of made-up letters: the e2e workspace's, and one removed after the library is written.
    fs.cpSync(path.join(ROOT, 'test', 'e2e', 'workspace'), letters, { recursive: true });
    fs.writeFileSync(path.join(letters, 'gone.txt'), GONE);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--library', file, letters], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.ok(r.status === 0 || r.status === 1, `imr-check --library: ${r.status} ${r.stderr}`);
    fs.rmSync(path.join(letters, 'gone.txt'));
    await vscode.commands.executeCommand('imr.letters.focus');
  });
  after(async () => {
    await vscode.commands.executeCommand(COMMANDS.closeLibrary);
    await revertAndCloseAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file that is not a library, and the view stays as it was', async () => {
    const bad = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(bad, 'not a database');
    const before = (await library.view.getChildren()).map((n) => labelOf(library.view.getTreeItem(n)));
    const opened = await vscode.commands.executeCommand<OpenLibraryResult | undefined>(COMMANDS.openLibrary, vscode.Uri.file(bad));
    assert.strictEqual(opened, undefined);
    assert.strictEqual(library.view.roots, undefined);
    assert.deepStrictEqual(
      (await library.view.getChildren()).map((n) => labelOf(library.view.getTreeItem(n))),
      before,
    );
  });

  it('opens as a second root; a letter here opens at its item, one not here says where it was; Close Library returns', async () => {
    const bytes = fs.readFileSync(file);
    const opened = await vscode.commands.executeCommand<OpenLibraryResult | undefined>(COMMANDS.openLibrary, vscode.Uri.file(file));
    assert.ok(opened, 'opened');
    assert.strictEqual(opened.letters, 7);
    const roots = await library.view.getChildren();
    assert.deepStrictEqual(
      roots.map((n) => labelOf(library.view.getTreeItem(n))),
      ['Workspace', 'archive.sqlite'],
    );
    assert.strictEqual(library.view.getTreeItem(roots[1]).description, '7 letters · read-only');
    assert.strictEqual(library.view.getTreeItem(roots[1]).contextValue, 'openedLibrary');
    // The workspace's own letters are still there, under their root.
    const own = (await below(library.view, roots[0])).filter((n) => n.kind === 'letter');
    assert.ok(own.length >= 6, `${own.length} workspace letters`);

    const nodes = await below(library.view, roots[1]);
    const gone = nodes.find((n) => n.kind === 'letter' && n.letter.caseNumber === 'CM99-0000777')!;
    assert.ok(gone, 'the letter whose file is gone is listed');
    const goneItem = library.view.getTreeItem(gone);
    assert.strictEqual(goneItem.description, `not on this machine: ${path.join(letters, 'gone.txt')}`);
    const goneChild = nodes.find((n) => n.kind === 'item' && n.letter.caseNumber === 'CM99-0000777')!;
    assert.strictEqual(library.view.getTreeItem(goneChild).command, undefined, 'no click that cannot open it');
    assert.match(String(library.view.getTreeItem(goneChild).tooltip), /Not on this machine: it was at .*gone\.txt/);

    const knee = nodes.find((n) => n.kind === 'item' && n.item.name === 'MRI of the right knee')!;
    assert.ok(knee, 'the knee MRI item is listed under the opened library');
    const cmd = library.view.getTreeItem(knee).command!;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    const editor = await waitFor('the letter of the opened library in an editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.fsPath === path.join(letters, 'draft-missing-rationale.imr') ? e : undefined;
    });
    assert.strictEqual(editor.document.getText(editor.selection), 'MRI of the right knee');

    // Its summary and its CSV, from its root's context menu (the node is the argument).
    await vscode.commands.executeCommand(COMMANDS.showLettersSummary, roots[1]);
    const panel = await waitFor('the summary of the opened library', () => (library.summary()?.lastRendered ? library.summary() : undefined));
    assert.strictEqual(panel.panel.title, 'IMR Letters Summary: archive.sqlite');
    panel.dispose();
    const csv = vscode.Uri.file(path.join(dir, 'archive.csv'));
    await vscode.commands.executeCommand(COMMANDS.exportLettersCsv, roots[1], csv);
    const rows = parseCsv(fs.readFileSync(csv.fsPath, 'utf8'));
    assert.ok(
      rows.some((r) => r[2] === 'CM99-0000777'),
      'the letter not on this machine is exported too',
    );
    assert.strictEqual(rows.length - 1, nodes.filter((n) => n.kind === 'item').length);

    // A restarted server has no file open: the client opens it again.
    await vscode.commands.executeCommand(COMMANDS.restartServer);
    await waitFor('the opened library to answer the restarted server', async () => {
      const id = library.view.roots?.opened.library?.id;
      const answer = id ? await sendRequest(client, LETTERS_REQUEST, { library: id }).catch(() => undefined) : undefined;
      return answer?.length === 7 ? true : undefined;
    });

    await vscode.commands.executeCommand(COMMANDS.closeLibrary, roots[1]);
    assert.strictEqual(library.view.roots, undefined);
    const after = (await library.view.getChildren()).map((n) => labelOf(library.view.getTreeItem(n)));
    assert.ok(!after.includes('archive.sqlite') && !after.includes('Workspace'), JSON.stringify(after));
    assert.ok(fs.readFileSync(file).equals(bytes), 'the library file is unchanged');
  });
});
