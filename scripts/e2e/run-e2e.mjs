// Single entry point for the real-editor tests. Always goes through @vscode/test-electron's runTests:
//  - desktop VS Code when one is available: VSCODE_EXECUTABLE_PATH, a complete pinned download in
//    .vscode-test/, or a fresh download (developer with internet; Linux needs a display: xvfb-run -a);
//  - otherwise (offline CI) vscodeExecutablePath = code-server-shim.mjs, which runs the same
//    extensionTestsPath in code-server's remote Node extension host, driven by headless Chromium.
//
// usage: node scripts/e2e/run-e2e.mjs [out/test/e2e/suite]
//        node scripts/e2e/run-e2e.mjs --vsix dist/imr-determinations.vsix [out/test/e2e/vsix]
//          installs the packaged extension into a fresh extensions dir and runs the vsix suite
//          against it (the development path is then an empty probe extension, not this project).
// env:   E2E_BACKEND=web|desktop forces a backend; VSCODE_VERSION overrides the pinned 1.139.1.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, resolveCliPathFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { ROOT, installExtension, writeUserSettings } from './web-runner.mjs';

// Same VS Code as inside code-server 4.139.1, so both backends test one editor version.
const VSCODE_VERSION = process.env.VSCODE_VERSION || '1.139.1';
const SHIM = path.join(ROOT, 'scripts', 'e2e', 'code-server-shim.mjs');

const { values: opts, positionals } = parseArgs({ allowPositionals: true, options: { vsix: { type: 'string' } } });
const testsDir = path.resolve(ROOT, positionals[0] ?? (opts.vsix ? 'out/test/e2e/vsix' : 'out/test/e2e/suite'));

async function pickExecutable() {
  const mode = process.env.E2E_BACKEND;
  if (mode === 'web') return SHIM;
  if (process.env.VSCODE_EXECUTABLE_PATH) return process.env.VSCODE_EXECUTABLE_PATH;
  if (!mode && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    // Desktop Code cannot open a window here; don't download it just to fail.
    console.log('[run-e2e] no display (for desktop VS Code: xvfb-run -a npm run test:e2e); using code-server');
    return SHIM;
  }
  try {
    // Pinned version + complete cache => no network at all; otherwise this downloads.
    return await downloadAndUnzipVSCode({ version: VSCODE_VERSION, cachePath: path.join(ROOT, '.vscode-test'), timeout: 10000 });
  } catch (e) {
    if (mode === 'desktop') throw e;
    console.log(`[run-e2e] desktop VS Code ${VSCODE_VERSION} unavailable (${e.message.split('\n')[0]}); using code-server`);
    return SHIM;
  }
}

const t0 = Date.now();
if (!existsSync(path.join(testsDir, 'index.js'))) {
  console.error(`[run-e2e] ${testsDir}/index.js missing: run node scripts/e2e/build-tests.mjs first`);
  process.exit(2);
}
const exe = await pickExecutable();
const web = exe === SHIM;
console.log(`[run-e2e] backend: ${web ? 'code-server (web workbench + remote Node extension host)' : exe}`);
if (!web && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.log('[run-e2e] warning: no DISPLAY; desktop VS Code needs one (xvfb-run -a)');
}

// A throw-away profile for either backend: quiet settings, empty extensions dir.
const profile = mkdtempSync(path.join(tmpdir(), 'imr-profile-'));
const userDataDir = path.join(profile, 'user-data');
const extensionsDir = path.join(profile, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
writeUserSettings(userDataDir);

let extensionDevelopmentPath = ROOT;
const launchArgs = [path.join(ROOT, 'test', 'e2e', 'workspace'), `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`];
const extensionTestsEnv = { IMR_E2E: '1', IMR_E2E_ROOT: ROOT };
let code = 0;
try {
  if (opts.vsix) {
    const vsix = path.resolve(ROOT, opts.vsix);
    if (!existsSync(vsix)) throw new Error(`${vsix} not found: run npm run package first`);
    console.log(`[run-e2e] installing ${path.relative(ROOT, vsix)}`);
    if (web) installExtension(vsix, extensionsDir);
    else
      execFileSync(
        resolveCliPathFromVSCodeExecutablePath(exe),
        [`--extensions-dir=${extensionsDir}`, `--user-data-dir=${userDataDir}`, '--install-extension', vsix],
        { stdio: 'inherit' },
      );
    // runTests needs a development extension; an empty probe keeps this project's folder out of the picture.
    extensionDevelopmentPath = path.join(profile, 'probe');
    mkdirSync(extensionDevelopmentPath);
    writeFileSync(
      path.join(extensionDevelopmentPath, 'package.json'),
      JSON.stringify({
        name: 'imr-e2e-probe',
        publisher: 'imr-tools-test',
        version: '0.0.0',
        engines: { vscode: '*' },
      }),
    );
    extensionTestsEnv.IMR_E2E_EXTENSIONS_DIR = extensionsDir;
  } else {
    launchArgs.push('--disable-extensions'); // desktop: nothing but built-ins and the extension under test
  }
  await runTests({ vscodeExecutablePath: exe, extensionDevelopmentPath, extensionTestsPath: testsDir, launchArgs, extensionTestsEnv });
  console.log(`[run-e2e] passed in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
} catch (e) {
  console.error(`[run-e2e] FAILED after ${((Date.now() - t0) / 1000).toFixed(1)}s: ${e.message}`);
  code = typeof e.code === 'number' && e.code !== 0 ? e.code : 1;
} finally {
  rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
