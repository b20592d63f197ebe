// Page furniture: the running header and footer a printed letter repeats on its pages ("Page 2
// of 3", a page number, the case number) and that a PDF's text carries beside its page breaks.
// None of it belongs to an item, yet a footer between an item's header and its first field read
// as an item of its own, and one inside a guideline field as a page of the guideline. The items
// are read from a copy of the letter whose furniture lines are blanked (the same length, so every
// offset still points into the letter), and from those lines as blank lines.
import { hasPageBreak } from '../model/pages';
import type { Line } from './lines';

const CASE = String.raw`(?:(?:imr\s+)?case\s+(?:number|no\.?)\s*:?\s*)?CM\d{2}-\d{5,8}`;
const PAGE = String.raw`page\s+\d{1,4}(?:\s+of\s+\d{1,4})?`;
const BETWEEN = String.raw`\s*[-|·,]?\s*`;
/** Furniture wherever it stands: "Page 2 of 3", the case number alone, or the two on one line. */
const ANYWHERE = new RegExp(String.raw`^(?:page\s+\d{1,4}\s+of\s+\d{1,4}|${CASE}(?:${BETWEEN}${PAGE})?|${PAGE}${BETWEEN}${CASE})$`, 'i');
/**
 * Furniture at a page's top or bottom only (beside a page break, or at the letter's end): a page
 * number ("2", "Page 2", "- 2 -", "2/3"), and what a browser prints there (the date and time, then the
 * page's title; the address, then the page number).
 */
const PAGE_EDGE =
  /^(?:(?:page\s+)?\d{1,4}|-\s*\d{1,4}\s*-|\d{1,4}\s*\/\s*\d{1,4}|\d{1,2}\/\d{1,2}\/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?(?:\s{2,}.*)?|(?:file|https?):\/\/\S+(?:\s+\d{1,4}\s*\/\s*\d{1,4})?)$/i;
/** Non-blank lines beside a page break (each side) that may be its header or footer. */
const EDGE_LINES = 2;
/** How far from a page break they may be: blank lines between (the 2014-2015 extraction has one after every line). */
const EDGE_SPAN = 8;
/** Furniture is short: longer lines are never read against the patterns. */
const MAX_LENGTH = 200;

/** What furniture begins with (lower-cased): page, case, IMR, file, http, a digit, a dash. */
const FURNITURE_FIRST = new Set([...'pcifh0123456789-'].map((ch) => ch.charCodeAt(0)));

/** Whether a line is the first of a page: a form feed before its first visible character (or anywhere on a blank line). */
const opensPage = (text: string, l: Line): boolean => hasPageBreak(text, l.start, l.textStart);

/**
 * The letter's lines [from, to) with its furniture as blank lines, and its text with them blanked;
 * the same objects when it has none (the common case: no copy). `blocked` lines (headings, header
 * fields) are never furniture.
 */
export function withoutPageFurniture(text: string, lines: Line[], from: number, to: number, blocked: Set<number>): { text: string; lines: Line[] } {
  const furniture: number[] = [];
  const isFurniture = (i: number, atEdge: boolean): boolean => {
    const t = lines[i].text;
    if (t.length === 0 || t.length > MAX_LENGTH || blocked.has(i)) return false;
    return ANYWHERE.test(t) || (atEdge && PAGE_EDGE.test(t));
  };
  // The lines at each page's edges: after a page break, before it, and the letter's last.
  const edge = new Set<number>();
  // Looking at most EDGE_SPAN lines away (blank ones included): a file of nothing but page breaks stays linear.
  const takeEdge = (i: number, step: 1 | -1) => {
    for (let j = i, n = 0; j >= from && j < to && n < EDGE_LINES && Math.abs(j - i) < EDGE_SPAN; j += step) {
      if (lines[j].text.length === 0) continue;
      edge.add(j);
      n++;
    }
  };
  for (let i = from; i < to; i++) {
    if (!opensPage(text, lines[i])) continue;
    takeEdge(i, 1);
    takeEdge(i - 1, -1);
  }
  takeEdge(to - 1, -1);
  for (let i = from; i < to; i++) {
    const t = lines[i].text;
    // One look at the first character rules out almost every line.
    const c = t.charCodeAt(0) | 0x20;
    if (FURNITURE_FIRST.has(c) && isFurniture(i, edge.has(i))) furniture.push(i);
  }
  if (furniture.length === 0) return { text, lines };
  const blanked = lines.slice();
  let copy = '';
  let at = 0;
  for (const i of furniture) {
    const l = lines[i];
    copy += text.slice(at, l.textStart) + ' '.repeat(l.textEnd - l.textStart);
    at = l.textEnd;
    blanked[i] = { ...l, text: '', textStart: l.end, textEnd: l.end };
  }
  return { text: copy + text.slice(at), lines: blanked };
}
