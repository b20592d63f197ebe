// Workspace symbols: the disputed items of every letter in the workspace folder (test/e2e/workspace),
// open or not, from the server's background index.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { noAutoSave, openLetter, replaceText, revertAndCloseAll, waitFor, workspaceFile } from './util';

/** Physical therapy items of the letters in test/e2e/workspace (none of them open). */
const EXPECTED: [file: string, item: string, decision: string][] = [
  ['draft-missing-rationale.imr', 'Physical therapy 2 times a week for 4 weeks, lumbar spine', 'Upheld'],
  ['physical-therapy-lumbar.txt', 'Physical Therapy 2 times a week for 3 weeks for Lumbar Spine', 'Upheld'],
  ['physical-therapy-upheld.txt', 'Physical therapy 2x4 for core and trunk stabilization for the lumbar spine', 'Upheld'],
  ['x-rays-and-pt.txt', 'PHYSICAL THERAPY , LUMBAR SPINE AND CERVICAL SPINE X 8', 'Upheld'],
];

describe('workspace symbols', () => {
  before(noAutoSave);
  it("finds 'physical therapy' items in several letters of the workspace folder, with their files and ranges", async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    assert.strictEqual(path.resolve(folder.uri.fsPath), path.dirname(workspaceFile('x').fsPath));
    const inFolder = (s: vscode.SymbolInformation) => s.location.uri.fsPath.startsWith(folder.uri.fsPath + path.sep);

    // The index is built in the background: ask until every letter of the folder is in.
    const symbols = await waitFor('the workspace index to hold every physical therapy item', async () => {
      const s = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'physical therapy');
      const found = (s ?? []).filter(inFolder);
      return EXPECTED.every(([file, item]) => found.some((x) => x.name === item && path.basename(x.location.uri.fsPath) === file)) ? found : undefined;
    });

    for (const [file, item, decision] of EXPECTED) {
      const s = symbols.find((x) => x.name === item)!;
      assert.strictEqual(s.location.uri.toString(), workspaceFile(file).toString(), `${item}: file`);
      assert.strictEqual(s.kind, vscode.SymbolKind.Object);
      assert.strictEqual(s.containerName, `${decision} · ${file}`);
      // The location is the item's name in that file (read from disk: the letter is not open).
      const text = (await vscode.workspace.fs.readFile(s.location.uri)).toString();
      const lines = text.split(/\r?\n/);
      const r = s.location.range;
      assert.strictEqual(r.start.line, r.end.line, `${item}: range spans lines`);
      assert.strictEqual(lines[r.start.line].slice(r.start.character, r.end.character), item, `${item}: range`);
    }
    // Only matching items: the knee MRI and the x-rays are not physical therapy.
    const names = symbols.map((s) => s.name);
    assert.ok(!names.includes('MRI of the right knee'), JSON.stringify(names));
    assert.ok(!names.includes('X-RAYS OF THE CERVICAL SPINE AND LUMBAR SPINE'), JSON.stringify(names));
    assert.ok(new Set(symbols.map((s) => s.location.uri.toString())).size >= 4, 'items from at least four letters');
  });

  it("an open letter's unsaved text wins over the file on disk, until it is reverted", async () => {
    const uri = workspaceFile('draft-missing-rationale.imr');
    const doc = await openLetter(uri);
    const query = (q: string) => vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', q);
    try {
      await replaceText(doc, 'MRI of the right knee: Overturned', 'Aquatic therapy for the right knee: Overturned');
      const aquatic = await waitFor('the renamed item', async () => (await query('aquatic')).find((s) => s.location.uri.toString() === uri.toString()));
      assert.strictEqual(aquatic.name, 'Aquatic therapy for the right knee');
      assert.strictEqual(doc.getText(aquatic.location.range), 'Aquatic therapy for the right knee');
      assert.ok(!(await query('MRI knee')).some((s) => s.location.uri.toString() === uri.toString()), 'the old name is still listed');
    } finally {
      await revertAndCloseAll();
    }
    // Closed without saving: the file on disk counts again.
    await waitFor('the item name from disk', async () => ((await query('MRI knee')).some((s) => s.name === 'MRI of the right knee') ? true : undefined));
    assert.ok(!(await query('aquatic')).some((s) => s.location.uri.toString() === uri.toString()));
  });
});
