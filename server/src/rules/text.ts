// Helpers that let fixes write text the way the letter already is written.
import type { Determination } from '../model/types';

/** The document's line break: the first one found, or \n. */
export function lineBreak(model: Determination): string {
  const m = /\r\n|\r|\n/.exec(model.text);
  return m ? m[0] : '\n';
}

/** What separates two lines of text: one break, or two in the 2014-2015 blank-line layout. */
export function lineSeparator(model: Determination): string {
  const eol = lineBreak(model);
  return model.layout === '2014-2015' ? eol + eol : eol;
}

/** Offset of the start of the line that contains `offset`. */
export function startOfLine(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Levenshtein distance, for "did you mean" fixes on short words. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
