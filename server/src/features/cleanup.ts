// `IMR: Clean Up Text Extracted from PDF` (and the document formatter): turns text pasted
// from a PDF extraction into clean text without changing a single word.
//
// What it does:
// - The 2014-2015 extraction puts an empty line after every line of text. When a document
//   has that pattern (nearly every text line followed by an empty line, and lines that
//   visibly continue a sentence across those empty lines), the empty lines are removed;
//   a real paragraph break (the 2014 layout marks it with a line holding only a space,
//   then an empty line) becomes one blank line.
// - Form feeds are removed; trailing spaces and tabs are removed.
// - A page break (a form feed, or extra blank lines in the 2014 layout) inside a sentence is
//   rejoined: when the line before it does not end a sentence and the line after continues
//   it (starts in lower case or with a year; or the line before ends with a comma, a hyphen
//   or a word such as `for`, `the`, `and`; or it is a full-width line cut off mid-phrase and
//   the next line is neither a heading nor a field label), the two lines become consecutive.
//   Lines are never merged into one line: the line break stays, so `x-` / `rays` stays two
//   lines and never becomes `x-rays` or `xrays`. Any other page break becomes one blank line.
// - Runs of blank lines become one blank line; leading blank lines go; the text ends with one
//   line break when it ended with any.
// - The line-break style of the document is kept (CRLF stays CRLF, lone CR stays CR; a text
//   with mixed breaks gets its most frequent one throughout).
//
// Edits: `edits` are minimal — one edit per stretch of white space that changes, never
// touching a word, sorted and non-overlapping, with offsets into the ORIGINAL text. Sent
// together in one WorkspaceEdit (or as the formatter's result) they are one undo step.
// By construction the sequence of words (split on white space) is identical before and
// after; the function checks this and, should it ever fail, returns no edits at all.
import { LineIndex } from '../model/lineIndex';
import type { Span } from '../model/types';
import type { CleanUpResponse } from '../protocol';

export interface CleanUpEdit {
  span: Span;
  newText: string;
}

export interface CleanUpResult {
  /** The cleaned text (equal to the input when nothing changes). */
  text: string;
  /** Minimal edits turning the input into `text`, offsets into the input, in document order. */
  edits: CleanUpEdit[];
}

/** One entry of the document: a line of text, a white-space-only line, or a form feed. */
type Entry = { kind: 'text'; text: string } | { kind: 'blank'; spaceOnly: boolean } | { kind: 'page' };

const SENTENCE_END = /[.!?:;]["'\u201d\u2019)\]]*$/;
/** Words after which a sentence (or a citation) certainly goes on. */
const CONNECTOR =
  /(?:^|[\s(])(?:a|an|and|as|at|by|for|from|in|into|is|of|on|or|per|than|that|the|this|to|was|were|with|are|be|been|has|have|had|not|no|his|her|their|its|which|who)$/i;
const CONTINUES_LINE = /[,\-\u2010\u2013/&(]$/;
const STARTS_LOWER = /^["'([]?\p{Ll}/u;
const STARTS_YEAR = /^(?:19|20)\d\d\b/;

/** Trailing white space on a line (not line breaks, which are split off already). */
const TRAILING_SPACE = /[ \t\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]+$/;
const ONLY_SPACE = /^[ \t\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]*$/;

export function cleanUpPdfText(text: string): CleanUpResult {
  // One pass is enough for real letters; a contrived text can look double-spaced only once
  // its page breaks are gone, so passes repeat until nothing changes (idempotent by construction).
  let cleaned = text;
  for (let pass = 0; pass < 4; pass++) {
    const next = cleanOnce(cleaned);
    if (next === cleaned) break;
    cleaned = next;
  }
  if (cleaned === text) return { text, edits: [] };
  const edits = diffWhiteSpace(text, cleaned);
  if (!edits) return { text, edits: [] };
  return { text: cleaned, edits };
}

function cleanOnce(text: string): string {
  const eol = detectEol(text);
  const { entries, endsWithBreak } = toEntries(text);
  const doubled = isDoubleSpaced(entries);
  const out: string[] = [];
  let prevText: string | null = null;
  let run: Entry[] = [];
  for (const e of entries) {
    if (e.kind !== 'text') {
      run.push(e);
      continue;
    }
    if (prevText !== null) {
      out.push(gapKind(run, prevText, e.text, doubled) === 'blank' ? eol + eol : eol);
    }
    out.push(e.text);
    prevText = e.text;
    run = [];
  }
  if (prevText !== null && (endsWithBreak || run.length > 0)) out.push(eol);
  return out.join('');
}

/** The same edits as LSP TextEdits (ranges in the original text), for `textDocument/formatting` and `imr/cleanUp`. */
export function cleanUpTextEdits(text: string): CleanUpResponse {
  const { edits } = cleanUpPdfText(text);
  if (edits.length === 0) return [];
  const lines = new LineIndex(text);
  return edits.map((e) => ({ range: lines.range(e.span), newText: e.newText }));
}

// ------------------------------------------------------------------ reading

/** The document's line-break style: the most frequent of CRLF, LF and lone CR (LF when none). */
function detectEol(text: string): string {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}

function toEntries(text: string): { entries: Entry[]; endsWithBreak: boolean } {
  const physical = text.split(/\r\n|\r|\n/);
  const endsWithBreak = physical.length > 1 && physical[physical.length - 1] === '';
  if (endsWithBreak) physical.pop();
  const entries: Entry[] = [];
  for (const line of physical) {
    const pieces = line.split('\f');
    for (let k = 0; k < pieces.length; k++) {
      if (k > 0) entries.push({ kind: 'page' });
      const piece = pieces[k];
      // The empty piece next to a form feed is not a line of its own.
      if (piece === '' && pieces.length > 1) continue;
      if (ONLY_SPACE.test(piece)) entries.push({ kind: 'blank', spaceOnly: piece.length > 0 });
      else entries.push({ kind: 'text', text: piece.replace(TRAILING_SPACE, '') });
    }
  }
  return { entries, endsWithBreak };
}

/**
 * The 2014-2015 pattern: at least 90% of text lines are followed by exactly one blank line,
 * and some lines visibly continue a sentence across that blank line. The second condition
 * keeps a typed draft whose paragraphs are single long lines (each followed by a blank line)
 * from being squeezed together, and makes the clean-up idempotent.
 */
function isDoubleSpaced(entries: Entry[]): boolean {
  let textLines = 0;
  let followedByBlank = 0;
  let continuations = 0;
  let pairs = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.kind !== 'text') continue;
    textLines++;
    const next = entries[i + 1];
    if (next && next.kind === 'blank' && !next.spaceOnly) {
      followedByBlank++;
      const after = entries[i + 2];
      if (after && after.kind === 'text') {
        pairs++;
        if (continuesSentence(e.text, after.text)) continuations++;
      }
    } else if (!next) {
      followedByBlank++; // the last line has nothing to be followed by
    }
  }
  return textLines >= 4 && followedByBlank >= 0.9 * textLines && continuations >= Math.max(1, 0.1 * pairs);
}

/** What goes between two text lines, given the non-text entries between them. */
function gapKind(run: Entry[], prev: string, next: string, doubled: boolean): 'line' | 'blank' {
  if (run.length === 0) return 'line';
  const hasPage = run.some((e) => e.kind === 'page');
  const hasSpaceOnly = run.some((e) => e.kind === 'blank' && e.spaceOnly);
  // The 2014 layout: one empty line after each line is just the line break.
  if (doubled && !hasPage && run.length === 1) return 'line';
  const pageBreak = hasPage || (doubled && (run.length > 1 || hasSpaceOnly));
  if (pageBreak && continuesSentence(prev, next)) return 'line';
  // A full line cut off by the page end, continued by a capitalised word (`... Non-MTUS
  // Citation` / `Official Disability Guidelines`); not when the 2014 layout marks a paragraph.
  if (pageBreak && !hasSpaceOnly && fullLineGoesOn(prev, next)) return 'line';
  return 'blank';
}

/** The line before a break does not end a sentence, and the line after visibly continues it. */
function continuesSentence(prev: string, next: string): boolean {
  const p = prev.trimStart();
  const n = next.trimStart();
  if (SENTENCE_END.test(p)) return false;
  return STARTS_LOWER.test(n) || STARTS_YEAR.test(n) || CONTINUES_LINE.test(p) || CONNECTOR.test(p);
}

/** Lines of the letters wrap at 80-100 characters; a shorter line ends its paragraph. */
const FULL_LINE = 60;
const ITEM_HEADER_END = /\b(?:Upheld|Overturned)$/i;
const FIELD_LABEL_START = /^(?:Claims\s+Administrator\s+guidelines?|MAXIMUS\s+guidelines?|Decision\s+rationales?)\s*:/i;

function fullLineGoesOn(prev: string, next: string): boolean {
  const p = prev.trim();
  const n = next.trim();
  if (p.length < FULL_LINE || SENTENCE_END.test(p) || ITEM_HEADER_END.test(p)) return false;
  // Headings are written in capitals; a field label starts its own paragraph.
  if (!/\p{Ll}/u.test(p) || !/\p{Ll}/u.test(n) || FIELD_LABEL_START.test(n)) return false;
  return true;
}

// ------------------------------------------------------------------ edits

const isSpace = (c: number): boolean =>
  c === 32 ||
  c === 9 ||
  c === 10 ||
  c === 11 ||
  c === 12 ||
  c === 13 ||
  c === 0xa0 ||
  c === 0xfeff ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000;

/**
 * Aligns the two texts word by word (their words are identical) and returns one edit per
 * white-space stretch that differs, trimmed to the part that changes. Null when the words
 * differ (never expected).
 */
function diffWhiteSpace(a: string, b: string): CleanUpEdit[] | null {
  const edits: CleanUpEdit[] = [];
  let i = 0;
  let j = 0;
  for (;;) {
    const i0 = i;
    const j0 = j;
    while (i < a.length && isSpace(a.charCodeAt(i))) i++;
    while (j < b.length && isSpace(b.charCodeAt(j))) j++;
    // A gap between two words must stay a gap (words never merge, never split).
    const inside = i0 > 0 && i < a.length;
    if (inside && (i === i0) !== (j === j0)) return null;
    const gapA = a.slice(i0, i);
    const gapB = b.slice(j0, j);
    if (gapA !== gapB) edits.push(trimEdit(a, i0, i, gapB));
    if (i >= a.length || j >= b.length) {
      if (i < a.length || j < b.length) return null;
      break;
    }
    const wi = i;
    const wj = j;
    while (i < a.length && !isSpace(a.charCodeAt(i))) i++;
    while (j < b.length && !isSpace(b.charCodeAt(j))) j++;
    if (i - wi !== j - wj || a.slice(wi, i) !== b.slice(wj, j)) return null;
  }
  return edits;
}

/** Replace a[start, end) by `text`, keeping the common prefix and suffix out of the edit (without splitting a CRLF). */
function trimEdit(a: string, start: number, end: number, text: string): CleanUpEdit {
  let s = start;
  let t0 = 0;
  let t1 = text.length;
  while (s < end && t0 < t1 && a.charCodeAt(s) === text.charCodeAt(t0)) {
    s++;
    t0++;
  }
  let e = end;
  while (e > s && t1 > t0 && a.charCodeAt(e - 1) === text.charCodeAt(t1 - 1)) {
    e--;
    t1--;
  }
  // Never start or end an edit between \r and \n: LSP positions cannot express it.
  while (s > start && a.charCodeAt(s - 1) === 13 && a.charCodeAt(s) === 10) {
    s--;
    t0--;
  }
  while (e < end && a.charCodeAt(e - 1) === 13 && a.charCodeAt(e) === 10) {
    e++;
    t1++;
  }
  return { span: { start: s, end: e }, newText: text.slice(t0, t1) };
}
