// Letters get the IMR language: `.imr` by file extension, `.txt` letters by the client's detection.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, LANGUAGE_ID, liveDocument, openLetter, sample, waitFor, workspaceFile } from './util';

describe('IMR language', () => {
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('runs in a workbench of the generation users have: VS Code 1.101 or later on Node 24', () => {
    // The floor package.json declares (engines.vscode) and the Node of current releases' extension host.
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || minor >= 101, `VS Code ${vscode.version} is older than the declared ^1.101.0`);
    assert.ok(Number(process.versions.node.split('.')[0]) >= 24, `the extension host runs Node ${process.versions.node}`);
  });

  it('opens a .imr letter as imr-determination and activates the extension', async () => {
    const doc = await vscode.workspace.openTextDocument(sample('physical-therapy-overturned.imr'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, LANGUAGE_ID);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await waitFor(`${EXTENSION_ID} to activate`, () => (ext.isActive ? true : undefined));
  });

  it('switches a .txt letter to imr-determination and leaves other text alone', async () => {
    // A plain note opened first must still be plaintext once the letter (opened after it) has switched.
    const notes = workspaceFile('notes.txt');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(notes));
    const letter = await openLetter(sample('pt-and-acupuncture.txt'));
    assert.strictEqual(letter.languageId, LANGUAGE_ID);
    assert.match(letter.getText(), /IMR ISSUES, DECISIONS AND RATIONALES/);
    assert.strictEqual(liveDocument(notes)?.languageId, 'plaintext');
  });
});
