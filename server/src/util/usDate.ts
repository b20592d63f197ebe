// US dates as letters write them (`03/15/2016`, `3-15-16`): the one parser behind the
// header-date rule, the letter's date in hover and completion, and the library's decision
// month (library/letterFacets.ts). Strict: only calendar
// dates (no 31 February), so a date the rule reports is never used as a date elsewhere.

export interface UsDate {
  year: number;
  month: number;
  day: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The date when year, month and day make a calendar date, else null. */
export function calendarDate(year: number, month: number, day: number): UsDate | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1])) return null;
  return { year, month, day };
}

/** mm/dd/yyyy or mm-dd-yy (two-digit years: 70-99 are 19xx, 00-69 20xx); null when not a calendar date. */
export function parseUsDate(text: string): UsDate | null {
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(text);
  if (!m) return null;
  let year = +m[3];
  if (m[3].length === 2) year += year < 70 ? 2000 : 1900;
  return calendarDate(year, +m[1], +m[2]);
}

/** `2016-03-15` (ISO, as stored summaries and the filter's `month:` write it); null when not a calendar date. */
function parseIsoDate(text: string): UsDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? calendarDate(+m[1], +m[2], +m[3]) : null;
}

/** A date in any of the forms above (numeric US, written, ISO); null when it is none or not a calendar date. */
export function parseAnyDate(text: string): UsDate | null {
  const t = text.trim();
  return parseUsDate(t) ?? parseWrittenDate(t) ?? parseIsoDate(t);
}

/** A day number that orders dates (days since 1970-01-01). */
export function dayNumber(d: UsDate): number {
  return Date.UTC(d.year, d.month - 1, d.day) / 86400000;
}

/** `2016-03-15`. */
export function isoDate(d: UsDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A date as prose writes it, in US order: `October 21, 2016`, `Oct. 21 2016`, `Sept 3, 2016`; null when not a calendar date. */
export function parseWrittenDate(text: string): UsDate | null {
  const m = /^([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1].toLowerCase()) + 1;
  return month === 0 ? null : calendarDate(+m[3], month, +m[2]);
}
