// Where imr-check's CPU time goes, thread by thread: the profile behind the --jobs figures of
// `npm run bench` (which measures the whole process only). Linux only (/proc).
//   node scripts/build.mjs && node --import tsx bench/cli-threads.ts
//   BENCH_CLI_RUNS=3 BENCH_CLI_LETTERS=10000 (defaults), BENCH_CLI_FLAGS='--format ndjson' (added to both)
// Runs `--jobs 1` and the default alternately on the generated folder (report to /dev/null) and
// reads every thread's user + system time from /proc/<pid>/task/*/stat every 20 ms until the
// process exits; a thread's last reading stands for it (a worker ended at the close may lose up
// to 20 ms). Threads are grouped by their name: the main thread, imr-check's workers
// (`WorkerThread`), V8's helpers (`V8Worker`: the optimizing compilers and the collector's
// parallel and concurrent work, one set per process, shared by every isolate) and libuv's pool.
// Node flags for the child (`--single-threaded` puts the compilers and the collector on each
// isolate's own thread) go in BENCH_CLI_NODE_FLAGS. Writes nothing but the generated letters.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLI_PATH } from './lib/cli';
import { GENERATED_DIR, generateLetterFolder, loadCorpus, REPO_ROOT } from './lib/corpus';
import { summarize } from './lib/stats';

/** CPU milliseconds of each thread group, the wall time, and the total. */
interface ThreadRun {
  wallMs: number;
  totalMs: number;
  groups: Map<string, number[]>;
}

/** clock ticks per second of /proc's utime and stime (USER_HZ: 100 on every Linux Node supports). */
const TICK_MS = 10;

function readThreads(pid: number, last: Map<string, { name: string; ms: number }>): void {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return; // exited
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // "tid (name) state ..." : the name may hold spaces, so fields are counted after its ')'.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      last.set(tid, { name, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
    } catch {
      // the thread ended between the listing and the read: its last reading stands
    }
  }
}

function runOnce(dir: string, nodeFlags: string[], flags: string[]): Promise<ThreadRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, CLI_PATH, ...flags, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const last = new Map<string, { name: string; ms: number }>();
    const timer = setInterval(() => readThreads(child.pid!, last), 20);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(timer);
      const wallMs = performance.now() - t0;
      if (code !== 0 && code !== 1) return reject(new Error(`imr-check exited with ${code}:\n${err.slice(-2000)}`));
      const groups = new Map<string, number[]>();
      for (const { name, ms } of last.values()) groups.set(name, [...(groups.get(name) ?? []), ms]);
      resolve({ wallMs, totalMs: [...last.values()].reduce((n, t) => n + t.ms, 0), groups });
    });
  });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function report(label: string, runs: ThreadRun[]): string[] {
  const names = [...new Set(runs.flatMap((r) => [...r.groups.keys()]))].sort();
  const lines = [`| ${label} | ${s(summarize(runs.map((r) => r.wallMs)).median)} | ${s(summarize(runs.map((r) => r.totalMs)).median)} | |`];
  for (const name of names) {
    const per = runs.map((r) => r.groups.get(name) ?? []);
    const total = summarize(per.map(sum)).median;
    if (total === 0) continue;
    const threads = Math.max(...per.map((p) => p.filter((ms) => ms > 0).length));
    lines.push(`| &nbsp;&nbsp;${name} (${threads} thread${threads === 1 ? '' : 's'}) | | ${s(total)} | ${per.map((p) => s(sum(p))).join(', ')} |`);
  }
  return lines;
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('per-thread CPU is read from /proc: Linux only');
  const runs = Number(process.env.BENCH_CLI_RUNS ?? 3);
  const letters = Number(process.env.BENCH_CLI_LETTERS ?? 10_000);
  const flags = (process.env.BENCH_CLI_FLAGS ?? '').split(' ').filter(Boolean);
  const nodeFlags = (process.env.BENCH_CLI_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  mkdirSync(GENERATED_DIR, { recursive: true });
  const folder = generateLetterFolder(loadCorpus(), letters);
  process.stderr.write(`[bench] imr-check threads on ${letters} letters in ${path.relative(REPO_ROOT, folder.dir)}, ${runs} round(s) of --jobs 1 / default\n`);
  const one: ThreadRun[] = [];
  const dflt: ThreadRun[] = [];
  for (let i = 0; i < runs; i++) {
    one.push(await runOnce(folder.dir, nodeFlags, ['--jobs', '1', ...flags]));
    dflt.push(await runOnce(folder.dir, nodeFlags, flags));
  }
  const lines = ['| run / thread group | wall (median) | CPU (median) | CPU of each run |', '|---|---:|---:|---|'];
  lines.push(...report('--jobs 1', one), ...report('default --jobs', dflt));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
