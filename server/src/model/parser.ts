// parseDetermination: one pass from text to the model. Pure, total (never throws on any
// input) and linear in the text length.
import { readItemRequest } from './request';
import { parseCitations } from './citations';
import { matchHeading, mayStartHeading, RUN_ON_HEADING } from './headings';
import { JoinedText, joinedPart, trimSpan } from './joinedText';
import { LetterCache, shifted } from './letterCache';
import { LineIndex } from './lineIndex';
import { type Line, lineStartsOf, splitLines, visibleBounds } from './lines';
import { parseHeader } from './header';
import type {
  Credentials,
  Decision,
  Determination,
  DisputedItem,
  Field,
  FieldKind,
  Layout,
  Section,
  Span,
  TextPart,
} from './types';
import type { KnowledgeBase } from '../mtus/knowledgeBase';

/** A field label at the start of a line. Tolerates case, plural and spacing slips of drafts. */
const FIELD_LABEL =
  /^(?:(Claims\s+Administrator\s+guidelines?)|(MAXIMUS\s+guidelines?)|(Decision\s+rationales?))\s*:/i;
const FIELD_KINDS: FieldKind[] = ['claimsAdministratorGuideline', 'maximusGuideline', 'decisionRationale'];

/** `<item>: Upheld` — the outcome after the item's last colon. */
const HEADER_WITH_DECISION = /:\s*(Upheld|Overturned)$/i;
/** Both decisions end in `d`: one look rules out almost every line before the regex runs. */
const mayEndWithDecision = (t: string) => (t.charCodeAt(t.length - 1) | 0x20) === 0x64;
/** The outcome alone on its line, when the item text filled the line above. */
const DECISION_ALONE = /^(Upheld|Overturned)$/i;
/** A short word or two after the last colon: a decision typed wrong (`Uphled`, `Partially upheld`, `Upheld.`). */
const SHORT_TAIL = /:\s*([A-Za-z][A-Za-z.\- ]{0,24})$/;
const INTRO_SENTENCE = /set forth below:?$/i;
/** The fixed sentences that open the letter's sections: never part of an item. */
const STANDARD_OPENING = /^(MAXIMUS Federal Services sent the complete case file|The expert reviewer developed the following clinical case summary|The Final Determination was based on decisions)/i;
const SENTENCE_END = /[.!?]["')\]]?$/;
const ORIGINAL_REQUEST = /original request,?\s*/gi;
const NOTICE_ITEM =
  /^(\d{1,2})\)\s*MAXIMUS Federal Services,? Inc\.? has determined (?:that )?the request for (?:an? )?(.+?)\s+(?:is|was|are)\s+(not\s*medically necessary|medically necessary)(?:\s+and appropriate)?\.?/i;

const MAX_HEADER_LINES = 6;

/** The field label that opens a line, by line index (lines without one are absent). */
type LineLabels = Map<number, FieldKind>;

/**
 * `kb` resolves citation names; without it citations are still found, just not resolved.
 * `letters` remembers the letters of a multi-letter file between versions of one document.
 */
export function parseDetermination(text: string, kb?: KnowledgeBase, letters?: LetterCache<ParsedLetter>): Determination {
  const lineStarts = lineStartsOf(text);
  const model: Determination = {
    layout: 'empty',
    isLetter: false,
    header: [],
    sections: [],
    credentials: null,
    items: [],
    parts: [],
    length: text.length,
    lines: new LineIndex(text, lineStarts),
    text,
  };
  // A file can hold several letters one after another (a QA batch): each is read on its own
  // text, and the model lists all their sections and items (header and layout of the first).
  // Letters are found from line starts alone: a 5 MB batch is not split into line objects
  // on every keystroke, only the letter that changed is.
  const starts = letterStarts(text, lineStarts);
  const add = (letter: ParsedLetter, span: Span) => {
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

/** How a letter begins, when it is not the first in the file. */
const LETTER_START = /^(Case Number:|MAXIMUS FEDERAL SERVICES, INC\.|MEDICAL PROFESSIONAL REVIEW\b|HOW THE IMR FINAL DETERMINATION WAS MADE)/;
const LETTER_START_FIRST = new Set('CMH'.split('').map((c) => c.charCodeAt(0)));
const ISSUES_HEADING_START = /^IMR ISSUES,? DECISIONS/i;

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
  const isHeading = (a: number, b: number) => mayStartHeading(text.charCodeAt(a)) && matchHeading(text.slice(a, b)) !== null;
  for (let i = 0; i < lineStarts.length; i++) {
    const [a, b] = visibleBounds(text, lineStarts, i);
    if (a === b) continue;
    if (decided) {
      if (LETTER_START_FIRST.has(text.charCodeAt(a)) && LETTER_START.test(text.slice(a, b))) {
        starts.push(i);
        decided = false;
        headed = isHeading(a, b);
      }
    } else {
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
function parseLetterText(text: string, kb?: KnowledgeBase): ParsedLetter {
  const lines = splitLines(text);
  return parseLetter(text, lines, 0, lines.length, new LineIndex(text, lines.map((l) => l.start)), kb);
}

export interface ParsedLetter {
  layout: Layout;
  header: Determination['header'];
  sections: Section[];
  credentials: Credentials | null;
  items: DisputedItem[];
}

function parseLetter(text: string, lines: Line[], from: number, to: number, index: LineIndex, kb?: KnowledgeBase): ParsedLetter {
  const sections = findSections(text, lines, from, to);
  const firstHeadingLine = sections.length > 0 ? sections[0].line : to;
  const header = parseHeader(text, lines.slice(from, Math.min(firstHeadingLine, from + 60)));
  const start = lines[from]?.start ?? 0;
  const layout = detectLayout(text.slice(start, start + 3000), lines.slice(from, to), sections.length > 0 || header.length > 0);
  const letter: ParsedLetter = { layout, header, sections: sections.map((s) => s.section), credentials: parseCredentials(text, lines, sections), items: [] };
  if (layout === '2013-notice') {
    letter.items = parseNoticeItems(text, lines, from, to);
  } else {
    // Items are read anywhere in the letter, not only under the issues heading: a draft's item
    // typed above its heading, or a heading added later, must not make an item vanish.
    letter.items = parseItems(text, lines, from, to, blockedLines(header, index, lines, from, to, sections), layout, kb);
  }
  return letter;
}

// ------------------------------------------------------------------ sections

interface FoundSection {
  section: Section;
  line: number;
  /** First line after the heading. */
  endLine: number;
  /** Line at which the next section starts (exclusive end). */
  sectionEndLine: number;
}

function findSections(text: string, lines: Line[], from: number, to: number): FoundSection[] {
  const found: FoundSection[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.text.length === 0) continue;
    const h = matchHeading(line.text);
    let headingSpan: Span | null = null;
    let endLine = i + 1;
    let kind = h?.kind;
    if (h) {
      headingSpan = { start: line.textStart, end: line.textEnd };
      if (h.continues && !line.text.endsWith(':')) {
        // Long headings of the medical professional review layout break over lines.
        for (let j = i + 1; j < to && j <= i + 3; j++) {
          if (lines[j].text.length === 0) continue;
          // The heading's second line is in capitals and is not a heading of its own.
          if (/[a-z]/.test(lines[j].text) || matchHeading(lines[j].text)) break;
          headingSpan.end = lines[j].textEnd;
          endLine = j + 1;
          if (lines[j].text.endsWith(':')) break;
        }
      }
    } else if (line.text.length > 50 && line.text.endsWith('RATIONALE')) {
      const m = RUN_ON_HEADING.exec(line.text);
      if (m) {
        const at = line.textStart + line.text.lastIndexOf(m[1]);
        headingSpan = { start: at, end: at + m[1].length };
        kind = 'issues';
      }
    }
    if (!headingSpan || !kind) continue;
    // The same heading twice (a repeated page header) is one section.
    if (found.some((f) => f.section.kind === kind) && kind !== 'issues') continue;
    if (kind === 'issues' && found.some((f) => f.section.kind === 'issues')) continue;
    found.push({
      section: { kind, heading: joinedPart(text, headingSpan), span: { start: headingSpan.start, end: headingSpan.end } },
      line: i,
      endLine,
      sectionEndLine: to,
    });
    i = endLine - 1;
  }
  for (let k = 0; k < found.length; k++) {
    const endLine = k + 1 < found.length ? found[k + 1].line : to;
    found[k].sectionEndLine = endLine;
    // The section runs to its last visible character before the next heading.
    let last = found[k].section.span.end;
    for (let j = endLine - 1; j >= found[k].endLine; j--) {
      if (lines[j].text.length > 0) {
        last = lines[j].textEnd;
        break;
      }
    }
    found[k].section.span.end = Math.max(found[k].section.span.end, last);
  }
  return found;
}

/** `text`: the letter's first 3,000 characters; `lines`: its lines. */
function detectLayout(text: string, lines: Line[], structured: boolean): Layout {
  const head = text.slice(0, 400);
  if (/Notice of Independent Medical Review Determination/i.test(head) || (text.includes('1)') && /^\s*1\)\s*MAXIMUS Federal Services/im.test(text)))
    return '2013-notice';
  if (/^\s*MEDICAL PROFESSIONAL REVIEW/.test(head)) return 'medical-professional-review';
  if (/^\s*MAXIMUS FEDERAL SERVICES, INC\./.test(head)) return 'maximus-older';
  // 2014-2015 extraction: nearly every text line is followed by an empty line.
  let visible = 0;
  let followedByBlank = 0;
  for (let i = 0; i + 1 < lines.length && i < 400; i++) {
    if (lines[i].text.length === 0) continue;
    visible++;
    if (lines[i + 1].start === lines[i + 1].end) followedByBlank++;
  }
  if (visible >= 10 && followedByBlank / visible > 0.85) return '2014-2015';
  const caseLine = lines.find((l) => l.text.startsWith('Case Number:'));
  if (caseLine) {
    const two = lines.some((l) => l.text.includes('Date Assigned:') && /Date Assigned:\s*\S+\s{3,}Date of Injury:/.test(l.text));
    return two ? '2016-2017-layout' : '2016-2017';
  }
  return structured ? 'draft' : 'empty';
}

function parseCredentials(text: string, lines: Line[], sections: FoundSection[]): Credentials | null {
  const process = sections.find((s) => s.section.kind === 'determinationProcess');
  if (!process) return null;
  let licensure: TextPart | null = null;
  let specialty: TextPart | null = null;
  let licLine = -1;
  let specLine = -1;
  for (let i = process.endLine; i < process.sectionEndLine; i++) {
    if (/^State\(s\) of Licensure:/i.test(lines[i].text)) licLine = i;
    else if (/^Certification\(s\)\/Specialty:/i.test(lines[i].text)) specLine = i;
  }
  const valueAfterColon = (line: number, endLine: number): TextPart => {
    const l = lines[line];
    const colon = text.indexOf(':', l.textStart);
    const end = endLine > line + 1 ? lines[endLine - 1].end : l.end;
    return joinedPart(text, { start: colon + 1, end: Math.max(colon + 1, end) });
  };
  if (licLine >= 0) licensure = valueAfterColon(licLine, specLine > licLine ? specLine : licLine + 1);
  if (specLine >= 0) {
    // A long specialty list wraps onto the next line or two; a sentence after it is not part of it.
    let end = specLine + 1;
    while (end < Math.min(process.sectionEndLine, specLine + 3) && lines[end].text.length > 0 && !/^The\s|[:.]$/.test(lines[end].text)) end++;
    specialty = valueAfterColon(specLine, end);
  }
  return licensure || specialty ? { licensure, specialty } : null;
}

// ------------------------------------------------------------------ items

interface HeaderEnd {
  /** Line holding the decision (or where it belongs). */
  line: number;
  decision: Decision;
  /** Offset where the name part ends (the last colon), or the line end when there is none. */
  nameEnd: number;
}

function fieldKindOf(line: Line): FieldKind | null {
  const m = FIELD_LABEL.exec(line.text);
  if (!m) return null;
  return m[1] ? FIELD_KINDS[0] : m[2] ? FIELD_KINDS[1] : FIELD_KINDS[2];
}

function nextVisible(lines: Line[], from: number, to: number): number {
  for (let j = from; j < to; j++) if (lines[j].text.length > 0) return j;
  return -1;
}

const CREDENTIAL_LINE = /^(State\(s\) of Licensure|Certification\(s\)\/Specialty|The Expert Reviewer has the following credentials)\s*:/i;

const CREDENTIAL_FIRST = new Set('SCTsct'.split('').map((c) => c.charCodeAt(0)));

/** Lines that can never be part of an item: headings, header fields, reviewer credentials. */
function blockedLines(header: Determination['header'], index: LineIndex, lines: Line[], from: number, to: number, sections: FoundSection[]): Set<number> {
  const blocked = new Set<number>();
  for (const s of sections) for (let j = s.line; j < s.endLine; j++) blocked.add(j);
  for (const h of header) {
    const a = index.positionAt(h.label.span.start).line;
    const b = index.positionAt((h.value ?? h.label).span.end).line;
    blocked.add(a);
    blocked.add(b);
    // The label broken over two lines (`Application` / `Received:`).
    const labelEnd = index.positionAt(h.label.span.end).line;
    for (let j = a; j <= labelEnd; j++) blocked.add(j);
  }
  for (let i = from; i < to; i++) if (CREDENTIAL_FIRST.has(lines[i].text.charCodeAt(0)) && CREDENTIAL_LINE.test(lines[i].text)) blocked.add(i);
  return blocked;
}

function parseItems(
  text: string,
  lines: Line[],
  from: number,
  to: number,
  headingLines: Set<number>,
  layout: Layout,
  kb: KnowledgeBase | undefined,
): DisputedItem[] {
  // A blank line ends a paragraph, except in the 2014-2015 extraction, which puts one after
  // every line (there a line holding only spaces, or a form feed, ends a paragraph).
  const paragraphBreak = (l: Line) => layout !== '2014-2015' || l.end > l.start;

  // Pass 1: classify lines, find where item headers end.
  // Keyed by line index: an array sized to the line index would make every letter of a
  // multi-letter file cost as much as all the letters before it.
  const labels: LineLabels = new Map();
  for (let i = from; i < to; i++) {
    const kind = lines[i].text.length ? fieldKindOf(lines[i]) : null;
    if (kind) labels.set(i, kind);
  }

  const ends: HeaderEnd[] = [];
  let lastFieldIndex = -1; // order index of the last field label seen since the last header
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.text.length === 0 || headingLines.has(i)) continue;
    const label = labels.get(i);
    if (label) {
      lastFieldIndex = FIELD_KINDS.indexOf(label);
      continue;
    }
    const end = headerEndAt(text, lines, i, to, labels, lastFieldIndex, headingLines, ends.length > 0 ? ends[ends.length - 1].line : -1);
    if (end) {
      ends.push(end);
      lastFieldIndex = -1;
      i = end.line;
    }
  }

  // Pass 2: each header's start, then its fields up to the next header.
  const items: DisputedItem[] = [];
  let floor = from; // a header never reaches back into the previous item's header
  const starts = ends.map((e, k) => {
    const s = headerStart(lines, e, floor, labels, headingLines, k > 0 ? ends[k - 1].line : -1, paragraphBreak);
    floor = e.line + 1;
    return s;
  });
  for (let k = 0; k < ends.length; k++) {
    const e = ends[k];
    const startLine = starts[k];
    const nextStart = k + 1 < ends.length ? starts[k + 1] : to;
    items.push(buildItem(text, lines, startLine, e, nextStart, labels, headingLines, kb));
  }
  return items;
}

/** Is line i the end of an item header? */
function headerEndAt(
  text: string,
  lines: Line[],
  i: number,
  to: number,
  labels: LineLabels,
  lastFieldIndex: number,
  blocked: Set<number>,
  previousEndLine: number,
): HeaderEnd | null {
  const line = lines[i];
  const t = line.text;
  if (INTRO_SENTENCE.test(t)) return null;
  let m = mayEndWithDecision(t) ? HEADER_WITH_DECISION.exec(t) : null;
  if (m) {
    const wordStart = line.textStart + m.index + m[0].length - m[1].length;
    return {
      line: i,
      decision: decisionOf(m[1], { start: wordStart, end: wordStart + m[1].length }),
      nameEnd: line.textStart + m.index,
    };
  }
  m = DECISION_ALONE.exec(t);
  if (m && i > 0) {
    const prev = previousVisible(lines, i - 1);
    // The line above must be a header of its own: not a label, heading or the previous item's header.
    if (prev >= 0 && !labels.get(prev) && !blocked.has(prev) && prev !== previousEndLine) {
      const p = lines[prev];
      const colon = p.text.endsWith(':') ? p.textEnd - 1 : p.textEnd;
      return { line: i, decision: decisionOf(m[1], { start: line.textStart, end: line.textEnd }), nameEnd: colon };
    }
  }
  // Drafts: a header whose decision is missing or misspelt, recognised by the field label after it.
  const next = nextVisible(lines, i + 1, to);
  const nextLabel = next >= 0 ? (labels.get(next) ?? null) : null;
  const startsItem =
    nextLabel !== null &&
    (nextLabel === 'claimsAdministratorGuideline' || FIELD_KINDS.indexOf(nextLabel) <= lastFieldIndex || lastFieldIndex < 0);
  if (!startsItem || t.length > 400) {
    // The misspelt decision may stand alone below a header that ends with a colon.
    if (t.endsWith(':') && next >= 0 && !labels.get(next) && lines[next].text.length <= 24 && /^[A-Za-z][A-Za-z. \-]*$/.test(lines[next].text)) {
      const after = nextVisible(lines, next + 1, to);
      if (after >= 0 && labels.get(after) === 'claimsAdministratorGuideline') {
        const w = lines[next];
        return { line: next, decision: decisionOf(w.text, { start: w.textStart, end: w.textEnd }), nameEnd: line.textEnd - 1 };
      }
    }
    return null;
  }
  if (t.endsWith(':')) {
    const at = line.textEnd;
    return { line: i, decision: { kind: 'absent', text: '', span: { start: at, end: at } }, nameEnd: line.textEnd - 1 };
  }
  m = SHORT_TAIL.exec(t);
  // `... 2004, Section(s): General Approach.` is a wrapped citation, not an item.
  if (m && !/(Section|Page)\(s\)\s*$/i.test(t.slice(0, m.index))) {
    const word = m[1].trimEnd();
    const wordStart = line.textStart + m.index + m[0].length - m[1].length;
    return { line: i, decision: decisionOf(word, { start: wordStart, end: wordStart + word.length }), nameEnd: line.textStart + m.index };
  }
  // No colon at all, right before a Claims Administrator label: a header typed without its decision.
  if (nextLabel === 'claimsAdministratorGuideline' && !SENTENCE_END.test(t) && t.length <= 200) {
    const at = line.textEnd;
    return { line: i, decision: { kind: 'absent', text: '', span: { start: at, end: at } }, nameEnd: at };
  }
  return null;
}

function decisionOf(word: string, span: Span): Decision {
  const w = word.toLowerCase();
  const kind = w === 'upheld' ? 'Upheld' : w === 'overturned' ? 'Overturned' : 'unknown';
  return { kind, text: word, span };
}

function previousVisible(lines: Line[], from: number): number {
  for (let j = from; j >= 0; j--) if (lines[j].text.length > 0) return j;
  return -1;
}

/** Walk back from the decision line to the first line of the item header. */
function headerStart(
  lines: Line[],
  end: HeaderEnd,
  floor: number,
  labels: LineLabels,
  headingLines: Set<number>,
  previousEndLine: number,
  paragraphBreak: (l: Line) => boolean,
): number {
  let start = end.line;
  // With the decision alone on its line, the line above is part of the header whatever it ends with.
  if (end.decision.span.start === lines[end.line].textStart && end.nameEnd < lines[end.line].start) {
    start = previousVisible(lines, end.line - 1);
  }
  const canTake = (j: number): boolean =>
    j >= floor && j > previousEndLine && !labels.get(j) && !headingLines.has(j) && lines[j].text.length > 0;
  let count = 1;
  for (let j = start - 1; j >= floor && count < MAX_HEADER_LINES; j--) {
    const l = lines[j];
    if (l.text.length === 0) {
      if (paragraphBreak(l)) break;
      continue;
    }
    if (!canTake(j) || INTRO_SENTENCE.test(l.text) || SENTENCE_END.test(l.text) || STANDARD_OPENING.test(l.text)) break;
    // A line ending in a colon ends a lead-in ("... all medical records:"), unless the header
    // continues below it in figures ("... DOS:" / "11/11/2016: Upheld").
    if (l.text.endsWith(':') && /^[A-Z]/.test(lines[start].text)) break;
    start = j;
    count++;
  }
  // Partial authorizations open with "X was the original request." which may end a line.
  const headerText = lines
    .slice(start, end.line + 1)
    .map((l) => l.text)
    .join(' ');
  if (/remaining IMR eligible|authorized by the Claims Administrator/i.test(headerText) && !/original request\./i.test(headerText)) {
    // A page break can fall inside the preamble: blank lines are crossed here.
    for (let j = start - 1, extra = 0; j >= floor && extra < 4; j--) {
      if (lines[j].text.length === 0) continue;
      if (!canTake(j) || INTRO_SENTENCE.test(lines[j].text)) break;
      start = j;
      extra++;
      const taken = lines.slice(start, end.line + 1).map((l) => l.text).join(' ');
      if (/original\s+request\./i.test(taken)) break;
    }
  }
  return start;
}

/**
 * Partial authorization: `X was the original request. Y was authorized ... The remaining IMR
 * eligible portion of the original request, Z is` (or `... leaving the original request IMR
 * eligible. The original request, Z is`). The item is Z, after the last "original request,".
 */
function splitPartialAuthorization(header: string): { nameFrom: number; nameTo: number } | null {
  if (!/was the original request/i.test(header)) return null;
  let after = -1;
  let count = 0;
  ORIGINAL_REQUEST.lastIndex = 0;
  for (let m = ORIGINAL_REQUEST.exec(header); m; m = ORIGINAL_REQUEST.exec(header)) {
    count++;
    after = m.index + m[0].length;
  }
  if (count < 2 || after >= header.length) return null;
  const tail = /\s+is\s*$/i.exec(header);
  const nameTo = tail && tail.index >= after ? tail.index : header.length;
  return nameTo > after ? { nameFrom: after, nameTo } : null;
}

function buildItem(
  text: string,
  lines: Line[],
  startLine: number,
  end: HeaderEnd,
  nextStartLine: number,
  labels: LineLabels,
  headingLines: Set<number>,
  kb: KnowledgeBase | undefined,
): DisputedItem {
  const headerSpan: Span = { start: lines[startLine].textStart, end: Math.max(lines[end.line].textEnd, end.decision.span.end) };
  // Name: everything before the last colon (a partial authorization keeps only the remaining portion).
  const nameText = new JoinedText(text, { start: headerSpan.start, end: Math.max(headerSpan.start, end.nameEnd) });
  let name = nameText.part(0, nameText.text.length);
  let preamble: TextPart | null = null;
  const split = splitPartialAuthorization(nameText.text);
  if (split) {
    preamble = nameText.part(0, split.nameFrom);
    name = nameText.part(split.nameFrom, split.nameTo);
  }
  if (name.text.length === 0) name = { span: { start: end.decision.span.start, end: end.decision.span.start }, text: '' };

  // Fields: from each label line to the next label line, the next header, a heading or the end.
  const allFields: Field[] = [];
  let lastEnd = headerSpan.end;
  let open: { kind: FieldKind; labelSpan: Span; valueStart: number } | null = null;
  const close = (untilLine: number) => {
    if (!open) return;
    let valueEnd = open.valueStart;
    for (let j = untilLine - 1; j > end.line; j--) {
      if (lines[j].text.length > 0) {
        valueEnd = Math.max(open.valueStart, lines[j].textEnd);
        break;
      }
    }
    const valueSpan = trimSpan(text, { start: open.valueStart, end: valueEnd });
    // One join of the value, shared by the value text and its citations.
    const joined = valueSpan.end > valueSpan.start ? new JoinedText(text, valueSpan) : null;
    const value = joined ? joined.part(0, joined.text.length) : { span: { start: open.valueStart, end: open.valueStart }, text: '' };
    const label = joinedPart(text, open.labelSpan);
    allFields.push({ kind: open.kind, label, value, citations: parseCitations(text, value.span, open.kind, kb, joined ?? undefined) });
    lastEnd = Math.max(lastEnd, value.span.end, open.labelSpan.end);
    open = null;
  };
  let j = end.line + 1;
  for (; j < nextStartLine; j++) {
    if (headingLines.has(j)) break;
    const kind = labels.get(j);
    if (!kind) continue;
    close(j);
    const l = lines[j];
    const colon = text.indexOf(':', l.textStart);
    open = { kind, labelSpan: { start: l.textStart, end: colon + 1 }, valueStart: colon + 1 };
    // Value starts at its first visible character.
    const v = trimSpan(text, { start: colon + 1, end: l.end });
    if (v.end > v.start) open.valueStart = v.start;
  }
  close(j);
  const fields: Record<FieldKind, Field | null> = {
    claimsAdministratorGuideline: null,
    maximusGuideline: null,
    decisionRationale: null,
  };
  for (const f of allFields) if (!fields[f.kind]) fields[f.kind] = f;
  return {
    name,
    decision: end.decision,
    preamble,
    header: headerSpan,
    span: { start: headerSpan.start, end: lastEnd },
    fields,
    allFields,
    style: 'letter',
    request: readItemRequest(name, nameText),
  };
}

// ------------------------------------------------------------------ 2013 notice

function parseNoticeItems(text: string, lines: Line[], from: number, to: number): DisputedItem[] {
  const items: DisputedItem[] = [];
  const seen = new Set<string>();
  for (let i = from; i < to; i++) {
    if (!/^\d{1,2}\)\s/.test(lines[i].text)) continue;
    // The numbered sentence runs until its outcome ("... medically necessary"), at most 4 lines.
    let last = i;
    while (last < to - 1 && last < i + 3 && !/necessary/i.test(lines[last].text) && !/^\d{1,2}\)\s/.test(lines[last + 1].text)) last++;
    const joined = new JoinedText(text, { start: lines[i].textStart, end: lines[last].textEnd });
    const m = NOTICE_ITEM.exec(joined.text);
    if (!m) continue;
    // The notice lists its decisions twice (summary and decision section): keep the first.
    if (seen.has(m[1])) break;
    seen.add(m[1]);
    const nameAt = m[0].indexOf(m[2]);
    const decisionAt = m[0].lastIndexOf(m[3]);
    const name = joined.part(nameAt, nameAt + m[2].length);
    const decisionSpan = joined.span(decisionAt, decisionAt + m[3].length);
    const negative = /^not/i.test(m[3]);
    const header = joined.span(0, m[0].length);
    items.push({
      name,
      decision: { kind: negative ? 'Upheld' : 'Overturned', text: joined.text.slice(decisionAt, decisionAt + m[3].length), span: decisionSpan },
      preamble: null,
      header,
      span: header,
      fields: { claimsAdministratorGuideline: null, maximusGuideline: null, decisionRationale: null },
      allFields: [],
      style: 'notice',
      request: readItemRequest(name, joined),
    });
    i = last;
  }
  return items;
}

