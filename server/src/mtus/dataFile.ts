// The JSON data shipped with the extension (the knowledge base, the visit allowances): one reader
// for every data file, so each is looked for in the same places and reported the same way.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where a data file is: beside the bundle (dist/server.js, dist/cli.js; scripts/build.mjs copies
 * it there) or, running from source (tests, tsx), in server/data. Read from a file rather than
 * bundled: 220 KB of JSON compiled into the server's JavaScript was parsed at every start.
 */
export function dataFilePaths(name: string): string[] {
  return [path.join(__dirname, name), path.join(__dirname, '..', '..', 'data', name)];
}

/**
 * The parsed JSON of the first data file `name` found; undefined when none is found or the first
 * found is not JSON (reported on stderr as `what`). The caller decides what a missing file means.
 */
export function readDataFile(name: string, what: string): unknown {
  for (const file of dataFilePaths(name)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      process.stderr.write(`IMR: the ${what} ${file} is not valid JSON (${(e as Error).message}).\n`);
      return undefined;
    }
  }
  return undefined;
}
