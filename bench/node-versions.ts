// The Node versions part of `npm run bench` alone:  npm run bench:nodes
// Runs bench/nodes.ts under the project's Node 24 and under the floor (Node 22.13), prints the
// table and rewrites only the "Node versions" section of BENCHMARKS.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './lib/corpus';
import { measureNodes, nodesSection, withNodesSection } from './lib/nodes';

const section = nodesSection(
  measureNodes((s) => process.stderr.write(`[bench] ${s}\n`)),
  new Date(),
);
process.stdout.write(`${section}\n`);
const file = path.join(REPO_ROOT, 'BENCHMARKS.md');
if (existsSync(file)) {
  writeFileSync(file, withNodesSection(readFileSync(file, 'utf8'), section));
  process.stderr.write('[bench] BENCHMARKS.md: the Node versions section rewritten\n');
}
