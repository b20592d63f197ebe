// Offsets <-> LSP positions. JavaScript strings index by UTF-16 code unit, which is
// exactly what LSP positions count by default, so no re-encoding is needed.
import type { Position, Range } from 'vscode-languageserver-types';
import type { Span } from './types';

/** A line break is \r\n, \n or a lone \r (LSP's definition). */
export class LineIndex {
  /** Offset at which each line starts. */
  readonly lineStarts: number[];

  /** `lineStarts`: when the caller has already split the text into lines (the parser has). */
  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    this.lineStarts = lineStarts ?? LineIndex.findLineStarts(text);
  }

  private static findLineStarts(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    return starts;
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
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
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
