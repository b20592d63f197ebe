// The letter library at scale (issue 15 §5): a folder of 10,000 letters indexed by the server
// next to imr-check on the same folder, the server's memory, a restart from the stored index,
// and the imr/letters answer time. usage: npm run build && node --import tsx bench/library.ts [count]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LETTERS_CHANGED_NOTIFICATION, LETTERS_REQUEST, type LetterSummary, type LettersChangedParams } from '../server/src/protocol';
import { STORE_FILE } from '../server/src/workspace/indexStore';
import { startServer } from '../test/helpers/lspClient';
import { generateLetterFolder, loadCorpus, REPO_ROOT } from './lib/corpus';

const count = Number(process.argv[2] ?? 10_000);
const corpus = loadCorpus();
const folder = generateLetterFolder(corpus, count);
const storage = mkdtempSync(path.join(tmpdir(), 'imr-bench-store-'));
const rssMB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let t = performance.now();
spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), folder.dir], { stdio: 'ignore', maxBuffer: 1 << 30 });
const cliMs = performance.now() - t;

async function indexOnce(): Promise<{ ms: number; peakMB: number; answerMs: number[]; filteredMs: number[]; letters: number }> {
  const started = performance.now();
  const s = await startServer({ workspaceFolders: [{ uri: pathToFileURL(folder.dir).toString(), name: 'bench' }], initializationOptions: { storagePath: storage } });
  let peakMB = 0;
  const sampler = setInterval(() => (peakMB = Math.max(peakMB, rssMB(s.child.pid!))), 200);
  await new Promise<void>((resolve) => {
    // Done: the first "not indexing" after indexing began (a file may hold no letter, or two).
    let began = false;
    s.connection.onNotification(LETTERS_CHANGED_NOTIFICATION, (p: LettersChangedParams) => {
      began ||= p.indexing;
      if (began && !p.indexing) resolve();
    });
  });
  const ms = performance.now() - started;
  const answerMs: number[] = [];
  const filteredMs: number[] = [];
  let letters = 0;
  for (let i = 0; i < 7; i++) {
    t = performance.now();
    letters = ((await s.connection.sendRequest(LETTERS_REQUEST, {})) as LetterSummary[]).length;
    answerMs.push(performance.now() - t);
    t = performance.now();
    await s.connection.sendRequest(LETTERS_REQUEST, { filter: { text: 'physical therapy', outcome: 'upheld' } });
    filteredMs.push(performance.now() - t);
  }
  peakMB = Math.max(peakMB, rssMB(s.child.pid!));
  clearInterval(sampler);
  await s.stop();
  return { ms, peakMB, answerMs, filteredMs, letters };
}

async function main(): Promise<void> {
  const first = await indexOnce();
  const again = await indexOnce();
  const storeMB = statSync(path.join(storage, STORE_FILE)).size / 1024 / 1024;
  const f = (n: number) => n.toFixed(0);
  console.log(`letters: ${first.letters} (${count} files, ${(folder.bytes / 1024 / 1024).toFixed(0)} MB)`);
  console.log(`imr-check on the folder: ${f(cliMs)} ms`);
  console.log(`server index (first, empty store): ${f(first.ms)} ms = ${(first.ms / cliMs).toFixed(2)}x imr-check; peak RSS ${f(first.peakMB)} MB`);
  console.log(`server index (restart from the stored index): ${f(again.ms)} ms = ${((again.ms / first.ms) * 100).toFixed(0)}% of the first; peak RSS ${f(again.peakMB)} MB; store ${storeMB.toFixed(1)} MB`);
  console.log(`imr/letters, every letter: p50 ${f(median(first.answerMs))} ms; filtered (words + outcome): p50 ${f(median(first.filteredMs))} ms`);
  rmSync(storage, { recursive: true, force: true });
}

void main();
