// The archive issue's figure: a folder of letters built into a library in 4 shards (each
// `imr-check --jobs 1 --shard i/4 --library …`, two at a time through GNU parallel on this 2-core
// machine, as a user would spread them) and merged, against one run (`imr-check --library`, default
// jobs) over the same folder. The two libraries must hold the same rows: compared as a SHA-256 of
// every row (ids aside) in a fixed order, read a row at a time.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sqlite } from '../../server/src/util/sqlite';
import { MB, REPO_ROOT } from './corpus';

export const SHARDS_START = '<!-- shards:start (bench/shards.ts rewrites this section alone) -->';
export const SHARDS_END = '<!-- shards:end -->';
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SHARDS = 4;

export interface ShardFigures {
  letters: number;
  oneRunMs: number;
  shardsMs: number;
  /** Each shard's own time, in shard order. */
  shardMs: number[];
  mergeMs: number;
  mergedBytes: number;
  oneRunBytes: number;
  sameRows: boolean;
  rows: number;
  parallel: string;
}

/** Every row of the library's four tables, ids aside, in a fixed order: a digest and a count. */
function digest(file: string): { sha: string; rows: number } {
  const db = new (sqlite().DatabaseSync)(file, { readOnly: true });
  const hash = createHash('sha256');
  let rows = 0;
  const queries = [
    `SELECT l.folder, l.file, l.letter, l.case_number, l.decision_date, l.date_of_injury, l.ur_denial_date, l.date_assigned, l.specialty, l.outcome, l.summary
     FROM letters l ORDER BY l.folder, l.file, l.letter`,
    `SELECT l.folder, l.file, l.letter, i.position, i.name, i.decision, i.requested_visits, i.conclusion, i.treatment, i.body_part FROM items i JOIN letters l ON l.id = i.letter_id ORDER BY 1, 2, 3, 4`,
    `SELECT l.folder, l.file, l.letter, i.position, c.side, c.guideline, c.mtus, c.section, c.pages FROM citations c JOIN items i ON i.id = c.item_id
     JOIN letters l ON l.id = i.letter_id ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    `SELECT l.folder, l.file, l.letter, i.position, p.code, p.severity FROM problems p JOIN letters l ON l.id = p.letter_id LEFT JOIN items i ON i.id = p.item_id ORDER BY 1, 2, 3, 4, 5`,
  ];
  try {
    for (const sql of queries) {
      for (const row of db.prepare(sql).iterate()) {
        hash.update(JSON.stringify(Object.values(row as object)));
        hash.update('\n');
        rows++;
      }
      hash.update('--\n');
    }
  } finally {
    db.close();
  }
  return { sha: hash.digest('hex'), rows };
}

function timed(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: opts.env ?? process.env, maxBuffer: 1 << 26 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-1000)}`);
  return performance.now() - t;
}

export function measureShards(folder: string, letters: number, log: (s: string) => void): ShardFigures {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'imr-bench-shards-'));
  const node = process.execPath;
  try {
    log(`archive: one run over ${letters.toLocaleString('en-US')} letters into one library`);
    const one = path.join(dir, 'one.sqlite');
    const oneRunMs = timed(node, [CLI, '--library', one, '--format', 'ndjson', folder]);
    log(`archive: ${SHARDS} shards, two at a time through GNU parallel, then the merge`);
    const shardMs: number[] = [];
    const tShards = performance.now();
    const joblog = path.join(dir, 'joblog');
    const cmd = `'${node}' '${CLI}' --jobs 1 --shard {}/${SHARDS} --library '${dir}/shard-{}.sqlite' --format ndjson '${folder}' > /dev/null; test $? -le 1`;
    timed('parallel', [
      '-j',
      String(Math.min(SHARDS, os.availableParallelism())),
      '--joblog',
      joblog,
      cmd,
      ':::',
      ...Array.from({ length: SHARDS }, (_, i) => String(i + 1)),
    ]);
    const shardsMs = performance.now() - tShards;
    const log2 = spawnSync('sh', ['-c', `tail -n +2 '${joblog}'`], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n');
    for (const line of log2.sort(
      (a, b) =>
        Number(
          a
            .split('\t')
            .at(-1)!
            .match(/--shard (\d+)/)?.[1],
        ) -
        Number(
          b
            .split('\t')
            .at(-1)!
            .match(/--shard (\d+)/)?.[1],
        ),
    ))
      shardMs.push(Number(line.split('\t')[3]) * 1000);
    const merged = path.join(dir, 'merged.sqlite');
    const mergeMs = timed(node, [CLI, 'merge', merged, ...Array.from({ length: SHARDS }, (_, i) => path.join(dir, `shard-${i + 1}.sqlite`))]);
    const a = digest(one);
    const b = digest(merged);
    const parallel = spawnSync('parallel', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
    return {
      letters,
      oneRunMs,
      shardsMs,
      shardMs,
      mergeMs,
      mergedBytes: statSync(merged).size,
      oneRunBytes: statSync(one).size,
      sameRows: a.sha === b.sha && a.rows === b.rows,
      rows: a.rows,
      parallel,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function shardsSection(f: ShardFigures, date: Date): string {
  return `${SHARDS_START}
## The archive across machines

Measured on ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`bench/shards.ts\` (\`npm run bench:shards\`, also part of \`npm run bench\`): ${f.letters.toLocaleString('en-US')} generated letters, each with a case number of its own. *One run*: \`imr-check --library one.sqlite --format ndjson <folder>\` (default jobs, ${os.availableParallelism()} on this machine). *Shards*: \`imr-check --jobs 1 --shard i/${SHARDS} --library shard-i.sqlite …\` for i = 1…${SHARDS}, ${Math.min(SHARDS, os.availableParallelism())} at a time through ${f.parallel} (one machine standing in for several), then \`imr-check merge\`. Rows compared as a SHA-256 of every row of the four tables in a fixed order (ids aside).

| measure | value |
|---|---|
| one run, ${f.letters.toLocaleString('en-US')} letters into one library | ${s(f.oneRunMs)} |
| ${SHARDS} shards, ${Math.min(SHARDS, os.availableParallelism())} at a time (wall) | ${s(f.shardsMs)} |
| each shard | ${f.shardMs.map(s).join(', ')} |
| merge of the ${SHARDS} shard libraries | ${s(f.mergeMs)} |
| shards + merge against one run | ${((f.shardsMs + f.mergeMs) / f.oneRunMs).toFixed(2)}× |
| merged file | ${(f.mergedBytes / MB).toFixed(1)} MB (one run's: ${(f.oneRunBytes / MB).toFixed(1)} MB) |
| same rows as one run | ${f.sameRows ? `yes (${f.rows.toLocaleString('en-US')} rows)` : '**no**'} |

On one 2-core machine the shards cannot beat one run (both use every core); across machines each shard's time is what one machine spends on its share, and the merge is what is left to do in one place.
${SHARDS_END}`;
}

/** BENCHMARKS.md with the section replaced (or added before the Method section). */
export function withShardsSection(md: string, section: string): string {
  const start = md.indexOf(SHARDS_START);
  const end = md.indexOf(SHARDS_END);
  if (start >= 0 && end > start) return md.slice(0, start) + section + md.slice(end + SHARDS_END.length);
  return md.includes('\n## Method\n') ? md.replace('\n## Method\n', `\n${section}\n\n## Method\n`) : `${md}\n${section}\n`;
}

export const shardsAvailable = (): boolean => existsSync(CLI) && spawnSync('parallel', ['--version'], { stdio: 'ignore' }).status === 0;
