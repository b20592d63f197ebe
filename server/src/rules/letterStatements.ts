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
export interface Passage {
  joined: JoinedText;
  /** The item whose rationale it is (its index in the letter), or null for the case summary. */
  item: number | null;
}

/** The case summary (when the letter has one) and each item's rationale, as joined text. */
export function passages(model: Determination): Passage[] {
  const out: Passage[] = [];
  const summary = model.sections.find((s) => s.kind === 'clinicalCaseSummary');
  if (summary) out.push({ joined: new JoinedText(model.text, { start: summary.heading.span.end, end: summary.span.end }), item: null });
  model.items.forEach((item, k) => {
    const r = item.fields.decisionRationale;
    if (r && r.value.text) out.push({ joined: new JoinedText(model.text, r.value.span), item: k });
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
const INJURY =
  String.raw`(?:(?:industrial(?:[\s-]+work)?|work[\s-]+related|work|occupational)[\s-]+injury(?:\s+date)?|date\s+of\s+(?:the\s+)?injury|injury\s+date|DOI)`;
const INJURY_DATE = new RegExp(String.raw`\b${INJURY}\s*(?:[:(,]\s*)?(?:(?:on|of|dated|was|is)\s+){0,2}${DATE}`, 'gi');
/** Words before the statement that make it about another injury than the claim's. */
const ANOTHER = /\b(?:another|second|prior|previous|earlier|later|subsequent|new|additional|separate|first|old|other|1st|2nd|3rd)\s+(?:\w+[\s-]+){0,2}$/i;
/** A date that opens a range or a list (`on 01/05/2010 through 10/21/2016`, `… and 03/02/2014`). */
const RANGE_AFTER = new RegExp(String.raw`^\s*(?:-|\u2013|to|through|thru|until|and|&|or)\s*(?:\d|${MONTH}\s+\d)`, 'i');

/** Continuous trauma claims span dates: their injury dates are not one date. */
export const CUMULATIVE = /\bcumulative\b|\bcontinuous\s+trauma\b|\brepetitive\s+(?:stress|trauma)\b|\bCT\s+(?:claim|injury|dates?)\b/i;

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

/** The dates of injury a passage states as plain statements about the one injury. */
export function injuryDates(passage: Passage): InjuryDate[] {
  const { text } = passage.joined;
  const out: InjuryDate[] = [];
  INJURY_DATE.lastIndex = 0;
  for (let m = INJURY_DATE.exec(text); m; m = INJURY_DATE.exec(text)) {
    if (ANOTHER.test(text.slice(text.lastIndexOf('. ', m.index) + 1, m.index))) continue;
    const end = m.index + m[0].length;
    if (RANGE_AFTER.test(text.slice(end, end + 24))) continue;
    const date = dateOf(m[1]);
    if (!date) continue;
    const start = end - m[1].length;
    out.push({ date, day: dayNumber(date), text: m[1], span: passage.joined.span(start, end) });
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
export function patientDescriptions(passage: Passage): PatientDescription[] {
  const { text } = passage.joined;
  const out: PatientDescription[] = [];
  DESCRIPTION.lastIndex = 0;
  for (let m = DESCRIPTION.exec(text); m; m = DESCRIPTION.exec(text)) {
    const dot = text.lastIndexOf('. ', m.index);
    const before = text.slice(dot < 0 ? 0 : dot + 2, m.index);
    const end = m.index + m[0].length;
    const subject = SUBJECT_BEFORE.test(before) || (SUBJECT_AROUND.before.test(before) && SUBJECT_AROUND.after.test(text.slice(end, end + 20)));
    if (!subject) continue;
    const age = Number(m[1]);
    out.push({ age: age > 0 && age < 120 ? age : null, sex: m[2] ? SEXES[m[2].toLowerCase()] : null, text: m[0], span: passage.joined.span(m.index, end) });
  }
  return out;
}
