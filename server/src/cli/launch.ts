// dist/cli.js: refuses a Node.js older than the floor in one sentence (exit 2) before the
// command line's bundle (dist/cli-main.js) is even parsed, then runs it.
import * as path from 'node:path';
import { oldNodeMessage } from '../util/nodeVersion';

const problem = oldNodeMessage('imr-check');
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
// A PDF named: its reader (dist/pdf-reader.js, the same module the main bundle uses) starts now,
// so that its worker boots and PDFium compiles while the main bundle loads (one PDF, start to
// exit: about 7% sooner).
if (process.argv.slice(2).some((a) => /\.pdf$/i.test(a))) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(path.join(__dirname, 'pdf-reader.js')) as { startPdfReader(): void }).startPdfReader();
}
// A plain require of a path esbuild leaves alone: the main bundle is a separate file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require(path.join(__dirname, 'cli-main.js')) as { run(): void }).run();
