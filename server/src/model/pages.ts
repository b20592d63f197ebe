// Pages of a letter's text. pdftotext and our PDF reader (pdf/layout.ts) end every page with a
// form feed, so page N begins after the (N-1)-th form feed, whether the text came from a PDF
// or was saved from one. A text without form feeds is one page. Pages are counted over the
// whole file (a QA batch's letters carry on the numbering), which is why an item's page is
// asked of the model here rather than stored on the item: a letter read once is reused at
// other offsets of the file (parse/letterCache.ts).
import { lastAtOrBefore } from '../util/search';
import type { Determination, DisputedItem, LetterPart } from './types';

const isSpace = (c: string) => /\s/.test(c);

/**
 * Offset at which each page begins: 0, then just after each form feed. The form feed that ends
 * the last page (followed by nothing but white space) begins no page of its own.
 */
export function pageStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\f'); at !== -1; at = text.indexOf('\f', at + 1)) starts.push(at + 1);
  if (starts.length === 1) return starts;
  let visibleEnd = text.length;
  while (visibleEnd > 0 && isSpace(text[visibleEnd - 1])) visibleEnd--;
  while (starts.length > 1 && starts[starts.length - 1] >= visibleEnd) starts.pop();
  return starts;
}

/** Whether a page ends in [from, to): a form feed there. Callers pass the white space between two lines, never a whole text. */
export function hasPageBreak(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 12) return true;
  return false;
}

/** The 1-based page holding `offset` (a form feed belongs to the page it ends). */
export function pageAt(model: Pick<Determination, 'pageStarts'>, offset: number): number {
  return lastAtOrBefore(model.pageStarts.length, (i) => model.pageStarts[i], offset) + 1;
}

/** The page an item begins on (its header's first character). */
export function itemPage(model: Pick<Determination, 'pageStarts'>, item: Pick<DisputedItem, 'header'>): number {
  return pageAt(model, item.header.start);
}

/** The page a letter of the file begins on: the page of its first visible character. */
export function letterPage(model: Pick<Determination, 'pageStarts' | 'text'>, part: Pick<LetterPart, 'span'>): number {
  let at = part.span.start;
  while (at < part.span.end && isSpace(model.text[at])) at++;
  return pageAt(model, at);
}
