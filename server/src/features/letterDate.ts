// The date of a letter, against which hover and completion say which edition of a guideline
// was in force: its decision date, else the latest date written in it.
import type { Determination } from '../model/types';
import { letterSpan } from '../model/letters';
import { calendarDate, isoDate, parseUsDate } from '../util/usDate';

export interface LetterDate {
  iso: string;
  /** How the date was found, for the reader. */
  label: string;
}

const NUM_DATE_RE = /\b(\d{1,2})\/(\d{1,2})\/((?:19|20)\d\d)\b/g;

/** The letter's decision date from the header, else the latest date written in the letter. */
export function letterDate(model: Determination): LetterDate | null {
  const h = model.header.find((x) => x.key === 'decisionDate')?.value?.text;
  const parsed = h ? parseUsDate(h.trim()) : null;
  if (parsed) return { iso: isoDate(parsed), label: `decision date ${h}` };
  let best: string | null = null;
  let bestText = '';
  NUM_DATE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  const span = letterSpan(model);
  const text = model.text.slice(span.start, Math.min(span.end, span.start + 400_000));
  while ((m = NUM_DATE_RE.exec(text))) {
    const date = calendarDate(Number(m[3]), Number(m[1]), Number(m[2]));
    const iso = date && isoDate(date);
    if (iso && (!best || iso > best)) {
      best = iso;
      bestText = m[0];
    }
  }
  return best ? { iso: best, label: `${bestText}, the latest date in the letter` } : null;
}
