// date-of-injury-mismatch: the case summary or a rationale states a date of injury other than
// the header's `Date of Injury`: a summary or rationale carried over from another case.
import { differingParts, headerInjuryDate, injuryDates, passages, speaksOfCumulativeTrauma } from './letterStatements';
import type { Rule } from './rule';

export const dateOfInjuryMismatch: Rule = {
  code: 'date-of-injury-mismatch',
  defaultSeverity: 'warning',
  description: "The case summary or a rationale states a date of injury other than the header's Date of Injury.",
  // Each letter of a batch has its own header and its own case.
  scope: 'letter',
  check({ model, report }) {
    const header = headerInjuryDate(model);
    if (!header) return;
    const all = passages(model);
    // A continuous-trauma claim has a span of injury dates, and the header gives one of them.
    if (all.some((p) => speaksOfCumulativeTrauma(p))) return;
    const stated = all.flatMap((passage) => injuryDates(passage, model.text).map((date) => ({ passage, date })));
    // Real letters slip a digit (`October 10, 2015` for 10/10/2016): a date one part away from the
    // header's is reported only when the prose also states the header's date, so that it is sure.
    const confirmed = stated.some((s) => s.date.day === header.day);
    for (const { passage, date } of stated) {
      if (date.day === header.day || (!confirmed && differingParts(date.date, header.date) < 2)) continue;
      const where = passage.item === null ? 'The case summary' : `The rationale of '${model.items[passage.item].name.text}'`;
      report({
        span: date.span,
        message: `${where} states the date of injury ${date.text}, but the header's Date of Injury is ${header.text}.`,
        related: [{ span: header.span, message: "the header's Date of Injury" }],
      });
    }
  },
};
