// header-date: header dates that are not real dates, or that are out of order.
import { HEADER_NAMES } from '../model/helpers';
import type { HeaderField, HeaderKey } from '../model/types';
import { dayNumber, parseUsDate } from '../util/usDate';
import type { Rule } from './rule';

const DATE_KEYS = new Set<HeaderKey>(['dateAssigned', 'decisionDate', 'dateOfInjury', 'urDenialDate', 'applicationReceived', 'noticeDate']);
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
  check({ model, report }) {
    const days = new Map<HeaderKey, { field: HeaderField; day: number }>();
    for (const h of model.header) {
      if (!DATE_KEYS.has(h.key) || !h.value) continue;
      const date = parseUsDate(h.value.text);
      if (date === null) {
        report({ span: h.value.span, message: `${HEADER_NAMES[h.key]} '${h.value.text}' is not a real date (expected MM/DD/YYYY).` });
      } else {
        days.set(h.key, { field: h, day: dayNumber(date) });
      }
    }
    for (const [earlier, later] of ORDER) {
      const a = days.get(earlier);
      const b = days.get(later);
      if (a && b && b.day < a.day) {
        report({
          span: b.field.value!.span,
          message: `${HEADER_NAMES[later]} ${b.field.value!.text} is before ${HEADER_NAMES[earlier]} ${a.field.value!.text}.`,
        });
      }
    }
  },
};
