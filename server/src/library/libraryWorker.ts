// dist/library-worker.js: the library's database thread. `node:sqlite` is synchronous, so the
// store is opened, written and queried here, one message at a time, and the server's main thread
// (typing) never waits on SQL: it posts a request and is answered later (libraryStore.ts).
// A failure is answered with its message (SQLite's own words: no letter text).
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { LibraryOps, type LibraryRequest } from './libraryOps';

// The lowest CPU priority (Linux, where a thread's nice value is its own), as the index's threads:
// while the index builds, its writes never take a core from typing on the main thread.
if (process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // Not permitted here: the thread keeps the normal priority.
  }
}

const ops = new LibraryOps();
parentPort!.on('message', (m: { id: number; request: LibraryRequest }) => {
  try {
    parentPort!.postMessage({ id: m.id, ok: true, value: ops.run(m.request) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
  if (m.request.op === 'close') parentPort!.close();
});
