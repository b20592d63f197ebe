// dist/server.js: starts the language server bundle (dist/server-main.js) through a V8 code
// cache when the editor gives a folder to keep one in (IMR_CODE_CACHE_DIR; the extension
// passes its global storage folder). Compiling the 300 KB bundle was about a third of the
// server's start-up; with the cache it is a read. The cache holds compiled code of this
// bundle only, never document text. Anything wrong with it (missing, stale, corrupt, an
// unwritable folder) falls back to compiling as usual: the server always starts.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { oldNodeMessage } from '../util/nodeVersion';

const MAIN = path.join(__dirname, 'server-main.js');
const CACHE_PREFIX = 'server-main-';

interface ServerMain {
  main(): void;
}

function loadWithCache(dir: string): ServerMain {
  const source = readFileSync(MAIN, 'utf8');
  const { size, mtimeMs } = statSync(MAIN);
  // V8 checks the source and its own version itself; the name keeps one file per build.
  const cacheFile = path.join(dir, `${CACHE_PREFIX}${process.versions.v8}-${size}-${Math.round(mtimeMs)}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // Node's own module wrapper, so the bundle sees the usual module variables.
  const script = new Script(wrap(source), { filename: MAIN, cachedData });
  const module = { exports: {} as ServerMain };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(MAIN), module, MAIN, __dirname);
  if (!cachedData || script.cachedDataRejected) {
    // Written when the server exits, so it also holds the functions compiled while it ran.
    process.once('exit', () => writeCache(dir, cacheFile, script));
  }
  return module.exports;
}

function writeCache(dir: string, cacheFile: string, script: Script): void {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
    // Caches of earlier builds or Node versions are of no use any more.
    for (const f of readdirSync(dir)) {
      if (f.startsWith(CACHE_PREFIX) && path.join(dir, f) !== cacheFile && !f.endsWith('.tmp')) unlinkSync(path.join(dir, f));
    }
  } catch {
    // No cache next time: the server starts all the same.
  }
}

function load(): ServerMain {
  const dir = process.env.IMR_CODE_CACHE_DIR;
  if (dir) {
    try {
      return loadWithCache(dir);
    } catch {
      // Fall through to a plain load.
    }
  }
  return createRequire(__filename)(MAIN) as ServerMain;
}

const tooOld = oldNodeMessage('The IMR language server');
if (tooOld) {
  // The server bundle may not even parse on an old Node; this small one answers initialize.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(path.join(__dirname, 'server-old-node.js')) as { refuse(message: string): void }).refuse(tooOld);
} else {
  load().main();
}
