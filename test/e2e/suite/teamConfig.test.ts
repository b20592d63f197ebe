// A team's .imr.json in the real editor: it opens as JSON with comments (no complaint about its
// comments or trailing commas), a bad entry is shown in the file where it is, with the nearest
// rule code, and the valid entries still apply to the letters below it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { codeOf, openLetter, sample, waitFor, waitForDiagnostics } from './util';

describe('team file (.imr.json)', () => {
  // Outside the test workspace, so that the letter library and the other suites never see it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-e2e-team-'));
  const config = vscode.Uri.file(path.join(dir, '.imr.json'));
  const letter = vscode.Uri.file(path.join(dir, 'draft.imr'));
  before(() => {
    fs.writeFileSync(config.fsPath, '{\n  // the team\'s levels\n  "rules": {\n    "unknown-decison": "off",\n    "unknown-decision": "warning",\n  },\n}\n');
    const seed = fs.readFileSync(sample('physical-therapy-overturned.imr').fsPath, 'utf8');
    fs.writeFileSync(letter.fsPath, seed.replace(/\bOverturned\b/, 'Overtunred'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens as JSON with comments; the bad entry is a problem where it is, and the valid one applies', async () => {
    await openLetter(letter);
    // The valid entry: unknown-decision at warning, not its default error.
    await waitForDiagnostics(letter, 'unknown-decision as a warning', (ds) =>
      ds.some((d) => codeOf(d) === 'unknown-decision' && d.severity === vscode.DiagnosticSeverity.Warning),
    );
    const doc = await vscode.workspace.openTextDocument(config);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'jsonc');
    const [problem] = await waitForDiagnostics(config, 'the misspelt rule code', (ds) => ds.some((d) => /unknown-decison/.test(d.message)));
    assert.match(problem.message, /^unknown rule 'unknown-decison' \(did you mean 'unknown-decision'\?\) \(this entry is left out; the others apply\)$/);
    assert.deepStrictEqual([problem.range.start.line, problem.range.start.character], [3, 4]);
    // VS Code's own JSON checks (the schema) run on the file too; none complains of the JSONC syntax.
    await waitFor(
      'the JSON language service to check the file',
      () => (vscode.languages.getDiagnostics(config).some((d) => d.source !== 'imr') ? true : undefined),
      15000,
    ).catch(() => undefined);
    const syntax = vscode.languages.getDiagnostics(config).filter((d) => /comment|trailing comma/i.test(d.message));
    assert.deepStrictEqual(
      syntax.map((d) => d.message),
      [],
    );
  });
});
