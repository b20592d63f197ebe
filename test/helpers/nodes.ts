// The extra Node.js builds of the platform tests (scripts/install-test-nodes.sh puts them in
// .vscode-test/node-<version>/; `npm test` runs that script first).
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './corpus';

/** The Node just below the declared floor: both entry points must refuse it. */
export const BELOW_FLOOR = '22.12.0';

/** Path of the installed node binary of `version`; throws (a failed test, not a skip) when it is missing. */
export function installedNode(version: string): string {
  const bin = path.join(REPO_ROOT, '.vscode-test', `node-${version}`, 'bin', 'node');
  if (!existsSync(bin)) throw new Error(`Node ${version} is not installed for the tests: run bash scripts/install-test-nodes.sh`);
  return bin;
}
