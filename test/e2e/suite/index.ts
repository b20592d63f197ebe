// Test runner the extension host loads (extensionTestsPath = out/test/e2e/<suite>/). The same file
// serves desktop VS Code (@vscode/test-electron) and the code-server route: mocha's spec output goes
// to the console, which the workbench forwards (codeAutomationLog), and the promise settles the run.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // Generous per-test timeout: the first request waits for the language server to start.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60000 });
  if (process.env.IMR_E2E_GREP) mocha.grep(process.env.IMR_E2E_GREP);
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}
