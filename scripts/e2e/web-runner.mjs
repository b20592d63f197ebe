// Offline stand-in for a desktop VS Code: code-server (VS Code 1.139.1 server + web workbench)
// driven by Debian's headless Chromium through playwright-core. Extension-host tests run in the
// REMOTE Node extension host, so vscode-languageclient/node starts dist/server.js as usual.
//
// Exports, for the other scripts:
//   startCodeServer()  - code-server on 127.0.0.1, auth none, isolated temp dirs, own process group
//   launchWorkbench()  - startCodeServer + Chromium on a folder; returns { page, dispose, ... }
//   runWebTests()      - launchWorkbench with extensionTestsPath; resolves to mocha's exit code
//   installExtension() - `code-server --install-extension <vsix>` into a given extensions dir
// CLI:
//   node scripts/e2e/web-runner.mjs --tests out/test/e2e/suite [--workspace test/e2e/workspace]
//   node scripts/e2e/web-runner.mjs --screenshot outline.png [--open samples/pt-and-acupuncture.txt]
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// 4.139.1 bundles VS Code 1.139.1, whose extension host runs on Node 24 like current desktop
// releases. Keep in step with scripts/e2e/install-code-server.sh and run-e2e.mjs's VSCODE_VERSION.
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.139.1';
// code-server runs on the project's pinned Node (the `node` devDependency), not on whatever
// `node` a shell finds first: its native modules and its extension host expect Node 24.
export const PINNED_NODE = existsSync(path.join(ROOT, 'node_modules', 'node', 'bin', 'node'))
  ? path.join(ROOT, 'node_modules', 'node', 'bin', 'node')
  : process.execPath;
export const codeServerBin = () =>
  process.env.CODE_SERVER_BIN || path.join(ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** User settings for a quiet, offline workbench (also written for desktop runs by run-e2e.mjs). */
export const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  // The web workbench auto-saves by default (desktop does not): tests must never write edits to fixtures.
  'files.autoSave': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  // Otherwise a "git repository found in parent folder" notification covers screenshots.
  'git.openRepositoryInParentFolders': 'never',
  'security.workspace.trust.enabled': false,
};

/** Writes <userDataDir>/User/settings.json (quiet settings + extra). */
export function writeUserSettings(userDataDir, extra = {}) {
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stamp = (t0) => `+${((Date.now() - t0) / 1000).toFixed(1)}s`;

/** Environment that keeps code-server out of $HOME and /tmp and away from the extension gallery. */
function isolatedEnv(tmp, extra = {}) {
  return {
    ...process.env,
    ...extra,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: tmp,
    XDG_DATA_HOME: tmp,
    XDG_CACHE_HOME: tmp,
    XDG_RUNTIME_DIR: tmp,
    TMPDIR: tmp,
  };
}

function requireCodeServer(codeServer) {
  if (!existsSync(codeServer)) {
    throw new Error(`code-server not found at ${codeServer}; run: bash scripts/e2e/install-code-server.sh`);
  }
}

/** Installs a .vsix into extensionsDir with code-server's CLI (no server is started). */
export function installExtension(vsix, extensionsDir, { codeServer = codeServerBin() } = {}) {
  requireCodeServer(codeServer);
  const tmp = mkdtempSync(path.join(tmpdir(), 'imr-vsix-'));
  try {
    writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\n');
    return execFileSync(
      PINNED_NODE,
      [
        codeServer,
        '--config',
        path.join(tmp, 'config.yaml'),
        '--user-data-dir',
        path.join(tmp, 'user-data'),
        '--extensions-dir',
        extensionsDir,
        '--install-extension',
        path.resolve(vsix),
      ],
      { encoding: 'utf8', env: isolatedEnv(tmp), stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Starts code-server bound to loopback with auth off, in its own process group, with config,
 * user data, extensions and TMPDIR under a fresh temp folder (unless dirs are given).
 * @returns {Promise<{endpoint: URL, tmp: string, remote: (p: string) => string, dispose: () => Promise<void>}>}
 */
export async function startCodeServer({ port = 0, extensionsDir, userDataDir, settings = {}, env = {}, log = () => {}, codeServer = codeServerBin() } = {}) {
  requireCodeServer(codeServer);
  const tmp = mkdtempSync(path.join(tmpdir(), 'imr-e2e-'));
  userDataDir ??= path.join(tmp, 'user-data');
  extensionsDir ??= path.join(tmp, 'extensions');
  if (!existsSync(path.join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir, settings);
  writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\n'); // never read ~/.config/code-server
  const cs = spawn(
    PINNED_NODE,
    [
      codeServer,
      '--config',
      path.join(tmp, 'config.yaml'),
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      // VS Code 1.13x ignores the payload's extensionTestsPath in a built product without it.
      '--vscode-option',
      'enable-smoke-test-driver',
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: isolatedEnv(tmp, env) },
  );

  // code-server, its VS Code server, the extension host, the language server and file watchers all
  // share this process group: TERM the group, give it 10 s, then KILL, then drop the temp folder.
  const alive = () => {
    try {
      process.kill(-cs.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  let disposed;
  const dispose = () =>
    (disposed ??= (async () => {
      try {
        process.kill(-cs.pid, 'SIGTERM');
      } catch {
        /* the group is gone */
      }
      for (let i = 0; i < 100 && alive(); i++) await sleep(100);
      if (alive())
        try {
          process.kill(-cs.pid, 'SIGKILL');
        } catch {
          /* it died meanwhile */
        }
      rmSync(tmp, { recursive: true, force: true });
    })());

  let out = '';
  try {
    const endpoint = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start in 60 s:\n${out}`)), 60000);
      const onData = (d) => {
        out += d;
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(new URL(m[1]));
        }
      };
      cs.stdout.on('data', onData);
      cs.stderr.on('data', onData);
      cs.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      cs.on('exit', (c) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited ${c}:\n${out}`));
      });
    });
    if (process.env.E2E_VERBOSE) cs.stdout.on('data', (d) => process.stdout.write(`[code-server] ${d}`));
    log('code-server', endpoint.href);
    // Workbench paths are vscode-remote:// URIs on this server's authority.
    const remote = (p) => `vscode-remote://${endpoint.host}${path.resolve(p)}`;
    return { endpoint, tmp, userDataDir, extensionsDir, remote, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** Workbench URL for a folder, with the dev-extension / test payload. */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath, openFile }) {
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', server.remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', server.remote(extensionTestsPath)]);
  if (openFile) payload.push(['openFile', server.remote(openFile)]);
  return `${server.endpoint.origin}/?folder=${encodeURIComponent(path.resolve(folder))}` + `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

// Workbench chatter that is not test output.
const NOISE = /^(Resolv|Creating a socket|Ignoring fetching|\[ChatModelSelection|\[AgentHost|\[AccountPolicy)/;

/**
 * Starts code-server and headless Chromium on `folder` with this extension loaded from
 * `extensionDevelopmentPath` (and tests from `extensionTestsPath`, if given).
 * @returns {Promise<{page: import('playwright-core').Page, server: object, url: string,
 *   exited: Promise<number>, dispose: () => Promise<void>}>}
 *   exited resolves with the code the workbench reports through codeAutomationExit.
 */
export async function launchWorkbench({
  folder,
  extensionDevelopmentPath = ROOT,
  extensionTestsPath,
  openFile,
  extensionsDir,
  userDataDir,
  settings,
  env,
  viewport = { width: 1280, height: 800 },
  log = () => {},
  onOutput = (level, s) => console.log(s),
} = {}) {
  const server = await startCodeServer({ extensionsDir, userDataDir, settings, env, log });
  let browser;
  const dispose = async () => {
    try {
      await browser?.close();
    } catch {
      /* the browser is gone already */
    }
    await server.dispose();
  };
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      env: { ...process.env, XDG_CONFIG_HOME: server.tmp, XDG_CACHE_HOME: server.tmp },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    const context = await browser.newContext({ viewport });
    // Belt and braces: nothing but the loopback server may be fetched.
    await context.route(
      (u) => /^(https?|wss?):$/.test(u.protocol) && u.hostname !== '127.0.0.1',
      (route) => {
        log('blocked external request:', route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    page.on('pageerror', (e) => log('page error:', e.message));

    // Result channel: the workbench calls these when the extension host's test runner logs / settles.
    // They must exist before the page loads.
    let settle;
    const exited = new Promise((resolve) => {
      settle = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const s = format(...(Array.isArray(args) ? args : [args]));
      if (!NOISE.test(s)) onOutput(level, s);
    });
    const url = workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath, openFile });
    log('open', url);
    await page.goto(url);
    return { page, browser, server, url, exited, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** Dispose on Ctrl+C / SIGTERM too, so no code-server group outlives us. */
export function disposeOnSignal(dispose) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      dispose().finally(() => process.exit(130));
    });
  }
}

/** @returns {Promise<number>} 0 pass, 1 failures or error, 124 timeout */
export async function runWebTests({ timeoutSec = 180, ...opts }) {
  const t0 = Date.now();
  const log = (...a) => console.log(`[web-e2e ${stamp(t0)}]`, ...a);
  let wb;
  try {
    wb = await launchWorkbench({ ...opts, log, onOutput: (level, s) => (level === 'error' ? console.error : console.log)(s) });
    disposeOnSignal(wb.dispose);
    let timer;
    const code = await Promise.race([
      wb.exited,
      new Promise((r) => {
        timer = setTimeout(() => r('timeout'), timeoutSec * 1000);
      }),
    ]);
    clearTimeout(timer);
    log(code === 'timeout' ? `TIMEOUT after ${timeoutSec}s` : `extension host test runner exit code ${code}`);
    return code === 'timeout' ? 124 : code;
  } catch (e) {
    console.error(e);
    return 1;
  } finally {
    await wb?.dispose();
    log('stopped');
  }
}

/** Opens the command palette and runs a command by its title (the palette keeps "> "). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: o } = parseArgs({
    options: {
      tests: { type: 'string' },
      workspace: { type: 'string', default: path.join(ROOT, 'test', 'e2e', 'workspace') },
      timeout: { type: 'string', default: '180' },
      screenshot: { type: 'string' },
      open: { type: 'string', default: path.join(ROOT, 'samples', 'pt-and-acupuncture.txt') },
    },
  });
  let code = 1;
  if (o.tests) {
    code = await runWebTests({ folder: o.workspace, extensionTestsPath: o.tests, timeoutSec: Number(o.timeout) });
    console.log(code === 0 ? 'e2e: PASS' : `e2e: FAIL (exit ${code})`);
  } else if (o.screenshot) {
    // Quick look at what a user sees: the letter with the Outline view focused.
    const t0 = Date.now();
    const log = (...a) => console.log(`[web-e2e ${stamp(t0)}]`, ...a);
    const wb = await launchWorkbench({ folder: path.dirname(path.resolve(o.open)), openFile: o.open, log });
    try {
      await wb.page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60000 });
      await runCommand(wb.page, 'Explorer: Focus on Outline View');
      await wb.page.locator('.outline-pane .monaco-list-row').first().waitFor({ timeout: 60000 });
      await wb.page.screenshot({ path: o.screenshot });
      log('screenshot saved to', o.screenshot);
      code = 0;
    } catch (e) {
      console.error(e);
    } finally {
      await wb.dispose();
    }
  } else {
    console.error('usage: web-runner.mjs --tests <dir> [--workspace <dir>] | --screenshot <png> [--open <file>]');
    code = 2;
  }
  process.exit(code);
}
