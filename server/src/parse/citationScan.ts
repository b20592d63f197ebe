// What the citation readers share: the joined value being read, its word tokens, the
// knowledge base, the citations found so far, and page lists (`98-99, 101`).
import type { Citation, PageRef, Span } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';
import { firstAtOrAbove } from '../util/search';
import type { JoinedText } from './joinedText';

const TOKEN_RE = /[\p{L}\p{N}]+|&/gu;
const PAGE_NUM_RE = /(\d{1,4})(?: ?[-\u2013\u2014] ?(\d{1,4}))?(?![\d])/y;
const PAGE_SEP_RE = / ?(?:,|&|and|;) ?(?=\d)/iy;

/** Word tokens of the joined text (letters/digits runs, `&` as `and`) for guideline-name matching. */
export class Tokens {
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly norm: string[] = [];
  /** 1 where a token ends in `- ` (a word possibly broken at a line end). */
  readonly hyphenBreak: number[] = [];
  constructor(s: string) {
    TOKEN_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = TOKEN_RE.exec(s))) {
      this.start.push(m.index);
      this.end.push(m.index + m[0].length);
      this.norm.push(m[0] === '&' ? 'and' : m[0].toLowerCase());
      const e = m.index + m[0].length;
      this.hyphenBreak.push(s.charCodeAt(e) === 45 && s.charCodeAt(e + 1) === 32 ? 1 : 0);
    }
  }
  get length(): number {
    return this.start.length;
  }
  /** Token starting exactly at joined position `pos`, or -1. */
  startingAt(pos: number): number {
    const t = this.firstFrom(pos);
    return t < this.start.length && this.start[t] === pos ? t : -1;
  }
  /** Index of the first token starting at or after joined position `pos` (binary search). */
  firstFrom(pos: number): number {
    return firstAtOrAbove(this.start.length, (i) => this.start[i], pos);
  }
}

export interface Ctx {
  j: JoinedText;
  tok: Tokens;
  kb: KnowledgeBase;
  out: Citation[];
}

export function citation(kind: Citation['kind'], span: Span): Citation {
  return { kind, span, guideline: null, topic: null, sections: [], referenceLabel: null, pages: [], source: null };
}

/** `98-99`, `98, 99`, `98,99`, `335-336`: page numbers from `a`. */
export function pageList(ctx: Ctx, a: number, b: number): { pages: PageRef[]; end: number } {
  const s = ctx.j.text;
  const pages: PageRef[] = [];
  let pos = a;
  let end = a;
  for (;;) {
    PAGE_NUM_RE.lastIndex = pos;
    const m = PAGE_NUM_RE.exec(s);
    if (!m || m.index + m[0].length > b) break;
    const first = Number(m[1]);
    const last = m[2] ? Number(m[2]) : first;
    end = m.index + m[0].length;
    const part = ctx.j.nonEmptyPart(m.index, end)!;
    pages.push({ part, first: Math.min(first, last), last: Math.max(first, last) });
    PAGE_SEP_RE.lastIndex = end;
    const sep = PAGE_SEP_RE.exec(s);
    if (!sep || sep.index + sep[0].length > b) break;
    pos = sep.index + sep[0].length;
  }
  return { pages, end };
}
