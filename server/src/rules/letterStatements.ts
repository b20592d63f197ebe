// What a letter's prose states about the case, for the rules that set one statement against
// another (date-of-injury-mismatch, patient-details-mismatch): the date of injury ("sustained
// an industrial injury on 10-21-16", "date of injury of October 21, 2016") and the patient's
// age and sex ("a 49 year old female"). Only the plain statement forms are read; a sentence
// that could be about another injury, a range of dates or another person reads as nothing, so
// the rules keep quiet rather than guess.
import type { Determination, Span } from '../model/types';
import { JoinedText } from '../parse/joinedText';
import { TextMemo } from '../util/textMemo';
import { dayNumber, parseUsDate, parseWrittenDate, type UsDate } from '../util/usDate';

/** A piece of prose the rules read: the case summary, or one item's rationale. */
export class Passage {
  private joinedText: JoinedText | undefined;
  constructor(
    private readonly span: Span,
    /** The item whose rationale it is (its index in the letter), or null for the case summary. */
    readonly item: number | null,
    /** White space folded to single spaces (`JoinedText`). */
    readonly text: string,
  ) {}
  /**
   * The document span of text[from, to); `source`: the document's text. Joined again only to
   * place a finding: the document text is not kept, and what is read from `text` is kept by
   * the text alone (util/textMemo.ts), so a letter moved by an edit above it is not read again.
   */
  spanOf(source: string, from: number, to: number): Span {
    this.joinedText ??= new JoinedText(source, this.span);
    return this.joinedText.span(from, to);
  }
}

/** Passages of one version, shared by the rules that read them: keyed by the letter's part. */
const read = new WeakMap<object, Passage[]>();
/** A case summary's text as written -> joined. */
const joinedSummaries = new TextMemo<string>();

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
  if (summary) {
    const span = { start: summary.heading.span.end, end: summary.span.end };
    const text = joinedSummaries.get(model.text.slice(span.start, span.end), (raw) => new JoinedText(raw, { start: 0, end: raw.length }).text);
    out.push(new Passage(span, null, text));
  }
  model.items.forEach((item, k) => {
    const r = item.fields.decisionRationale;
    if (r && r.value.text) out.push(new Passage(r.value.span, k, r.value.text));
  });
  return out;
}

/** Something a passage states, where the passage's text has it; placed in the document on demand. */
class Statement {
  constructor(
    private readonly passage: Passage,
    private readonly source: string,
    private readonly from: number,
    private readonly to: number,
  ) {}
  get span(): Span {
    return this.passage.spanOf(this.source, this.from, this.to);
  }
}

export interface InjuryDate {
  date: UsDate;
  /** Days since 1970 (`dayNumber`). */
  day: number;
  /** The date as written, and where. */
  text: string;
  readonly span: Span;
}

/** A statement as its passage's text has it: `from`-`to` in that text. */
type Read<T> = Omit<T, 'span'> & { from: number; to: number };
const place = <T>(passage: Passage, source: string, found: Read<T>[]): T[] =>
  found.map(({ from, to, ...rest }) => Object.assign(new Statement(passage, source, from, to), rest) as unknown as T);

/** Read once per text, not per rule or per version. */
const datesRead = new TextMemo<Read<InjuryDate>[]>();

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
const cumulativeRead = new TextMemo<boolean>();

/** Whether the passage speaks of a cumulative or continuous trauma claim. */
export function speaksOfCumulativeTrauma(passage: Passage): boolean {
  return cumulativeRead.get(passage.text, (text) => CUMULATIVE.test(text));
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
  return place(passage, source, datesRead.get(passage.text, readInjuryDates));
}

function readInjuryDates(text: string): Read<InjuryDate>[] {
  const out: Read<InjuryDate>[] = [];
  INJURY_DATE.lastIndex = 0;
  for (let m = INJURY_DATE.exec(text); m; m = INJURY_DATE.exec(text)) {
    if (ANOTHER.test(text.slice(text.lastIndexOf('. ', m.index) + 1, m.index))) continue;
    const end = m.index + m[0].length;
    if (RANGE_AFTER.test(text.slice(end, end + 24))) continue;
    const date = dateOf(m[1]);
    if (!date) continue;
    const start = end - m[1].length;
    out.push({ date, day: dayNumber(date), text: m[1], from: start, to: end });
  }
  return out;
}

export type Sex = 'female' | 'male';

export interface PatientDescription {
  age: number | null;
  sex: Sex | null;
  /** The description as written (`49 year old female`), and where. */
  text: string;
  readonly span: Span;
}

const descriptionsRead = new TextMemo<Read<PatientDescription>[]>();

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
  return place(passage, source, descriptionsRead.get(passage.text, readPatientDescriptions));
}

function readPatientDescriptions(text: string): Read<PatientDescription>[] {
  const out: Read<PatientDescription>[] = [];
  DESCRIPTION.lastIndex = 0;
  for (let m = DESCRIPTION.exec(text); m; m = DESCRIPTION.exec(text)) {
    const dot = text.lastIndexOf('. ', m.index);
    const before = text.slice(dot < 0 ? 0 : dot + 2, m.index);
    const end = m.index + m[0].length;
    const subject = SUBJECT_BEFORE.test(before) || (SUBJECT_AROUND.before.test(before) && SUBJECT_AROUND.after.test(text.slice(end, end + 20)));
    if (!subject) continue;
    const age = Number(m[1]);
    out.push({ age: age > 0 && age < 120 ? age : null, sex: m[2] ? SEXES[m[2].toLowerCase()] : null, text: m[0], from: m.index, to: end });
  }
  return out;
}
