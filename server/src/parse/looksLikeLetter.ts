// Whether a text is an IMR determination letter at all, before it is parsed: the client asks
// it of every `.txt` file opened (to switch its language), so it reads only the first lines.
// package.json's `firstLine` for `.imr` files lists the same openings.

/** How letters begin, in every known layout (the first visible line). */
const LETTER_START = /^\s*(HOW THE IMR FINAL DETERMINATION WAS MADE|Case Number:|MAXIMUS FEDERAL SERVICES, INC\.|MEDICAL PROFESSIONAL REVIEW)/;
/** Further evidence anywhere near the top, for text pasted with something before it. */
const LETTER_MARKERS = /IMR ISSUES, DECISIONS AND RATIONALES|Claims Administrator guideline:|MAXIMUS guideline:/;

export function looksLikeLetter(text: string): boolean {
  const head = text.slice(0, 4000);
  return LETTER_START.test(head) || LETTER_MARKERS.test(text.slice(0, 20000));
}
