// Rename (F2) of an item's name in the real workbench: the workbench's rename runs our
// prepareRename and rename, and the edit renames the heading, the preamble and the item's
// rationale; elsewhere F2 is refused with our message.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { documentSymbols, LANGUAGE_ID, revertAndCloseAll, waitFor } from './util';

/** A partial authorization whose preamble and rationale repeat the item's name (our own letter). */
const LETTER = [
  'Case Number: CM99-0000141',
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
  'The injured worker is a 52 year old male with low back pain.',
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
  '',
].join('\n');

const NEW_NAME = 'Aquatic therapy 2 times a week for 3 weeks';

describe('rename (F2) of an item name', () => {
  after(revertAndCloseAll);

  it('renames the heading, the preamble and the rationale; refuses elsewhere with a message', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: LETTER });
    const editor = await vscode.window.showTextDocument(doc);
    // The server has the document once its outline answers.
    await documentSymbols(doc.uri);
    const heading = doc.positionAt(LETTER.indexOf('Aquatic therapy 2 times\na week') + 3);

    const prepared = await waitFor('prepareRename on the item name', async () => {
      try {
        return await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', doc.uri, heading);
      } catch {
        return undefined;
      }
    });
    assert.strictEqual(prepared.placeholder, 'Aquatic therapy 2 times a week for 4 weeks');
    assert.strictEqual(doc.getText(prepared.range), 'Aquatic therapy 2 times\na week for 4 weeks');

    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', doc.uri, doc.positionAt(LETTER.indexOf('CLINICAL CASE SUMMARY') + 3))),
      /Rename works on the name of a disputed item/,
    );

    // F2 as the workbench runs it: the rename provider's edit, applied to the document.
    editor.selection = new vscode.Selection(heading, heading);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, heading, NEW_NAME);
    assert.strictEqual(edit.get(doc.uri).length, 3, 'the heading, the preamble and the rationale');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const text = doc.getText();
    assert.ok(text.includes(`${NEW_NAME} was the original request`), text);
    assert.ok(text.includes(`original request, ${NEW_NAME} is: Upheld`), text);
    assert.ok(text.includes('the request for aquatic therapy 2 times a week for 3 weeks is not medically necessary'), text);
    assert.ok(!/for 4\s+weeks/.test(text), text);

    // The outline follows: the item is listed under its new name.
    const named = await waitFor('the outline to show the new name', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      const all = (symbols ?? []).flatMap(function flat(s): vscode.DocumentSymbol[] {
        return [s, ...s.children.flatMap(flat)];
      });
      return all.find((s) => s.name === NEW_NAME);
    });
    assert.strictEqual(named.detail, 'Upheld');
  });
});
