#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
// runTests spawns it with desktop CLI flags and takes our exit code as the test result; we run
// the same extensionTestsPath in code-server + headless Chromium instead (see web-runner.mjs).
// Understood: --extensionDevelopmentPath=, --extensionTestsPath=, --extensions-dir=,
// --user-data-dir= and the first positional argument (the folder to open). The rest
// (--no-sandbox, --disable-updates, --disable-extensions, ...) only mean something to desktop Code.
import { runWebTests } from './web-runner.mjs';

const dev = [];
let tests, folder, extensionsDir, userDataDir;
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(a);
  if (m?.[1] === 'extensionDevelopmentPath') dev.push(m[2]);
  else if (m?.[1] === 'extensionTestsPath') tests = m[2];
  else if (m?.[1] === 'extensions-dir') extensionsDir = m[2];
  else if (m?.[1] === 'user-data-dir') userDataDir = m[2];
  else if (!a.startsWith('-')) folder ??= a;
}
if (!tests || dev.length !== 1) {
  console.error('code-server-shim: need exactly one --extensionDevelopmentPath= and one --extensionTestsPath=');
  process.exit(2);
}
process.exit(
  await runWebTests({
    extensionDevelopmentPath: dev[0],
    extensionTestsPath: tests,
    folder: folder ?? dev[0],
    extensionsDir,
    userDataDir,
    timeoutSec: Number(process.env.E2E_TIMEOUT_SEC || 180),
  }),
);
