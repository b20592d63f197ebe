// Guideline citations in a field value, with exact document spans for every part.
//
// Guideline fields (`Claims Administrator guideline:` / `MAXIMUS guideline:`) hold one or
// more citation sentences:
//   2014-2015  Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99.
//              Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 299.
//   2016-2017  Decision based on MTUS Low Back Complaints 2004, Section(s): Summary, and
//              Chronic Pain Medical Treatment 2016, Section(s): Facet blocks.
//   both       Decision based on Non-MTUS Citation <free text, URLs>
//              The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines.
//              The Expert Reviewer did not cite any medical evidence for its decision.
// Rationales hold page references (rationaleReferences.ts): `MTUS page 8`, `page 309`, `pages 335-336`, `pg. 64`, `Table 12-8`.
//
// The value is read as a reader sees it: every run of white space (line breaks, blank
// lines, form feeds) folded into one space, with a map back to document offsets. Guideline
// names are matched against the knowledge base (longest alias, token by token); section
// lists are split at commas in the way that yields the most known section names, since
// names themselves contain commas (`TENS, chronic pain (...)`). One pass, precompiled
// regular expressions, map look-ups: linear in the value's length.
import type { Citation, CitationGuideline, FieldKind, Span, TextPart } from '../model/types';
import { defaultKnowledgeBase } from '../mtus/load';
import type { KnowledgeBase } from '../mtus/query';
import { type Ctx, citation, pageList, Tokens } from './citationScan';
import { JoinedText } from './joinedText';
import { parseRationale } from './rationaleReferences';

// ------------------------------------------------------------------ patterns

const MARKER_RE =
  /Decision based on:? ?(?:(Non[- ]?MTUS)(?: Citations?)?:?|(MTUS)(?: Citations?)?(?=[ :.,]|$):?)|The ((?:[A-Za-z]+ ){0,3}?[A-Za-z]+) based (?:their|its|his|her|the) decision on (?:the )?recommendations?(?:\(s\))? outside (?:of )?the MTUS(?: Guidelines?)?\.?|The ((?:[A-Za-z]+ ){0,3}?[A-Za-z]+) did not cite any (?:medical )?evidence for (?:its|their|his|her|the) decision\.?/gi;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const YEAR_AFTER_RE = / ?\(?((?:19|20)\d\d)\)?(?![\p{L}\p{N}])/uy;
const YEAR_TOKEN_RE = /^(?:19|20)\d\d$/;
const SECTION_LABEL_RE = /,? ?(Sections?(?: ?\(s\))? ?:) ?/iy;
const SECTION_LABEL_ANY_RE = /Sections?(?: ?\(s\))? ?:/gi;
const PAGE_LABEL_RE = /\b(Pages? ?\(s\) ?:|Pages? ?:|Pgs? ?\.? ?:|pp\. ?:)/gi;
const INLINE_PAGE_RE = /\b(pages?|pgs?\.?|pp\.?|p\.?) ?(?=\d)/gi;
const AND_RE = /,? and /gi;
const UNKNOWN_NEXT_RE = /[A-Z][^.;]{0,80}? (?:19|20)\d\d,? Sections?(?: ?\(s\))? ?:/y;
const NUMBERED_RE = /^\d+(?:\.\d+)*\.?(?: |$)/;

/** Most characters a section name group may span (pieces joined by commas). */
const MAX_GROUP = 8;

// ------------------------------------------------------------------ entry point

/**
 * Citations in one field value. `text` is the whole document, `value` the value's span in
 * it; every span returned lies inside `value`. Guideline fields yield `mtus`, `nonMtus`,
 * `outsideMtus`, `noCitation` and `url` citations; a rationale yields `pageReference`s.
 */
export function parseCitations(text: string, value: Span, field: FieldKind, kb: KnowledgeBase = defaultKnowledgeBase(), joined?: JoinedText): Citation[] {
  const from = Math.max(0, Math.min(value.start, text.length));
  const to = Math.max(from, Math.min(value.end, text.length));
  if (to <= from) return [];
  // The caller's join of this value, when it has one (the parser joins each value once).
  const j = joined ?? new JoinedText(text, { start: from, end: to });
  if (j.text.length === 0) return [];
  let tok: Tokens | null = null;
  const ctx: Ctx = {
    j,
    get tok() {
      return (tok ??= new Tokens(j.text));
    },
    kb,
    out: [],
  };
  if (field === 'decisionRationale') parseRationale(ctx, 0, j.text.length);
  else parseGuidelineField(ctx);
  return ctx.out;
}

// ------------------------------------------------------------------ guideline fields

interface Marker {
  start: number;
  end: number;
  kind: 'mtus' | 'nonMtus' | 'outsideMtus' | 'noCitation';
}

function parseGuidelineField(ctx: Ctx): void {
  const s = ctx.j.text;
  const markers: Marker[] = [];
  MARKER_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER_RE.exec(s))) {
    const kind = m[1] ? 'nonMtus' : m[2] ? 'mtus' : m[3] ? 'outsideMtus' : 'noCitation';
    markers.push({ start: m.index, end: m.index + m[0].length, kind });
  }
  // Text before the first marker (or a value with none): a citation without its opening words.
  const firstStart = markers.length > 0 ? markers[0].start : s.length;
  if (firstStart > 0) freeText(ctx, 0, trimEnd(s, 0, firstStart));
  for (let i = 0; i < markers.length; i++) {
    const mk = markers[i];
    const segEnd = trimEnd(s, mk.end, i + 1 < markers.length ? markers[i + 1].start : s.length);
    if (mk.kind === 'mtus') {
      parseMtus(ctx, mk.start, mk.end, segEnd);
    } else if (mk.kind === 'nonMtus') {
      parseNonMtus(ctx, mk.start, mk.end, segEnd);
    } else {
      ctx.out.push(citation(mk.kind, ctx.j.span(mk.start, trimEnd(s, mk.start, mk.end))));
      // Free text after the sentence and before the next marker: a source named without the usual words.
      if (segEnd > mk.end) freeText(ctx, mk.end, segEnd);
    }
  }
}

function trimEnd(s: string, a: number, b: number): number {
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return b;
}

function skipSpaces(s: string, a: number, b: number): number {
  while (a < b && s.charCodeAt(a) === 32) a++;
  return a;
}

/** Text that is not introduced by a marker: an MTUS name, a bare URL, or a free-text source. */
function freeText(ctx: Ctx, a: number, b: number): void {
  const s = ctx.j.text;
  a = skipSpaces(s, a, b);
  if (a >= b) return;
  const rest = s.slice(a, Math.min(b, a + 8));
  if (/^MTUS\b/i.test(rest)) {
    parseMtus(ctx, a, a + 4, b);
    return;
  }
  const t = ctx.tok.startingAt(a);
  if (t >= 0 && ctx.kb.matchGuideline(ctx.tok.norm, t, ctx.tok.firstFrom(b), ctx.tok.hyphenBreak)) {
    parseMtus(ctx, a, a, b);
    return;
  }
  URL_RE.lastIndex = a;
  const u = URL_RE.exec(s);
  if (u && u.index === a && trimUrl(s, u.index, u.index + u[0].length) >= trimEnd(s, a, stripPeriod(s, a, b))) {
    urls(ctx, a, b);
    return;
  }
  // Punctuation alone is not a source.
  if (!/[\p{L}\p{N}]/u.test(s.slice(a, b))) return;
  const c = citation('nonMtus', ctx.j.span(a, b));
  c.source = ctx.j.nonEmptyPart(a, stripPeriod(s, a, b));
  inlinePages(ctx, c, a, b);
  ctx.out.push(c);
  urls(ctx, a, b);
}

function stripPeriod(s: string, a: number, b: number): number {
  b = trimEnd(s, a, b);
  while (b > a && (s[b - 1] === '.' || s[b - 1] === ',' || s[b - 1] === ';')) b = trimEnd(s, a, b - 1);
  return b;
}

function trimUrl(s: string, a: number, b: number): number {
  while (b > a && /[.,;:)\]]/.test(s[b - 1])) {
    if (s[b - 1] === ')' && s.slice(a, b).includes('(')) break;
    b--;
  }
  return b;
}

function urls(ctx: Ctx, a: number, b: number): void {
  const s = ctx.j.text;
  URL_RE.lastIndex = a;
  let u: RegExpExecArray | null;
  while ((u = URL_RE.exec(s)) && u.index < b) {
    const end = trimUrl(s, u.index, Math.min(b, u.index + u[0].length));
    const c = citation('url', ctx.j.span(u.index, end));
    c.source = ctx.j.nonEmptyPart(u.index, end);
    ctx.out.push(c);
  }
}

function parseNonMtus(ctx: Ctx, start: number, markerEnd: number, segEnd: number): void {
  const s = ctx.j.text;
  const c = citation('nonMtus', ctx.j.span(start, segEnd));
  let a = skipSpaces(s, markerEnd, segEnd);
  while (a < segEnd && (s[a] === ':' || s[a] === '-' || s[a] === ' ')) a++;
  c.source = ctx.j.nonEmptyPart(a, stripPeriod(s, a, segEnd));
  inlinePages(ctx, c, a, segEnd);
  ctx.out.push(c);
  urls(ctx, a, segEnd);
}

/** `pg. 607`, `p 301`, `pages 98,99` inside free text. */
function inlinePages(ctx: Ctx, c: Citation, a: number, b: number): void {
  const s = ctx.j.text;
  INLINE_PAGE_RE.lastIndex = a;
  let m: RegExpExecArray | null;
  while ((m = INLINE_PAGE_RE.exec(s)) && m.index < b) {
    const list = pageList(ctx, m.index + m[0].length, b);
    if (list.pages.length === 0) continue;
    if (!c.referenceLabel) c.referenceLabel = ctx.j.nonEmptyPart(m.index, m.index + m[1].length);
    c.pages.push(...list.pages);
    INLINE_PAGE_RE.lastIndex = list.end;
  }
}

interface NameMatch {
  name: TextPart;
  year: TextPart | null;
  guidelineId: string | null;
  /** Joined position after the name (and year). */
  end: number;
}

/** A guideline name at `a` (known alias, or up to its year / label when unknown). */
function guidelineName(ctx: Ctx, a: number, b: number): NameMatch | null {
  const s = ctx.j.text;
  const tok = ctx.tok;
  a = skipSpaces(s, a, b);
  while (a < b && (s[a] === ':' || s[a] === ',' || s[a] === '-')) a = skipSpaces(s, a + 1, b);
  if (a >= b) return null;
  const tEnd = tok.firstFrom(b);
  let t = tok.startingAt(a);
  // `MTUS` repeated or `MTUS:` before the name.
  if (t >= 0 && tok.norm[t] === 'mtus' && t + 1 < tEnd && !ctx.kb.matchGuideline(tok.norm, t, tEnd, tok.hyphenBreak)) {
    const next = tok.start[t + 1];
    if (/^[ :(-]*$/.test(s.slice(tok.end[t], next))) {
      a = next;
      t = t + 1;
    }
  }
  const m = t >= 0 ? ctx.kb.matchGuideline(tok.norm, t, tEnd, tok.hyphenBreak) : null;
  let nameEnd: number;
  let aliasYear: string | null = null;
  if (m) {
    const last = t + m.tokens - 1;
    nameEnd = tok.end[last];
    if (s[nameEnd] === ')' && s.lastIndexOf('(', nameEnd) >= a) nameEnd++;
    if (YEAR_TOKEN_RE.test(tok.norm[last])) aliasYear = tok.norm[last];
  } else {
    // Unknown name: up to its year, a Section(s)/Page(s) label, a sentence end or the end.
    nameEnd = b;
    for (let k = tok.firstFrom(a); k < tEnd; k++) {
      if (YEAR_TOKEN_RE.test(tok.norm[k]) && k > tok.firstFrom(a)) {
        nameEnd = tok.start[k];
        if (s[nameEnd - 1] === '(') nameEnd--;
        break;
      }
      if (
        (tok.norm[k] === 'section' || tok.norm[k] === 'sections' || tok.norm[k] === 'page' || tok.norm[k] === 'pages') &&
        /^ ?(?:\(s\))? ?:/.test(s.slice(tok.end[k], tok.end[k] + 6))
      ) {
        nameEnd = tok.start[k];
        break;
      }
    }
    nameEnd = stripPeriod(s, a, nameEnd);
  }
  const name = ctx.j.nonEmptyPart(a, nameEnd);
  if (!name) return null;
  let end = nameEnd;
  let year: TextPart | null = null;
  YEAR_AFTER_RE.lastIndex = nameEnd;
  const y = YEAR_AFTER_RE.exec(s);
  if (y && y.index + y[0].length <= b) {
    const ys = y.index + y[0].indexOf(y[1]);
    year = ctx.j.nonEmptyPart(ys, ys + 4);
    end = y.index + y[0].length;
  }
  const guidelineId = m ? ctx.kb.pickEdition(m.ids, year ? year.text : aliasYear) : null;
  return { name, year, guidelineId, end };
}

/** Where the next guideline of a `, and`-joined MTUS citation starts (the `, and` position), or -1. */
function nextGuidelineBoundary(ctx: Ctx, from: number, b: number): { at: number; nameStart: number } {
  const s = ctx.j.text;
  const tok = ctx.tok;
  const tEnd = tok.firstFrom(b);
  AND_RE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = AND_RE.exec(s)) && m.index < b) {
    const q = m.index + m[0].length;
    const t = tok.startingAt(q);
    if (t < 0) continue;
    const g = ctx.kb.matchGuideline(tok.norm, t, tEnd, tok.hyphenBreak);
    if (g) {
      const after = tok.end[t + g.tokens - 1];
      const rest = s.slice(after, after + 16);
      if (/^(?: ?\(?(?:19|20)\d\d\)?)?(?:,? ?Sections?(?: ?\(s\))? ?:|,? ?Pages? ?(?:\(s\))? ?:|[.,]|$)/i.test(rest) || after >= b) {
        return { at: m.index, nameStart: q };
      }
    }
    UNKNOWN_NEXT_RE.lastIndex = q;
    const u = UNKNOWN_NEXT_RE.exec(s);
    if (u && u.index + u[0].length <= b && !/, and /i.test(u[0])) return { at: m.index, nameStart: q };
  }
  return { at: -1, nameStart: -1 };
}

function parseMtus(ctx: Ctx, start: number, markerEnd: number, segEnd: number): void {
  const s = ctx.j.text;
  const bodyEnd = stripPeriod(s, markerEnd, segEnd);
  let citStart = start;
  let pos = markerEnd;
  let first = true;
  for (;;) {
    const nm = guidelineName(ctx, pos, bodyEnd);
    const afterName = nm ? nm.end : pos;
    const boundary = nextGuidelineBoundary(ctx, afterName, bodyEnd);
    const partEnd = boundary.at >= 0 ? boundary.at : bodyEnd;
    const spanEnd = boundary.at >= 0 ? trimEnd(s, citStart, boundary.at) : segEnd;
    const c = citation('mtus', ctx.j.span(citStart, Math.max(spanEnd, citStart + 1)));
    if (nm) c.guideline = { name: nm.name, year: nm.year, guidelineId: nm.guidelineId } satisfies CitationGuideline;
    if (afterName < partEnd) parseReferences(ctx, c, afterName, partEnd);
    if (first || nm) ctx.out.push(c);
    first = false;
    if (boundary.at < 0) break;
    citStart = boundary.nameStart;
    pos = boundary.nameStart;
  }
}

/** After the guideline name: `, Section(s): a, b` or (2014-2015) `<topic> pages 98,99 Page(s): 98-99`. */
function parseReferences(ctx: Ctx, c: Citation, a: number, b: number): void {
  const s = ctx.j.text;
  SECTION_LABEL_RE.lastIndex = a;
  let m = SECTION_LABEL_RE.exec(s);
  if (!m) {
    // A label a little further on (`MTUS ... 2004 Section(s):`, `..., Chapter 12, Section(s):`).
    SECTION_LABEL_ANY_RE.lastIndex = a;
    const any = SECTION_LABEL_ANY_RE.exec(s);
    if (any && any.index < b && any.index - a <= 40) {
      SECTION_LABEL_RE.lastIndex = any.index;
      m = SECTION_LABEL_RE.exec(s);
    }
  }
  if (m && m.index < b) {
    const labelStart = m.index + m[0].indexOf(m[1]);
    if (labelStart > a) topicAndPages(ctx, c, a, labelStart);
    c.referenceLabel = ctx.j.nonEmptyPart(labelStart, labelStart + m[1].length);
    sectionList(ctx, c, m.index + m[0].length, b);
    return;
  }
  PAGE_LABEL_RE.lastIndex = a;
  const p = PAGE_LABEL_RE.exec(s);
  if (p && p.index < b) {
    topicAndPages(ctx, c, a, p.index);
    c.referenceLabel = ctx.j.nonEmptyPart(p.index, p.index + p[0].length);
    const list = pageList(ctx, skipSpaces(s, p.index + p[0].length, b), b);
    c.pages.push(...list.pages);
    return;
  }
  topicAndPages(ctx, c, a, b);
}

/** `Physical Medicine`, `MTUS pages 98,99 Physical Medicine`, `physical medicine p.98-99`. */
function topicAndPages(ctx: Ctx, c: Citation, a: number, b: number): void {
  const s = ctx.j.text;
  const chunks: [number, number][] = [];
  let from = a;
  INLINE_PAGE_RE.lastIndex = a;
  let m: RegExpExecArray | null;
  while ((m = INLINE_PAGE_RE.exec(s)) && m.index < b) {
    const list = pageList(ctx, m.index + m[0].length, b);
    if (list.pages.length === 0) continue;
    chunks.push([from, m.index]);
    if (!c.referenceLabel) c.referenceLabel = ctx.j.nonEmptyPart(m.index, m.index + m[1].length);
    c.pages.push(...list.pages);
    from = list.end;
    INLINE_PAGE_RE.lastIndex = list.end;
  }
  chunks.push([from, b]);
  let best: TextPart | null = null;
  for (let [x, y] of chunks) {
    while (x < y && /[\s,.;:\-()]/.test(s[x])) x++;
    while (y > x && /[\s,.;:\-(]/.test(s[y - 1])) y--;
    if (/^MTUS\b/i.test(s.slice(x, x + 5))) x = skipSpaces(s, x + 4, y);
    if (/^(?:guidelines?|and|or)$/i.test(s.slice(x, y))) continue;
    const part = x < y && /\p{L}/u.test(s.slice(x, y)) ? ctx.j.nonEmptyPart(x, y) : null;
    if (part && (!best || part.text.length > best.text.length)) best = part;
  }
  if (best) c.topic = best;
}

interface Piece {
  a: number;
  b: number;
  numbered: boolean;
}

/** Section names after `Section(s):`, split at the commas that separate known names. */
function sectionList(ctx: Ctx, c: Citation, a: number, b: number): void {
  const s = ctx.j.text;
  b = stripPeriod(s, a, b);
  // Pieces at commas outside brackets.
  const pieces: Piece[] = [];
  let depth = 0;
  let start = a;
  for (let i = a; i <= b; i++) {
    const ch = i < b ? s[i] : ',';
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    else if ((ch === ',' || ch === ';') && (depth === 0 || i === b)) {
      let x = skipSpaces(s, start, i);
      const y = trimEnd(s, x, i);
      // `... , and Summary`: a list's last `and` belongs to the list, not the name.
      if (/^and /i.test(s.slice(x, x + 4))) x += 4;
      if (x < y) pieces.push({ a: x, b: y, numbered: NUMBERED_RE.test(s.slice(x, Math.min(y, x + 12))) });
      start = i + 1;
    }
  }
  const n = pieces.length;
  if (n === 0) return;
  const gid = c.guideline?.guidelineId ?? null;
  // cost[i]: cheapest split of pieces[0..i); a known name costs 1, an unknown piece 100,
  // an unknown numbered section with its unnumbered continuation pieces 100 + 2 per extra piece.
  const cost = new Float64Array(n + 1).fill(Infinity);
  const from = new Int32Array(n + 1).fill(-1);
  cost[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let k = i - 1; k >= Math.max(0, i - MAX_GROUP); k--) {
      if (cost[k] === Infinity) continue;
      let w: number;
      if (ctx.kb.isSectionName(gid, s.slice(pieces[k].a, pieces[i - 1].b))) w = 1;
      else if (i - k === 1) w = 100;
      else if (pieces[k].numbered && !pieces.slice(k + 1, i).some((p) => p.numbered)) w = 100 + 2 * (i - k - 1);
      else continue;
      if (cost[k] + w < cost[i]) {
        cost[i] = cost[k] + w;
        from[i] = k;
      }
    }
  }
  const groups: [number, number][] = [];
  for (let i = n; i > 0; i = from[i]) groups.push([from[i], i]);
  groups.reverse();
  for (const [k, i] of groups) {
    const part = ctx.j.nonEmptyPart(pieces[k].a, pieces[i - 1].b);
    if (part) c.sections.push(part);
  }
}
