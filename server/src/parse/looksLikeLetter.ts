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

/**
 * The one rule for "not a determination", for text and PDF files alike (imr-check): why the
 * file's text is not read as a letter, or null when it is one. An `.imr` file is always a
 * letter (its name says so), and a letter that lists no item is still a letter (`no-items`).
 * The reason names what is missing, never what the text holds.
 */
export function notALetterReason(fileName: string, text: string): string | null {
  if (/\.imr$/i.test(fileName) || looksLikeLetter(text)) return null;
  if (text.trim() === '') return 'not a determination: the file holds no text';
  return 'not a determination: no letter heading and no case number near its start';
}
