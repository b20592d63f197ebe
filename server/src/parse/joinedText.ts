// Text as a reader sees it: a document span with every run of white space (line breaks,
// blank lines, form feeds from page breaks, indentation) folded into one space and the
// ends trimmed, plus a map back to document offsets so that a match found in the joined
// text becomes an exact document span.
import type { Span, TextPart } from '../model/types';
import { lastAtOrBefore } from '../util/search';

export class JoinedText {
  /** The joined text. */
  readonly text: string;
  /** Joined position -> document offset. */
  readonly map: FoldMap;

  constructor(source: string, span: Span) {
    const joined = joinWhiteSpace(source, span.start, span.end);
    this.text = joined.text;
    this.map = joined.map;
  }

  /** Document span of joined-text characters [from, to). */
  span(from: number, to: number): Span {
    const len = this.text.length;
    if (len === 0) return { start: 0, end: 0 };
    const a = Math.max(0, Math.min(from, len));
    const b = Math.max(a, Math.min(to, len));
    if (a === b) {
      const at = a < len ? this.map.at(a) : this.map.at(len - 1) + 1;
      return { start: at, end: at };
    }
    return { start: this.map.at(a), end: this.map.at(b - 1) + 1 };
  }

  /** A TextPart for joined-text characters [from, to), trimmed. */
  part(from: number, to: number): TextPart {
    let a = from;
    let b = to;
    while (a < b && this.text.charCodeAt(a) === 32) a++;
    while (b > a && this.text.charCodeAt(b - 1) === 32) b--;
    return { span: this.span(a, b), text: this.text.slice(a, b) };
  }

  /** Like `part`, but null when nothing visible is left (a citation part that is absent). */
  nonEmptyPart(from: number, to: number): TextPart | null {
    const p = this.part(from, to);
    return p.text.length > 0 ? p : null;
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

/** Maps joined-text positions to document offsets: one entry per copied slice, not per character. */
export class FoldMap {
  constructor(
    /** Joined position where each segment starts (ascending). */
    private readonly joinedStart: number[],
    /** Document offset of each segment's first character. */
    private readonly docStart: number[],
  ) {}
  at(pos: number): number {
    const js = this.joinedStart;
    const lo = lastAtOrBefore(js.length, (i) => js[i], pos);
    return this.docStart[lo] + (pos - js[lo]);
  }
}

/** A run of white space that does not stay as it is: two or more characters, or one that is not a space. */
const FOLD_RE = /\s\s+|[^\S ]/g;

/**
 * Folds every white-space run of source[from, to) into one space (dropping leading and
 * trailing runs) and maps joined positions back to document offsets. Visible text with its
 * single spaces is copied as slices, found by one regular-expression scan.
 */
export function joinWhiteSpace(source: string, from: number, to: number): { text: string; map: FoldMap } {
  const parts: string[] = [];
  const joinedStart: number[] = [];
  const docStart: number[] = [];
  let n = 0;
  let pos = from;
  FOLD_RE.lastIndex = from;
  for (;;) {
    const m = FOLD_RE.exec(source);
    const runStart = m && m.index < to ? m.index : to;
    const runEnd = m && m.index < to ? Math.min(to, m.index + m[0].length) : to;
    if (runStart > pos) {
      // Visible text (it may begin with a single space left over at `from`: trim it).
      let a = pos;
      if (n === 0) while (a < runStart && source.charCodeAt(a) === 32) a++;
      if (a < runStart) {
        joinedStart.push(n);
        docStart.push(a);
        parts.push(source.slice(a, runStart));
        n += runStart - a;
      }
    }
    if (runStart >= to) break;
    pos = runEnd;
    FOLD_RE.lastIndex = runEnd;
    // The folded run becomes one space, mapped to its first character, unless it leads or trails.
    if (n > 0 && runEnd < to) {
      joinedStart.push(n);
      docStart.push(runStart);
      parts.push(' ');
      n++;
    }
  }
  // A single trailing space at `to` (not matched by FOLD_RE) is dropped.
  let text = parts.length === 1 ? parts[0] : parts.join('');
  if (text.endsWith(' ')) text = text.slice(0, -1);
  if (joinedStart.length === 0) {
    joinedStart.push(0);
    docStart.push(from);
  }
  return { text, map: new FoldMap(joinedStart, docStart) };
}
