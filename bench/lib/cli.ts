// The command-line twin (dist/cli.js) on a folder of letters: wall time and peak RSS of the
// child, from /usr/bin/time -v when it exists, else from the child's own resource usage.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './corpus';

export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'cli.js');
const GNU_TIME = '/usr/bin/time';

export interface CliRun {
  ms: number;
  peakRssBytes: number;
  exitCode: number | null;
  rssSource: string;
  /** User + system CPU time of the process (all its threads), where GNU time reports it. */
  cpuMs?: number;
}

function runOnce(dir: string, flags: string[] = []): Promise<CliRun> {
  const useTime = existsSync(GNU_TIME);
  return new Promise((resolve, reject) => {
    const args = useTime ? ['-v', process.execPath, CLI_PATH, ...flags, dir] : [CLI_PATH, ...flags, dir];
    const t0 = performance.now();
    // The text report goes to /dev/null: it is written (as a user's terminal would get it) but not kept.
    const child = spawn(useTime ? GNU_TIME : process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - t0;
      const exitCode = useTime ? Number(/Exit status: (\d+)/.exec(err)?.[1] ?? code) : code;
      if (exitCode !== 0 && exitCode !== 1) return reject(new Error(`imr-check exited with ${exitCode}:\n${err.slice(-2000)}`));
      if (useTime) {
        const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? NaN);
        const secs = (label: string) => Number(new RegExp(`${label} \\(seconds\\): ([\\d.]+)`).exec(err)?.[1] ?? NaN);
        resolve({ ms, peakRssBytes: kb * 1024, exitCode, rssSource: '/usr/bin/time -v', cpuMs: (secs('User time') + secs('System time')) * 1000 });
      } else {
        resolve({ ms, peakRssBytes: NaN, exitCode, rssSource: 'unavailable' });
      }
    });
  });
}

/** Without GNU time: run the CLI inside a small wrapper that reports its own maxRSS. */
function runOnceWrapped(dir: string, flags: string[] = []): Promise<CliRun> {
  // main() is async: the RSS is read once it has finished (worker threads count: same process).
  const wrapper = `require(${JSON.stringify(CLI_PATH)}).main(process.argv.slice(1), (s) => process.stdout.write(s + '\\n'), (s) => process.stderr.write(s + '\\n')).then((code) => {
process.stderr.write('\\nmaxRSS ' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code; });`;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', wrapper, '--', ...flags, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const kb = Number(/maxRSS (\d+)/.exec(err)?.[1] ?? NaN);
      resolve({ ms: performance.now() - t0, peakRssBytes: kb * 1024, exitCode: code, rssSource: 'process.resourceUsage().maxRSS' });
    });
  });
}

export async function measureCli(dir: string, runs: number, flags: string[] = []): Promise<CliRun[]> {
  const out: CliRun[] = [];
  for (let i = 0; i < runs; i++) out.push(existsSync(GNU_TIME) ? await runOnce(dir, flags) : await runOnceWrapped(dir, flags));
  return out;
}

export interface CliScale {
  /** `--jobs 1`, text report. */
  oneJob: CliRun[];
  /** The default (`--jobs` = available cores), text report. */
  defaultJobs: CliRun[];
  /** The default jobs, `--format ndjson` (its peak RSS is the memory target). */
  ndjson: CliRun[];
}

/** --jobs 1, the default and ndjson, round-robin so that a change in machine load hits all three alike. */
export async function measureCliScale(dir: string, runs: number): Promise<CliScale> {
  const r: CliScale = { oneJob: [], defaultJobs: [], ndjson: [] };
  for (let i = 0; i < runs; i++) {
    r.oneJob.push(...(await measureCli(dir, 1, ['--jobs', '1'])));
    r.defaultJobs.push(...(await measureCli(dir, 1)));
    r.ndjson.push(...(await measureCli(dir, 1, ['--format', 'ndjson'])));
  }
  return r;
}
