// The oldest Node.js this project runs on (package.json engines.node, checked by a unit test):
// node:sqlite without a flag arrived in 22.13. The two entry points (dist/cli.js and
// dist/server.js) ask this before loading anything else, so an older Node gets one sentence
// instead of a syntax error or a missing-module stack trace from deep inside a bundle.
// Keep this file free of imports and of syntax newer than ES2017: it must run on any Node.

export const NODE_FLOOR = '22.13.0';

/** [major, minor, patch] of a version string such as '20.20.2' or 'v24.21.0'. */
function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((p) => parseInt(p, 10) || 0);
}

/** True when `found` is older than NODE_FLOOR. */
export function isOlderThanFloor(found: string): boolean {
  const a = parts(found);
  const b = parts(NODE_FLOOR);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return false;
}

/** The sentence an old Node gets, or undefined when `found` is new enough. */
export function oldNodeMessage(program: string, found: string = process.versions.node): string | undefined {
  if (!isOlderThanFloor(found)) return undefined;
  const floor = NODE_FLOOR.replace(/\.0$/, '');
  return `${program} needs Node.js ${floor} or later, but this is Node.js ${found.replace(/^v/, '')}.`;
}
