// The disputed items of one letter. Items are anchored on their decision line (`<item>: Upheld`,
// or the outcome alone on the next line); the header is read back to the end of the previous
// rationale; field labels start fields, whose values run until the next label, item or heading.
// The 2013 notice lists its items as numbered sentences instead.
import type { LineIndex } from '../model/lineIndex';
import type { Decision, Determination, DisputedItem, Field, FieldKind, Layout, Span, TextPart } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';
import { readItemRequest } from './request';
import { parseCitations } from './citations';
import { JoinedText, joinedPart, trimSpan } from './joinedText';
import type { Line } from './lines';
import type { FoundSection } from './sections';

/** A field label at the start of a line. Tolerates case, plural and spacing slips of drafts. */
const FIELD_LABEL = /^(?:(Claims\s+Administrator\s+guidelines?)|(MAXIMUS\s+guidelines?)|(Decision\s+rationales?))\s*:/i;
const FIELD_KINDS: FieldKind[] = ['claimsAdministratorGuideline', 'maximusGuideline', 'decisionRationale'];

/** `<item>: Upheld` — the outcome after the item's last colon. */
export const HEADER_WITH_DECISION = /:\s*(Upheld|Overturned)$/i;
/** Both decisions end in `d`: one look rules out almost every line before the regex runs. */
const mayEndWithDecision = (t: string) => (t.charCodeAt(t.length - 1) | 0x20) === 0x64;
/** The outcome alone on its line, when the item text filled the line above. */
const DECISION_ALONE = /^(Upheld|Overturned)$/i;
/** A short word or two after the last colon: a decision typed wrong (`Uphled`, `Partially upheld`, `Upheld.`). */
const SHORT_TAIL = /:\s*([A-Za-z][A-Za-z.\- ]{0,24})$/;
const INTRO_SENTENCE = /set forth below:?$/i;
/** The fixed sentences that open the letter's sections: never part of an item. */
const STANDARD_OPENING =
  /^(MAXIMUS Federal Services sent the complete case file|The expert reviewer developed the following clinical case summary|The Final Determination was based on decisions)/i;
const SENTENCE_END = /[.!?]["')\]]?$/;
const ORIGINAL_REQUEST = /original request,?\s*/gi;
const NOTICE_ITEM =
  /^(\d{1,2})\)\s*MAXIMUS Federal Services,? Inc\.? has determined (?:that )?the request for (?:an? )?(.+?)\s+(?:is|was|are)\s+(not\s*medically necessary|medically necessary)(?:\s+and appropriate)?\.?/i;

const MAX_HEADER_LINES = 6;

/** The field label that opens a line, by line index (lines without one are absent). */
type LineLabels = Map<number, FieldKind>;

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
export function blockedLines(
  header: Determination['header'],
  index: LineIndex,
  lines: Line[],
  from: number,
  to: number,
  sections: FoundSection[],
): Set<number> {
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

export function parseItems(
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
    const end = headerEndAt(lines, i, to, labels, lastFieldIndex, headingLines, ends.length > 0 ? ends[ends.length - 1].line : -1);
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
    nextLabel !== null && (nextLabel === 'claimsAdministratorGuideline' || FIELD_KINDS.indexOf(nextLabel) <= lastFieldIndex || lastFieldIndex < 0);
  if (!startsItem || t.length > 400) {
    // The misspelt decision may stand alone below a header that ends with a colon.
    if (t.endsWith(':') && next >= 0 && !labels.get(next) && lines[next].text.length <= 24 && /^[A-Za-z][A-Za-z. -]*$/.test(lines[next].text)) {
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
  const canTake = (j: number): boolean => j >= floor && j > previousEndLine && !labels.get(j) && !headingLines.has(j) && lines[j].text.length > 0;
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
  if (!/was\s+the\s+original\s+request/i.test(headerText)) {
    const opened = preambleStart(lines, start, end.line, floor, canTake);
    if (opened >= 0) start = opened;
  }
  return start;
}

const endsSentenceOrLeadIn = (t: string) => SENTENCE_END.test(t) || t.endsWith(':') || INTRO_SENTENCE.test(t) || STANDARD_OPENING.test(t);

/** Lines a partial authorization's preamble may take above the item's own header lines. */
const MAX_PREAMBLE_LINES = 6;

/**
 * A page break or blank lines can fall anywhere inside a partial authorization's preamble
 * (`X was the original request. Y was authorized ... the original request, Z is: Upheld`), which
 * cuts it off from the lines the header walk took. Looks back across blank lines for the line
 * that opens it: one whose text through the decision line reads as a whole partial
 * authorization, directly after a sentence end. -1 when there is none.
 */
function preambleStart(lines: Line[], start: number, endLine: number, floor: number, canTake: (j: number) => boolean): number {
  const taken: number[] = [];
  let mentionsOriginal = false; // cheap test first: most items have no preamble at all
  for (let j = start - 1; j >= floor && taken.length < MAX_PREAMBLE_LINES; j--) {
    if (lines[j].text.length === 0) continue;
    if (!canTake(j) || INTRO_SENTENCE.test(lines[j].text) || STANDARD_OPENING.test(lines[j].text)) break;
    taken.push(j);
    mentionsOriginal ||= /original|request/i.test(lines[j].text);
    if (!mentionsOriginal) continue;
    // The opening line follows a sentence end (or nothing the item could take).
    let above = j - 1;
    while (above >= floor && lines[above].text.length === 0) above--;
    if (above >= floor && canTake(above) && !endsSentenceOrLeadIn(lines[above].text)) continue;
    const header = lines
      .slice(j, endLine + 1)
      .map((l) => l.text)
      .filter((t) => t.length > 0)
      .join(' ');
    if (/^.{1,300}?\bwas\s+the\s+original\s+request\b/i.test(header) && splitPartialAuthorization(header)) return j;
  }
  return -1;
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

export function parseNoticeItems(text: string, lines: Line[], from: number, to: number): DisputedItem[] {
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
