// Page references in a Decision rationale: `MTUS page 8`, `page 309`, `pages 335-336`,
// `pg. 64`, `Table 12-8`, each with the guideline the sentence names, when it names one.
import type { Citation, CitationGuideline, TextPart } from '../model/types';
import { type Ctx, citation, pageList } from './citationScan';

const RATIONALE_REF_RE = /\b(?:(Table \d{1,2}-\d{1,2})\b|(?:(MTUS) )?(pages?|pgs?\.?|pp\.?|p\.?) ?(?=\d))/gi;
const TABLE_PAGE_RE = /,? (?:on )?(pages?|pgs?\.?|pp\.?|p\.?) ?(?=\d)/iy;
const OF_THE_RE = / ?(?:of|in) (?:the )?/iy;
const NON_MTUS_HINT_RE = /\b(?:Third Edition|3rd Ed(?:ition|\.)?|Official Disability Guidelines|ODG|Non[- ]?MTUS)\b/gi;
const STRONG_TOKENS = new Set(['acoem', 'chapter', 'guidelines', 'guideline', 'mtus', 'treatment', 'complaints', 'disorders']);

export function parseRationale(ctx: Ctx, a: number, b: number): void {
  const s = ctx.j.text;
  RATIONALE_REF_RE.lastIndex = a;
  let m: RegExpExecArray | null;
  while ((m = RATIONALE_REF_RE.exec(s)) && m.index < b) {
    const start = m.index;
    let c: Citation;
    let end: number;
    if (m[1]) {
      end = start + m[1].length;
      c = citation('pageReference', ctx.j.span(start, end));
      c.source = ctx.j.nonEmptyPart(start, end);
      TABLE_PAGE_RE.lastIndex = end;
      const tp = TABLE_PAGE_RE.exec(s);
      if (tp) {
        const list = pageList(ctx, tp.index + tp[0].length, b);
        if (list.pages.length > 0) {
          const kw = tp.index + tp[0].indexOf(tp[1]);
          c.referenceLabel = ctx.j.nonEmptyPart(kw, kw + tp[1].length);
          c.pages = list.pages;
          end = list.end;
        }
      }
    } else {
      const kwStart = start + (m[2] ? m[2].length + 1 : 0);
      const list = pageList(ctx, start + m[0].length, b);
      if (list.pages.length === 0) continue;
      end = list.end;
      c = citation('pageReference', ctx.j.span(start, end));
      c.referenceLabel = ctx.j.nonEmptyPart(kwStart, kwStart + m[3].length);
      c.pages = list.pages;
    }
    c.span = ctx.j.span(start, end);
    const g = mentionFor(ctx, start, end, b);
    if (g && 'nonMtus' in g) {
      if (!c.source) c.source = g.nonMtus;
    } else if (g) c.guideline = g;
    ctx.out.push(c);
    RATIONALE_REF_RE.lastIndex = end;
  }
}

/** Start of the sentence containing `pos` (after `. ` / `? ` / `! ` followed by a capital or quote). */
function sentenceStart(s: string, pos: number, limit: number): number {
  for (let i = pos - 1; i > limit && i > pos - 400; i--) {
    const ch = s[i];
    if (
      (ch === '.' || ch === '?' || ch === '!') &&
      s[i + 1] === ' ' &&
      /["'A-Z(\d]/.test(s[i + 2] ?? '') &&
      !/\b(?:pg|pp|p|No|Ch|Dr|Fig|vs|ed|e\.g|i\.e)$/i.test(s.slice(Math.max(0, i - 4), i))
    ) {
      return i + 2;
    }
  }
  return Math.max(limit, pos - 400);
}

/** The guideline a rationale page reference belongs to: named just before it in the sentence, or right after (`page 82 of the MTUS Chronic Pain ...`). */
function mentionFor(ctx: Ctx, refStart: number, refEnd: number, b: number): CitationGuideline | { nonMtus: TextPart } | null {
  const s = ctx.j.text;
  const tok = ctx.tok;
  const sent = sentenceStart(s, refStart, 0);
  const tRef = tok.firstFrom(refStart);
  let best: { t: number; n: number; ids: string[] } | null = null;
  for (let t = tok.firstFrom(sent); t < tRef; t++) {
    const g = ctx.kb.matchGuideline(tok.norm, t, tRef, tok.hyphenBreak);
    if (!g) continue;
    const strong = tok.norm.slice(t, t + g.tokens).some((x) => STRONG_TOKENS.has(x)) || (t > 0 && tok.norm[t - 1] === 'mtus');
    if (strong && (!best || t >= best.t)) best = { t, n: g.tokens, ids: g.ids };
    t += g.tokens - 1;
  }
  if (!best) {
    OF_THE_RE.lastIndex = refEnd;
    const of = OF_THE_RE.exec(s);
    if (of) {
      let q = of.index + of[0].length;
      if (/^MTUS /i.test(s.slice(q, q + 5))) q += 5;
      const t = tok.startingAt(q);
      const g = t >= 0 ? ctx.kb.matchGuideline(tok.norm, t, tok.firstFrom(b), tok.hyphenBreak) : null;
      if (g) best = { t, n: g.tokens, ids: g.ids };
    }
  }
  if (!best) return null;
  const nameStart = tok.start[best.t];
  const nameEnd = tok.end[best.t + best.n - 1];
  // A non-MTUS source named at the mention (`Third Edition ACOEM ...`, `ODG`): not an MTUS page.
  NON_MTUS_HINT_RE.lastIndex = Math.max(sent, nameStart - 60);
  const hint = NON_MTUS_HINT_RE.exec(s);
  const nonMtus = !!hint && hint.index < nameEnd && hint.index < refStart && !/\bMTUS\b/.test(s.slice(hint.index + hint[0].length, nameStart));
  if (nonMtus && hint) return { nonMtus: ctx.j.nonEmptyPart(Math.min(hint.index, nameStart), Math.max(nameEnd, hint.index + hint[0].length))! };
  const name = ctx.j.nonEmptyPart(nameStart, nameEnd)!;
  let year: TextPart | null = null;
  const y = /^ ?\((?:[A-Z][a-z]+\.? \d{1,2}, )?((?:19|20)\d\d)\)| ?((?:19|20)\d\d)\b/.exec(s.slice(nameEnd, nameEnd + 24));
  if (y) {
    const ys = nameEnd + y[0].indexOf(y[1] ?? y[2]);
    year = ctx.j.nonEmptyPart(ys, ys + 4);
  }
  return { name, year, guidelineId: ctx.kb.pickEdition(best.ids, year?.text) };
}
