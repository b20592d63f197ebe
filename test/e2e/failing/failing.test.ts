// Deliberately failing: proves a broken expectation fails the run (exit 1) with mocha's message
// and diff. Built into out/test/e2e/failing by build-tests.mjs; never run by npm test.
//   node scripts/e2e/run-e2e.mjs out/test/e2e/failing   -> must exit 1
import * as assert from 'assert';
import * as vscode from 'vscode';
import { sample } from '../suite/util';

describe('deliberately failing', () => {
  it('expects a .imr letter to open as plain text', async () => {
    const doc = await vscode.workspace.openTextDocument(sample('physical-therapy-overturned.imr'));
    assert.strictEqual(doc.languageId, 'plaintext');
  });
});
