// Text as a reader sees it: a document span with every run of white space (line breaks,
// blank lines, form feeds from page breaks, indentation) folded into one space and the
// ends trimmed, plus a map back to document offsets so that a match found in the joined
// text becomes an exact document span.
import type { Span, TextPart } from './types';

export class JoinedText {
  /** The joined text. */
  readonly text: string;
  /** Document offset of each character of `text`. */
  private readonly offsets: Int32Array;

  constructor(source: string, span: Span) {
    const chars: string[] = [];
    const offsets = new Int32Array(Math.max(0, span.end - span.start));
    let n = 0;
    let pendingSpace = -1; // document offset of the first white space of a pending run
    for (let i = span.start; i < span.end; i++) {
      const c = source.charCodeAt(i);
      if (isWhiteSpace(c)) {
        if (pendingSpace < 0 && n > 0) pendingSpace = i;
        continue;
      }
      if (pendingSpace >= 0) {
        chars.push(' ');
        offsets[n++] = pendingSpace;
        pendingSpace = -1;
      }
      chars.push(source[i]);
      offsets[n++] = i;
    }
    this.text = chars.join('');
    this.offsets = offsets.subarray(0, n);
  }

  /** Document span of joined-text characters [from, to). */
  span(from: number, to: number): Span {
    if (this.offsets.length === 0) return { start: 0, end: 0 };
    const a = Math.max(0, Math.min(from, this.offsets.length));
    const b = Math.max(a, Math.min(to, this.offsets.length));
    if (a === b) {
      const at = a < this.offsets.length ? this.offsets[a] : this.offsets[this.offsets.length - 1] + 1;
      return { start: at, end: at };
    }
    return { start: this.offsets[a], end: this.offsets[b - 1] + 1 };
  }

  /** A TextPart for joined-text characters [from, to), trimmed. */
  part(from: number, to: number): TextPart {
    let a = from;
    let b = to;
    while (a < b && this.text.charCodeAt(a) === 32) a++;
    while (b > a && this.text.charCodeAt(b - 1) === 32) b--;
    return { span: this.span(a, b), text: this.text.slice(a, b) };
  }
}

/** Space, tab, line breaks, form feed, vertical tab, no-break space and other Unicode spaces. */
export function isWhiteSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The span with white space trimmed from both ends (zero-length at `span.start` when all white). */
export function trimSpan(source: string, span: Span): Span {
  let a = span.start;
  let b = span.end;
  while (a < b && isWhiteSpace(source.charCodeAt(a))) a++;
  while (b > a && isWhiteSpace(source.charCodeAt(b - 1))) b--;
  return a === b ? { start: span.start, end: span.start } : { start: a, end: b };
}

/** Joined text of a span as a TextPart (span trimmed to the first and last visible characters). */
export function joinedPart(source: string, span: Span): TextPart {
  const j = new JoinedText(source, span);
  return j.part(0, j.text.length);
}
