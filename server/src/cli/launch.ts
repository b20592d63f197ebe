// dist/cli.js: refuses a Node.js older than the floor in one sentence (exit 2) before the
// command line's bundle (dist/cli-main.js) is even parsed, then runs it.
import * as path from 'node:path';
import { oldNodeMessage } from '../util/nodeVersion';

const problem = oldNodeMessage('imr-check');
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
// A plain require of a path esbuild leaves alone: the main bundle is a separate file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require(path.join(__dirname, 'cli-main.js')) as { run(): void }).run();
