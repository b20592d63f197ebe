// `npm start`: opens samples/ in an editor with this extension loaded from the working tree.
//  - desktop VS Code when `code` is on PATH: code --extensionDevelopmentPath=<root> samples/
//  - otherwise code-server on 127.0.0.1 only (auth none, which is safe on loopback), with the
//    extension as a development extension; installs code-server first when this clone has none
//    (scripts/e2e/install-code-server.sh, with its progress), prints the URL and runs until Ctrl+C.
// Build first (dist/ is what gets loaded): node scripts/build.mjs && node scripts/e2e/start-editor.mjs
// options: --port N (default: any free port), --folder DIR (default: samples)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CODE_SERVER_VERSION, codeServerBin, ROOT, startCodeServer, workbenchUrl } from './web-runner.mjs';

const { values: o } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '0' },
    folder: { type: 'string', default: path.join(ROOT, 'samples') },
  },
});
const folder = path.resolve(o.folder);
if (!existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
  console.error('dist/extension.js missing: run `npm run build` first');
  process.exit(1);
}

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.env.IMR_FORCE_CODE_SERVER) {
  // Desktop VS Code returns once the window is open; nothing else to keep alive.
  const r = spawnSync('code', [`--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// The installer's marker says a previous install finished (CODE_SERVER_BIN names one of your own).
const installed = process.env.CODE_SERVER_BIN
  ? existsSync(codeServerBin())
  : existsSync(path.join(ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`, '.complete'));
if (!installed) {
  console.log('`code` is not on PATH: installing code-server, the VS Code that runs in your browser (once per clone)');
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'e2e', 'install-code-server.sh'), '--no-browser'], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('code-server could not be installed (above: why). With desktop VS Code on PATH as `code`, npm start uses that instead.');
    process.exit(1);
  }
}
console.log('`code` is not on PATH: starting code-server');
const server = await startCodeServer({ port: Number(o.port) });
const url = workbenchUrl(server, { folder, extensionDevelopmentPath: ROOT });
console.log(`\nIMR Determinations in code-server, listening on ${server.endpoint.host} only.\nOpen:\n\n  ${url}\n\nCtrl+C to stop.`);
const stop = async () => {
  console.log('\nstopping code-server');
  await server.dispose();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// Keep the event loop alive until a signal arrives.
setInterval(() => {}, 1 << 30);
