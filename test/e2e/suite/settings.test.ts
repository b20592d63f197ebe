// imr.rules: turning a rule off (through the quick fix's command or the settings API) takes
// effect at once, without reloading the window or restarting the server.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, noAutoSave, openLetter, revertAndCloseAll, waitFor, waitForDiagnostics, workspaceFile } from './util';

const DRAFT = 'draft-missing-rationale.imr';
const hasMissingRationale = (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === 'missing-rationale');

describe('settings (imr.rules)', () => {
  before(noAutoSave);
  const config = () => vscode.workspace.getConfiguration('imr');
  let saved: ReturnType<vscode.WorkspaceConfiguration['inspect']>;
  before(() => {
    saved = config().inspect('rules');
  });
  // Put the user's (test profile's) value back, whatever happened.
  afterEach(async () => {
    await config().update('rules', saved?.globalValue, vscode.ConfigurationTarget.Global);
    await revertAndCloseAll();
  });

  it("the 'Turn off rule' action writes imr.rules to the user settings and the diagnostic goes at once", async () => {
    const uri = workspaceFile(DRAFT);
    await openLetter(uri);
    const ds = await waitForDiagnostics(uri, 'missing-rationale', hasMissingRationale);
    const diagnostic = ds.find((d) => codeOf(d) === 'missing-rationale')!;
    const action = await waitFor("the 'Turn off rule' action", async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      return actions?.find((a) => a.title === "Turn off rule 'missing-rationale'");
    });
    assert.ok(!action.edit, 'turning a rule off does not edit the letter');
    assert.strictEqual(action.command?.command, 'imr.disableRule');
    assert.deepStrictEqual(action.command.arguments, ['missing-rationale']);

    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    assert.deepStrictEqual(config().inspect('rules')?.globalValue, { 'missing-rationale': 'off' });
    await waitForDiagnostics(uri, 'missing-rationale gone', (x) => !hasMissingRationale(x));

    // Back to the default: the error returns, again without a reload.
    await config().update('rules', undefined, vscode.ConfigurationTarget.Global);
    const back = await waitForDiagnostics(uri, 'missing-rationale back', hasMissingRationale);
    assert.strictEqual(back.find((d) => codeOf(d) === 'missing-rationale')!.severity, vscode.DiagnosticSeverity.Error);
  });

  it("a level other than off changes the diagnostic's severity without a reload", async () => {
    const uri = workspaceFile(DRAFT);
    await openLetter(uri);
    await waitForDiagnostics(uri, 'missing-rationale error', (x) =>
      x.some((d) => codeOf(d) === 'missing-rationale' && d.severity === vscode.DiagnosticSeverity.Error),
    );
    await config().update('rules', { 'missing-rationale': 'information' }, vscode.ConfigurationTarget.Global);
    await waitForDiagnostics(uri, 'missing-rationale as information', (x) =>
      x.some((d) => codeOf(d) === 'missing-rationale' && d.severity === vscode.DiagnosticSeverity.Information),
    );
  });
});
