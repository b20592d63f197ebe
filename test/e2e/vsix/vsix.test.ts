// Runs against the packaged extension installed from dist/imr-determinations.vsix into a fresh
// extensions dir (scripts/e2e/run-e2e.mjs --vsix): proves the package is complete and activates.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, documentSymbols, hoverMarkdown, openLetter, sample, waitFor } from '../suite/util';

describe('packaged .vsix', () => {
  it('is installed from the extensions dir and holds only the allow-listed files', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} not installed`);
    const dir = process.env.IMR_E2E_EXTENSIONS_DIR;
    assert.ok(dir, 'IMR_E2E_EXTENSIONS_DIR not set (run through run-e2e.mjs --vsix)');
    assert.strictEqual(path.dirname(ext.extensionPath), path.resolve(dir), 'extension not loaded from the installed .vsix');
    // The MTUS data is read from beside the server; the rule pages are what diagnostics link to.
    // media/: the letters summary webview's script and style. dist/pdfium/: the PDF engine, beside
    // the reader's worker (nothing is fetched), with its licences.
    for (const f of [
      'package.json',
      'dist/extension.js',
      'dist/server.js',
      'dist/mtus-kb.json',
      'dist/pdf-worker.js',
      'dist/pdf-reader.js',
      // The task `IMR: Check all letters` runs the extension's own imr-check: all of it.
      'dist/cli.js',
      'dist/cli-main.js',
      'dist/cli-worker.js',
      'dist/pdfium/pdfium.wasm',
      'dist/pdfium/LICENSE.pdfium',
      'docs/rules/missing-rationale.md',
      'media/summary.js',
      'media/summary.css',
    ]) {
      assert.ok(fs.existsSync(path.join(ext.extensionPath, f)), `${f} missing from the package`);
    }
    for (const f of ['node_modules', 'client', 'server', 'test', 'samples', 'scripts']) {
      assert.ok(!fs.existsSync(path.join(ext.extensionPath, f)), `${f}/ should not be packaged`);
    }
  });

  it('activates on a .txt letter and its language server answers', async () => {
    const uri = sample('pt-and-acupuncture.txt');
    await openLetter(uri);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('extension activation', () => (ext.isActive ? true : undefined));
    const names = (await documentSymbols(uri)).map((s) => s.name.trim());
    assert.ok(names.includes('IMR ISSUES, DECISIONS AND RATIONALES'), `outline from packaged server: ${JSON.stringify(names)}`);
  });

  it('hovers a cited page from the knowledge base shipped in the package', async () => {
    const doc = await openLetter(sample('physical-therapy-overturned.imr'));
    const at = doc.getText().indexOf('98-99', doc.getText().indexOf('MAXIMUS guideline:'));
    assert.ok(at > 0, 'the sample cites pages 98-99');
    const markdown = await waitFor('hover on 98-99', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 2));
      const text = hoverMarkdown(hovers);
      return text.trim() ? text : undefined;
    });
    assert.match(markdown, /Chronic Pain Medical Treatment Guidelines/, markdown);
    assert.match(markdown, /Pages 98-99/, markdown);
  });
});
