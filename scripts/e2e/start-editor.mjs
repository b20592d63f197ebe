// `npm start`: opens samples/ in an editor with this extension loaded from the working tree.
//  - desktop VS Code when `code` is on PATH: code --extensionDevelopmentPath=<root> samples/
//  - otherwise code-server on 127.0.0.1 only (auth none, which is safe on loopback), with the
//    extension as a development extension; prints the URL and runs until Ctrl+C.
// Build first (dist/ is what gets loaded): node scripts/build.mjs && node scripts/e2e/start-editor.mjs
// options: --port N (default: any free port), --folder DIR (default: samples)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, startCodeServer, workbenchUrl } from './web-runner.mjs';

const { values: o } = parseArgs({ options: {
  port: { type: 'string', default: process.env.PORT ?? '0' },
  folder: { type: 'string', default: path.join(ROOT, 'samples') },
} });
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

console.log('`code` not on PATH: starting code-server (bash scripts/e2e/install-code-server.sh installs it)');
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
