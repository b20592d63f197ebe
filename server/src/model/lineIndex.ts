// Offsets <-> LSP positions. JavaScript strings index by UTF-16 code unit, which is
// exactly what LSP positions count by default, so no re-encoding is needed.
import type { Position, Range } from 'vscode-languageserver-types';
import type { Span } from './types';
import { lastAtOrBefore } from '../util/search';

/** A line break is \r\n, \n or a lone \r (LSP's definition). */
export class LineIndex {
  /** Offset at which each line starts. */
  readonly lineStarts: number[];

  /** `lineStarts`: when the caller has already split the text into lines (the parser has). */
  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    this.lineStarts = lineStarts ?? lineStartsOf(text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Offset just past the line's content (before its line break). */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const lo = lastAtOrBefore(this.lineStarts.length, (i) => this.lineStarts[i], o);
    // An offset between \r and \n belongs at the end of the line.
    const character = Math.min(o, this.lineContentEnd(lo)) - this.lineStarts[lo];
    return { line: lo, character };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineContentEnd(position.line));
  }

  range(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

/**
 * Where each line starts (LSP's breaks: \r\n, \n, lone \r). A trailing break ends the last line;
 * the empty line after it is still a line (LSP counts it). Breaks are found with indexOf
 * (native, many times faster than a loop over characters); the next \n and the next \r are
 * each searched for again only once passed.
 */
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
