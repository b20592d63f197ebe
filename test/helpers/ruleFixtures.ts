// The rule fixtures (test/fixtures/rules/<code>.imr): a letter with its expected problems marked
// inline at the end of their lines (the convention is in that folder's README.md).
import * as path from 'node:path';
import { REPO_ROOT } from './corpus';

export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

/** `«code»` markers (one or more) at the end of a line, with the blanks before them. */
const MARKERS = /[ \t]*((?:«[a-z]+(?:-[a-z]+)*»[ \t]*)+)$/;

export interface Fixture {
  /** The letter with its markers stripped. */
  text: string;
  /** `line:code` (1-based line) of each marker, sorted. */
  expected: string[];
}

/** Strips the markers line by line (line breaks kept as written), recording each one's line. */
export function readFixture(marked: string): Fixture {
  const parts = marked.split(/(\r\n|\r|\n)/);
  const expected: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const m = MARKERS.exec(parts[i]);
    if (!m) continue;
    for (const [, code] of m[1].matchAll(/«([^»]+)»/g)) expected.push(`${i / 2 + 1}:${code}`);
    parts[i] = parts[i].slice(0, m.index);
  }
  return { text: parts.join(''), expected: expected.sort() };
}
