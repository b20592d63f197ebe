// The task "IMR: Check all letters": imr-check over the workspace folder, its findings read by
// the contributed $imr-check problem matcher into the Problems view, with working file links.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { revertAndCloseAll, waitFor, workspaceFile } from './util';

describe('the IMR: Check all letters task', () => {
  after(revertAndCloseAll);

  it('runs imr-check over the workspace and its findings land in Problems, linked to the letter and line', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'imr-check' });
    const task = tasks.find((t) => t.name === 'Check all letters');
    assert.ok(task, `no 'Check all letters' task among ${tasks.map((t) => t.name).join(', ')}`);
    assert.strictEqual(task.source, 'IMR');

    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name !== task.name) return;
        sub.dispose();
        resolve(e.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    const exitCode = await ended;
    // The workspace holds a draft with an error (and a notes.txt that is no letter): exit 1 or 2, not a crash.
    assert.ok(exitCode === 1 || exitCode === 2, `imr-check exited ${exitCode}`);

    // The draft is not open in an editor, so only the task's matcher can have put this there.
    const draft = workspaceFile('draft-missing-rationale.imr');
    const found = await waitFor('the task problems of the draft in the Problems view', () => {
      const ds = vscode.languages.getDiagnostics(draft).filter((d) => d.source === 'imr-check');
      return ds.some((d) => d.code === 'missing-rationale') ? ds : undefined;
    });
    const missing = found.find((d) => d.code === 'missing-rationale')!;
    assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Error);
    assert.match(missing.message, /Decision rationale/);
    // The link goes to the item's line in the file: the line holds the item's header.
    const text = (await vscode.workspace.fs.readFile(draft)).toString().split(/\r?\n/);
    assert.match(text[missing.range.start.line], /Upheld|Overturned/, `line ${missing.range.start.line + 1}: ${text[missing.range.start.line]}`);
    // A finished letter of the folder gets no task error.
    const finished = vscode.languages
      .getDiagnostics(workspaceFile('physical-therapy-upheld.txt'))
      .filter((d) => d.source === 'imr-check' && d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(finished, []);
  });
});
