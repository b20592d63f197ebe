// The letter split into classified lines. Parsing works line by line because every layout
// (PDF extractions, drafts) keeps labels and headings at the start of a line, while
// values wrap freely over lines, blank lines and page breaks.
import { lineStartsOf } from '../model/lineIndex';
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

/** The lines of `source`; `starts` when the caller has found them already (the parser has). */
export function splitLines(source: string, starts: number[] = lineStartsOf(source)): Line[] {
  const lines: Line[] = new Array(starts.length);
  for (let i = 0; i < starts.length; i++) {
    const end = lineEnd(source, starts, i);
    const [a, b] = trimmed(source, starts[i], end);
    lines[i] = { index: i, start: starts[i], end, textStart: a, textEnd: b, text: source.slice(a, b) };
  }
  return lines;
}

/** Offset just past line `i`'s last character (its line break excluded). */
function lineEnd(source: string, starts: number[], i: number): number {
  const start = starts[i];
  let b = i + 1 < starts.length ? starts[i + 1] : source.length;
  while (b > start && (source.charCodeAt(b - 1) === 10 || source.charCodeAt(b - 1) === 13)) b--;
  return b;
}

/** [start, end) without white space at either end. */
function trimmed(source: string, start: number, end: number): [number, number] {
  let a = start;
  let b = end;
  while (a < b && isWhiteSpace(source.charCodeAt(a))) a++;
  while (b > a && isWhiteSpace(source.charCodeAt(b - 1))) b--;
  return [a, b];
}

/** Visible bounds [a, b) of line `i` (line break, indentation and trailing white space excluded). */
export function visibleBounds(source: string, starts: number[], i: number): [number, number] {
  return trimmed(source, starts[i], lineEnd(source, starts, i));
}
