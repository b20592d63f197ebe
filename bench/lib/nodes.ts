// The platform issue's comparison: bench/nodes.ts run under each Node (the project's Node 24 and
// the declared floor, 22.13, installed by scripts/install-test-nodes.sh) back to back, beside the
// Node 20 figures recorded before the switch (bench/node20-baseline.json). Used by bench/run.ts
// and bench/node-versions.ts; the section between the markers is rewritten by either.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { NodeFigures } from '../nodes';
import { REPO_ROOT } from './corpus';

export const NODES_START = '<!-- nodes:start (bench/node-versions.ts rewrites this section alone) -->';
export const NODES_END = '<!-- nodes:end -->';

/** The same file run on the last commit that ran on Node 20, under Node 20 and under Node 24 alternating. */
interface Baseline {
  commit: string;
  measured: string;
  runs: NodeFigures[];
}

export interface NodeComparison {
  baseline: Baseline | undefined;
  runs: NodeFigures[];
}

/** Runs bench/nodes.ts under one Node binary; throws with its standard error when it fails. */
function figuresUnder(node: string): NodeFigures {
  const r = spawnSync(node, ['--import', 'tsx', path.join('bench', 'nodes.ts')], { cwd: REPO_ROOT, encoding: 'utf8', env: process.env, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bench/nodes.ts under ${node} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as NodeFigures;
}

/** Each figure's lower value of two rounds: the machine is shared, and load only ever adds time. */
function best(a: NodeFigures, b: NodeFigures): NodeFigures {
  const out = { ...a };
  for (const k of Object.keys(a) as (keyof NodeFigures)[]) {
    if (k !== 'node') out[k] = Math.min(a[k] as number, b[k] as number) as never;
  }
  return out;
}

/** Two rounds, the Nodes alternating within each (A B A B), so both see the same machine. */
export function measureNodes(log: (s: string) => void): NodeComparison {
  const nodes = [path.join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node'), path.join(REPO_ROOT, '.vscode-test', 'node-22.13.0', 'bin', 'node')].filter((n) =>
    existsSync(n),
  );
  const rounds = [1, 2].map((round) =>
    nodes.map((n) => {
      log(`round ${round}: the five platform figures under ${path.relative(REPO_ROOT, n)}`);
      return figuresUnder(n);
    }),
  );
  const runs = rounds[0].map((first, i) => best(first, rounds[1][i]));
  const file = path.join(REPO_ROOT, 'bench', 'node20-baseline.json');
  const baseline = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Baseline) : undefined;
  return { baseline, runs };
}

const fmt = (x: number, unit: string) => (Number.isFinite(x) ? `${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)} ${unit}` : 'n/a');

export function nodesSection(c: NodeComparison, date: Date): string {
  const base = c.baseline?.runs ?? [];
  const cols = [...base, ...c.runs];
  const head = [...base.map((f) => `Node ${f.node}, ${c.baseline!.commit.slice(0, 7)}`), ...c.runs.map((f) => `Node ${f.node}, this build`)];
  const row = (label: string, pick: (f: NodeFigures) => string) => `| ${label} | ${cols.map(pick).join(' | ')} |`;
  const [old20, old24] = base;
  const ratio = (pick: (f: NodeFigures) => number) => ` ${(pick(old24) / pick(old20)).toFixed(2)}×`;
  const lines = [
    `| figure (median) | ${head.join(' | ')} |`,
    `|---|${cols.map(() => '---:').join('|')}|`,
    row('server start → initialize result (code cache in place)', (f) => fmt(f.startMs, 'ms')),
    row('typing: didChange → diagnostics p50 − debounce, typical letter', (f) => fmt(f.typingMs, 'ms')),
    row('5 MB document: didChange → diagnostics p50 − debounce', (f) => fmt(f.bigEditMs, 'ms')),
    row('imr-check, 10,000 letters, default jobs: wall', (f) => fmt(f.cli10kMs, 'ms')),
    row('… its CPU time', (f) => fmt(f.cli10kCpuMs, 'ms')),
    row('imr-check --jobs 1, the 130 corpus PDFs: wall', (f) => fmt(f.pdfFolderMs, 'ms')),
  ];
  const summary =
    old20 && old24
      ? `The switch alone (same code, Node ${old24.node} ÷ Node ${old20.node}): start${ratio((f) => f.startMs)}, typing${ratio((f) => f.typingMs)}, 5 MB edit${ratio((f) => f.bigEditMs)}, 10,000 letters${ratio((f) => f.cli10kMs)} (CPU${ratio((f) => f.cli10kCpuMs)}), PDFs${ratio((f) => f.pdfFolderMs)}.`
      : '';
  return `${NODES_START}
## Node versions

Measured on ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`bench/nodes.ts\`, run under each Node with this build, alternating: the project's own Node (the pinned \`node\` devDependency) and the declared floor (Node 22.13, \`scripts/install-test-nodes.sh\`).${c.baseline ? ` The first two columns were measured once, on ${c.baseline.measured}, by the same file on commit ${c.baseline.commit.slice(0, 7)} (the last that ran on Node 20; the build since refuses it) under the machine's Node 20 and under Node 24, alternating in the same way: the switch alone, same code. They are kept in \`bench/node20-baseline.json\`; this build's columns also hold what the code gained since (new checks, pages, the one pipeline).` : ''} Two rounds, the Nodes alternating, each figure the lower of its two medians (the machine is shared; load only adds time); each round has fewer runs than the sections above: 9 starts, 40 typing edits, 7 edits of the 5 MB document, 3 runs of each command line.

${lines.join('\n')}

${summary}
${NODES_END}`;
}

/** The document with its Node versions section replaced (or put before the Method section). */
export function withNodesSection(md: string, section: string): string {
  const start = md.indexOf(NODES_START);
  const end = md.indexOf(NODES_END);
  if (start >= 0 && end > start) return md.slice(0, start) + section + md.slice(end + NODES_END.length);
  return md.replace('\n## Method\n', `\n${section}\n\n## Method\n`);
}
