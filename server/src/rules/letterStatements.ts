// What a letter's prose states about the case, for the rules that set one statement against
// another (date-of-injury-mismatch, patient-details-mismatch): the date of injury ("sustained
// an industrial injury on 10-21-16", "date of injury of October 21, 2016") and the patient's
// age and sex ("a 49 year old female"). Only the plain statement forms are read; a sentence
// that could be about another injury, a range of dates or another person reads as nothing, so
// the rules keep quiet rather than guess.
import type { Determination, Span } from '../model/types';
import { JoinedText } from '../parse/joinedText';
import { dayNumber, parseUsDate, parseWrittenDate, type UsDate } from '../util/usDate';

/** A piece of prose the rules read: the case summary, or one item's rationale. */
export class Passage {
  private joinedText: JoinedText | undefined;
  /** White space folded to single spaces (`JoinedText`). */
  readonly text: string;
  /**
   * `text`: the joined text of `span` when the parser has it already (a field's value), so that
   * the text is joined again only to place a finding. The document text is not kept: a letter's
   * passages outlive the version they were read from (parse/letterCache.ts).
   */
  constructor(
    source: string,
    private readonly span: Span,
    /** The item whose rationale it is (its index in the letter), or null for the case summary. */
    readonly item: number | null,
    text?: string,
  ) {
    if (text === undefined) this.joinedText = new JoinedText(source, span);
    this.text = text ?? this.joinedText!.text;
  }
  /** The document span of text[from, to); `source`: the document's text. */
  spanOf(source: string, from: number, to: number): Span {
    this.joinedText ??= new JoinedText(source, this.span);
    return this.joinedText.span(from, to);
  }
}

/**
 * Read once per letter, not per rule or per version: keyed by the letter's part, which each
 * rule's view of the letter shares and which a new version keeps for every letter not edited.
 */
const read = new WeakMap<object, Passage[]>();
const datesRead = new WeakMap<Passage, InjuryDate[]>();
const descriptionsRead = new WeakMap<Passage, PatientDescription[]>();

/** The case summary (when the letter has one) and each item's rationale. */
export function passages(model: Determination): Passage[] {
  const key = model.parts.length === 1 ? model.parts[0] : model;
  let out = read.get(key);
  if (!out) read.set(key, (out = readPassages(model)));
  return out;
}

function readPassages(model: Determination): Passage[] {
  const out: Passage[] = [];
  const summary = model.sections.find((s) => s.kind === 'clinicalCaseSummary');
  if (summary) out.push(new Passage(model.text, { start: summary.heading.span.end, end: summary.span.end }, null));
  model.items.forEach((item, k) => {
    const r = item.fields.decisionRationale;
    if (r && r.value.text) out.push(new Passage(model.text, r.value.span, k, r.value.text));
  });
  return out;
}

export interface InjuryDate {
  date: UsDate;
  /** Days since 1970 (`dayNumber`). */
  day: number;
  /** The date as written, and where. */
  text: string;
  span: Span;
}

const NUMERIC_DATE = String.raw`\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})(?![/-]?\d)`;
const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const WRITTEN_DATE = String.raw`${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b`;
const DATE = String.raw`(${NUMERIC_DATE}|${WRITTEN_DATE})`;
// The injury named as one event: `industrial injury`, `work-related injury`, `date of injury`, `DOI`.
const INJURY = String.raw`(?:(?:industrial(?:[\s-]+work)?|work[\s-]+related|work|occupational)[\s-]+injury(?:\s+date)?|date\s+of\s+(?:the\s+)?injury|injury\s+date|DOI)`;
const INJURY_DATE = new RegExp(String.raw`\b${INJURY}\s*(?:[:(,]\s*)?(?:(?:on|of|dated|was|is)\s+){0,2}${DATE}`, 'gi');
/** Words before the statement that make it about another injury than the claim's. */
const ANOTHER = /\b(?:another|second|prior|previous|earlier|later|subsequent|new|additional|separate|first|old|other|1st|2nd|3rd)\s+(?:\w+[\s-]+){0,2}$/i;
/** A date that opens a range or a list (`on 01/05/2010 through 10/21/2016`, `… and 03/02/2014`). */
const RANGE_AFTER = new RegExp(String.raw`^\s*(?:-|\u2013|to|through|thru|until|and|&|or)\s*(?:\d|${MONTH}\s+\d)`, 'i');

/** Continuous trauma claims span dates: their injury dates are not one date. */
const CUMULATIVE = /\bcumulative\b|\bcontinuous\s+trauma\b|\brepetitive\s+(?:stress|trauma)\b|\bCT\s+(?:claim|injury|dates?)\b/i;
const cumulativeRead = new WeakMap<Passage, boolean>();

/** Whether the passage speaks of a cumulative or continuous trauma claim. */
export function speaksOfCumulativeTrauma(passage: Passage): boolean {
  let r = cumulativeRead.get(passage);
  if (r === undefined) cumulativeRead.set(passage, (r = CUMULATIVE.test(passage.text)));
  return r;
}

const dateOf = (text: string): UsDate | null => parseUsDate(text) ?? parseWrittenDate(text);

/** The header's `Date of Injury` and where it is, or null when it is not one calendar date. */
export function headerInjuryDate(model: Determination): InjuryDate | null {
  const value = model.header.find((h) => h.key === 'dateOfInjury')?.value;
  const date = value ? dateOf(value.text) : null;
  return value && date ? { date, day: dayNumber(date), span: value.span, text: value.text } : null;
}

/** How many of year, month and day two dates differ in. */
export function differingParts(a: UsDate, b: UsDate): number {
  return Number(a.year !== b.year) + Number(a.month !== b.month) + Number(a.day !== b.day);
}

/** The dates of injury a passage states as plain statements about the one injury (`source`: the document's text, to place them). */
export function injuryDates(passage: Passage, source: string): InjuryDate[] {
  let out = datesRead.get(passage);
  if (!out) datesRead.set(passage, (out = readInjuryDates(passage, source)));
  return out;
}

function readInjuryDates(passage: Passage, source: string): InjuryDate[] {
  const { text } = passage;
  const out: InjuryDate[] = [];
  INJURY_DATE.lastIndex = 0;
  for (let m = INJURY_DATE.exec(text); m; m = INJURY_DATE.exec(text)) {
    if (ANOTHER.test(text.slice(text.lastIndexOf('. ', m.index) + 1, m.index))) continue;
    const end = m.index + m[0].length;
    if (RANGE_AFTER.test(text.slice(end, end + 24))) continue;
    const date = dateOf(m[1]);
    if (!date) continue;
    const start = end - m[1].length;
    out.push({ date, day: dayNumber(date), text: m[1], span: passage.spanOf(source, start, end) });
  }
  return out;
}

export type Sex = 'female' | 'male';

export interface PatientDescription {
  age: number | null;
  sex: Sex | null;
  /** The description as written (`49 year old female`), and where. */
  text: string;
  span: Span;
}

const SEXES: Record<string, Sex> = { female: 'female', woman: 'female', lady: 'female', male: 'male', man: 'male', gentleman: 'male' };
const DESCRIPTION = /\b(\d{1,3})\s*[-\s]\s*years?\s*[-\s]\s*old\b(?:,?\s+(female|male|woman|man|lady|gentleman)\b)?/gi;
const PERSON = String.raw`(?:injured\s+worker|patient|claimant|applicant|employee)`;
/** What stands before the age when the sentence describes the patient: `The injured worker is a`, `This is a`, `This case involves a now`. */
const SUBJECT_BEFORE = new RegExp(
  String.raw`(?:^|[,;:]\s*)(?:(?:the|this)\s+${PERSON}\s+is|this\s+is|this\s+case\s+involves|(?:he|she)\s+is)\s+(?:a|an|a\s*\(\s*n\s*\))\s+(?:now\s+)?$`,
  'i',
);
/** `The 58 year old female injured worker ...`: the description opens the sentence and names the patient after it. */
const SUBJECT_AROUND = { before: /^(?:the|this)\s+$/i, after: new RegExp(String.raw`^\s*${PERSON}\b`, 'i') };

/**
 * The patient's age and sex as the passage describes them, in the present ("is a 49 year old
 * female"): a past description ("was a 48 year old") may be the age at another date, and an age
 * in any other sentence may be a relative's ("her 12 year old son") or a history ("since 13 years old").
 */
export function patientDescriptions(passage: Passage, source: string): PatientDescription[] {
  let out = descriptionsRead.get(passage);
  if (!out) descriptionsRead.set(passage, (out = readPatientDescriptions(passage, source)));
  return out;
}

function readPatientDescriptions(passage: Passage, source: string): PatientDescription[] {
  const { text } = passage;
  const out: PatientDescription[] = [];
  DESCRIPTION.lastIndex = 0;
  for (let m = DESCRIPTION.exec(text); m; m = DESCRIPTION.exec(text)) {
    const dot = text.lastIndexOf('. ', m.index);
    const before = text.slice(dot < 0 ? 0 : dot + 2, m.index);
    const end = m.index + m[0].length;
    const subject = SUBJECT_BEFORE.test(before) || (SUBJECT_AROUND.before.test(before) && SUBJECT_AROUND.after.test(text.slice(end, end + 20)));
    if (!subject) continue;
    const age = Number(m[1]);
    out.push({ age: age > 0 && age < 120 ? age : null, sex: m[2] ? SEXES[m[2].toLowerCase()] : null, text: m[0], span: passage.spanOf(source, m.index, end) });
  }
  return out;
}
