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
  const n = source.length;
  // Line breaks are found with indexOf (native, many times faster than a loop over characters);
  // the next \n and the next \r are each searched for again only once passed.
  let lf = source.indexOf('\n');
  let cr = source.indexOf('\r');
  let start = 0;
  while (start <= n) {
    if (lf !== -1 && lf < start) lf = source.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = source.indexOf('\r', start);
    const end = lf === -1 ? (cr === -1 ? n : cr) : cr === -1 ? lf : Math.min(lf, cr);
    let a = start;
    let b = end;
    while (a < b && isWhiteSpace(source.charCodeAt(a))) a++;
    while (b > a && isWhiteSpace(source.charCodeAt(b - 1))) b--;
    lines.push({ index: lines.length, start, end, textStart: a, textEnd: b, text: source.slice(a, b) });
    if (end >= n) break;
    start = end === cr && lf === end + 1 ? end + 2 : end + 1;
    if (start === n) {
      // A trailing line break ends the last line; the empty line after it is still a line (LSP counts it).
      lines.push({ index: lines.length, start: n, end: n, textStart: n, textEnd: n, text: '' });
      break;
    }
  }
  return lines;
}

/** Where each line starts: the `start` of every line `splitLines` gives, without building the lines. */
export function lineStartsOf(source: string): number[] {
  const starts = [0];
  const n = source.length;
  let lf = source.indexOf('\n');
  let cr = source.indexOf('\r');
  let at = 0;
  for (;;) {
    if (lf !== -1 && lf < at) lf = source.indexOf('\n', at);
    if (cr !== -1 && cr < at) cr = source.indexOf('\r', at);
    if (lf === -1 && cr === -1) break;
    const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
    at = end === cr && lf === end + 1 ? end + 2 : end + 1;
    starts.push(at);
    if (at >= n) break;
  }
  return starts;
}

/** Visible bounds [a, b) of line `i` (line break, indentation and trailing white space excluded). */
export function visibleBounds(source: string, starts: number[], i: number): [number, number] {
  let b = i + 1 < starts.length ? starts[i + 1] : source.length;
  const start = starts[i];
  while (b > start && (source.charCodeAt(b - 1) === 10 || source.charCodeAt(b - 1) === 13)) b--;
  let a = start;
  while (a < b && isWhiteSpace(source.charCodeAt(a))) a++;
  while (b > a && isWhiteSpace(source.charCodeAt(b - 1))) b--;
  return [a, b];
}
