// header-date: header dates that are not real dates, or that are out of order.
import type { HeaderField, HeaderKey } from '../model/types';
import type { Problem, Rule } from './rule';

const DATE_KEYS = new Set<HeaderKey>(['dateAssigned', 'decisionDate', 'dateOfInjury', 'urDenialDate', 'applicationReceived', 'noticeDate']);
const NAMES: Partial<Record<HeaderKey, string>> = {
  dateAssigned: 'Date Assigned',
  decisionDate: 'Decision Date',
  dateOfInjury: 'Date of Injury',
  urDenialDate: 'UR Denial Date',
  applicationReceived: 'Application Received',
  noticeDate: 'Dated',
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** mm/dd/yyyy (or mm-dd-yy) to a comparable day number; null when not a calendar date. */
export function parseUsDate(text: string): number | null {
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(text);
  if (!m) return null;
  const month = +m[1];
  const day = +m[2];
  let year = +m[3];
  if (m[3].length === 2) year += year < 70 ? 2000 : 1900;
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1])) return null;
  return Date.UTC(year, month - 1, day) / 86400000;
}

/** Pairs that must be in order: [earlier, later]. */
const ORDER: [HeaderKey, HeaderKey][] = [
  ['dateAssigned', 'decisionDate'],
  ['dateOfInjury', 'urDenialDate'],
];

export const headerDate: Rule = {
  code: 'header-date',
  defaultSeverity: 'warning',
  description: 'A header date is not a real date, or dates are out of order (Decision Date before Date Assigned, UR Denial Date before Date of Injury).',
  // Each letter of a batch has its own header.
  scope: 'letter',
  check({ model }) {
    const problems: Problem[] = [];
    const days = new Map<HeaderKey, { field: HeaderField; day: number }>();
    for (const h of model.header) {
      if (!DATE_KEYS.has(h.key) || !h.value) continue;
      const day = parseUsDate(h.value.text);
      if (day === null) {
        problems.push({ span: h.value.span, message: `${NAMES[h.key]} '${h.value.text}' is not a real date (expected MM/DD/YYYY).` });
      } else {
        days.set(h.key, { field: h, day });
      }
    }
    for (const [earlier, later] of ORDER) {
      const a = days.get(earlier);
      const b = days.get(later);
      if (a && b && b.day < a.day) {
        problems.push({
          span: b.field.value!.span,
          message: `${NAMES[later]} ${b.field.value!.text} is before ${NAMES[earlier]} ${a.field.value!.text}.`,
        });
      }
    }
    return problems;
  },
};
