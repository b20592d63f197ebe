// The letter split into classified lines. Parsing works line by line because every layout
// (PDF extractions, drafts) keeps labels and headings at the start of a line, while
// values wrap freely over lines, blank lines and page breaks.
import { isWhiteSpace } from './joinedText';

export interface Line {
  index: number;
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past its last character (line break excluded). */
  end: number;
  /** Offset of the first visible character (== end for a blank line). */
  textStart: number;
  /** Offset just past the last visible character. */
  textEnd: number;
  /** Visible text: form feeds, indentation and trailing spaces removed. */
  text: string;
}

export function splitLines(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const n = source.length;
  while (start <= n) {
    let end = start;
    while (end < n) {
      const c = source.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    let a = start;
    let b = end;
    while (a < b && isWhiteSpace(source.charCodeAt(a))) a++;
    while (b > a && isWhiteSpace(source.charCodeAt(b - 1))) b--;
    lines.push({ index: lines.length, start, end, textStart: a, textEnd: b, text: source.slice(a, b) });
    if (end >= n) break;
    start = source.charCodeAt(end) === 13 && source.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
    if (start === n) {
      // A trailing line break ends the last line; the empty line after it is still a line (LSP counts it).
      lines.push({ index: lines.length, start: n, end: n, textStart: n, textEnd: n, text: '' });
      break;
    }
  }
  return lines;
}
