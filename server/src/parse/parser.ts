// parseDetermination: one pass from text to the model. Pure, total (never throws on any
// input) and linear in the text length. A file is split into its letters here; each letter's
// sections are found by sections.ts and its disputed items read by items.ts.
import { LineIndex, lineStartsOf } from '../model/lineIndex';
import { hasPageBreak, pageStartsOf } from '../model/pages';
import type { Determination, Letter, Span } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';
import { parseHeader } from './header';
import { matchHeading, mayStartHeading } from './headings';
import { blockedLines, HEADER_WITH_DECISION, parseItems, parseNoticeItems } from './items';
import { type LetterCache, shifted } from './letterCache';
import { type Line, splitLines, visibleBounds } from './lines';
import { withoutPageFurniture } from './pageFurniture';
import { detectLayout, findSections, parseCredentials } from './sections';

/**
 * `kb` resolves citation names; without it they resolve against the bundled knowledge base
 * (parseCitations' default), which a letter cache counts as another knowledge base.
 * `letters` remembers the letters of a multi-letter file between versions of one document.
 */
export function parseDetermination(document: string, kb?: KnowledgeBase, letters?: LetterCache<Letter>): Determination {
  const text = withPlainSpaces(document);
  const lineStarts = lineStartsOf(text);
  const model: Determination = {
    layout: 'empty',
    isLetter: false,
    header: [],
    sections: [],
    credentials: null,
    items: [],
    parts: [],
    pageStarts: pageStartsOf(text),
    length: text.length,
    lines: new LineIndex(document, lineStarts),
    text: document,
  };
  // A file can hold several letters one after another (a QA batch): each is read on its own
  // text, and the model lists all their sections and items (header and layout of the first).
  // Letters are found from line starts alone: a 5 MB batch is not split into line objects
  // on every keystroke, only the letter that changed is.
  const starts = letterStarts(text, lineStarts);
  const add = (letter: Letter, span: Span) => {
    if (model.parts.length === 0) {
      model.layout = letter.layout;
      model.header = letter.header;
      model.credentials = letter.credentials;
    }
    model.parts.push({ span, layout: letter.layout, header: letter.header, sections: letter.sections, credentials: letter.credentials, items: letter.items });
    model.sections.push(...letter.sections);
    model.items.push(...letter.items);
  };
  if (starts.length === 1) {
    const lines = splitLines(text, lineStarts);
    add(parseLetter(text, lines, 0, lines.length, model.lines, kb), { start: 0, end: text.length });
  } else {
    letters?.begin(kb);
    const parse = (letterText: string) => parseLetterText(letterText, kb);
    for (let k = 0; k < starts.length; k++) {
      const start = lineStarts[starts[k]];
      const end = k + 1 < starts.length ? lineStarts[starts[k + 1]] : text.length;
      const letterText = text.slice(start, end);
      add(letters ? letters.get(letterText, start, parse) : shifted(parse(letterText), start), { start, end });
    }
    letters?.end();
  }
  model.isLetter = model.sections.length > 0 || model.items.length > 0 || model.header.length >= 2;
  if (!model.isLetter) {
    model.layout = 'empty';
    model.header = [];
  }
  return model;
}

/** The spaces other than U+0020 that PDFs and word processors put between words: no-break, thin, ideographic. */
const UNICODE_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
const UNICODE_SPACES = new RegExp(UNICODE_SPACE.source, 'g');

/**
 * The text the letter is read from: Unicode spaces as plain ones, one for one, so that every
 * offset still points into the document. Headings, labels and the item patterns spell their
 * spaces plainly; `IMR ISSUES, DECISIONS AND\u00a0RATIONALES` is the same heading.
 */
function withPlainSpaces(document: string): string {
  return UNICODE_SPACE.test(document) ? document.replace(UNICODE_SPACES, ' ') : document;
}

/** How a letter begins, when it is not the first in the file. */
const LETTER_START = /^(Case Number:|MAXIMUS FEDERAL SERVICES, INC\.|MEDICAL PROFESSIONAL REVIEW\b|HOW THE IMR FINAL DETERMINATION WAS MADE)/;
const LETTER_START_FIRST = new Set('CMH'.split('').map((c) => c.charCodeAt(0)));
const ISSUES_HEADING_START = /^IMR ISSUES,? DECISIONS/i;
const CASE_NUMBER = /\bCM\d{2}-\d{5,8}\b/;

/**
 * First line of each letter in the file: a new letter begins only after the previous one
 * reached its decisions under a section heading (a decision line typed above every heading,
 * in a draft's header, does not end a letter). Each test looks at a line's first or last
 * character before it reads the line.
 */
function letterStarts(text: string, lineStarts: number[]): number[] {
  const starts = [0];
  let decided = false;
  let headed = false;
  /** The case number the current letter opens with (its header's). */
  let caseNumber: string | undefined;
  /** Where the last line with text ended. */
  let previousEnd = 0;
  const isHeading = (a: number, b: number) => mayStartHeading(text.charCodeAt(a)) && matchHeading(text.slice(a, b)) !== null;
  for (let i = 0; i < lineStarts.length; i++) {
    const [a, b] = visibleBounds(text, lineStarts, i);
    if (a === b) continue;
    const lineAbove = previousEnd;
    previousEnd = b;
    if (decided) {
      if (LETTER_START_FIRST.has(text.charCodeAt(a)) && LETTER_START.test(text.slice(a, b))) {
        // A page's running header ("Case Number: CM16-…" at the top of a page) repeats the
        // letter's own case number: the same letter goes on.
        if (caseNumber !== undefined && hasPageBreak(text, lineAbove, a) && text.slice(a, b).includes(caseNumber)) continue;
        starts.push(i);
        decided = false;
        headed = isHeading(a, b);
        caseNumber = CASE_NUMBER.exec(text.slice(a, b))?.[0];
      }
    } else {
      caseNumber ??= CASE_NUMBER.exec(text.slice(a, b))?.[0];
      const first = text.charCodeAt(a) | 0x20;
      const last = text.charCodeAt(b - 1) | 0x20;
      if (first === 0x69 /* i */ && ISSUES_HEADING_START.test(text.slice(a, b))) decided = headed = true;
      else if (!headed) headed = isHeading(a, b);
      else if (last === 0x64 /* d */ && HEADER_WITH_DECISION.test(text.slice(a, b))) decided = true;
    }
  }
  return starts;
}

/** One letter of a multi-letter file, read on its own text (offsets from its first character). */
function parseLetterText(text: string, kb?: KnowledgeBase): Letter {
  const lines = splitLines(text);
  return parseLetter(
    text,
    lines,
    0,
    lines.length,
    new LineIndex(
      text,
      lines.map((l) => l.start),
    ),
    kb,
  );
}

function parseLetter(text: string, lines: Line[], from: number, to: number, index: LineIndex, kb?: KnowledgeBase): Letter {
  const sections = findSections(text, lines, from, to);
  const firstHeadingLine = sections.length > 0 ? sections[0].line : to;
  const header = parseHeader(text, lines.slice(from, Math.min(firstHeadingLine, from + 60)));
  const start = lines[from]?.start ?? 0;
  const layout = detectLayout(text.slice(start, start + 3000), lines.slice(from, to), sections.length > 0 || header.length > 0);
  const letter: Letter = { layout, header, sections: sections.map((s) => s.section), credentials: parseCredentials(text, lines, sections), items: [] };
  if (layout === '2013-notice') {
    letter.items = parseNoticeItems(text, lines, from, to);
  } else {
    // Items are read anywhere in the letter, not only under the issues heading: a draft's item
    // typed above its heading, or a heading added later, must not make an item vanish.
    const blocked = blockedLines(header, index, lines, from, to, sections);
    // Running headers and footers are no part of any item (pageFurniture.ts).
    const page = withoutPageFurniture(text, lines, from, to, blocked);
    letter.items = parseItems(page.text, page.lines, from, to, blocked, layout, kb);
  }
  return letter;
}
