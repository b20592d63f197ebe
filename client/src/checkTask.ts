// The task `IMR: Check all letters`: runs imr-check (the extension's own dist/cli.js) over a
// workspace folder; the `$imr-check` problem matcher (package.json) puts its findings in the
// Problems view. A task in tasks.json of `"type": "imr-check"` may name `paths` and `args`.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const TASK_TYPE = 'imr-check';

interface ImrCheckTaskDefinition extends vscode.TaskDefinition {
  paths?: string[];
  args?: string[];
}

function taskFor(
  context: vscode.ExtensionContext,
  folder: vscode.WorkspaceFolder,
  definition: ImrCheckTaskDefinition,
  name = 'Check all letters',
): vscode.Task {
  const cli = context.asAbsolutePath(path.join('dist', 'cli.js'));
  const targets = definition.paths && definition.paths.length > 0 ? definition.paths.map((p) => path.resolve(folder.uri.fsPath, p)) : [folder.uri.fsPath];
  // The editor's own runtime runs the CLI (no Node needed on the PATH): in desktop VS Code
  // process.execPath is Electron, which ELECTRON_RUN_AS_NODE turns into plain Node.
  const execution = new vscode.ProcessExecution(process.execPath, [cli, '--format', 'text', ...(definition.args ?? []), ...targets], {
    cwd: folder.uri.fsPath,
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  const task = new vscode.Task(definition, folder, name, 'IMR', execution, ['$imr-check']);
  task.group = vscode.TaskGroup.Test;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
  return task;
}

/** Registers the task provider; returns its disposable. */
export function registerCheckTask(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks() {
      // Only folders on disk: the CLI reads files, not virtual workspaces.
      return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => taskFor(context, f, { type: TASK_TYPE }));
    },
    resolveTask(task) {
      const folder = task.scope;
      if (!folder || typeof folder === 'number' || folder.uri.scheme !== 'file') return undefined;
      return taskFor(context, folder, task.definition as ImrCheckTaskDefinition, task.name);
    },
  });
}
