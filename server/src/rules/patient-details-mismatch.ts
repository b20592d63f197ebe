// patient-details-mismatch: a rationale describes the patient with another age or sex than the
// case summary does ("a 49 year old female" against "a 63 year old male"): a rationale carried
// over from another case.
import type { Span } from '../model/types';
import { type PatientDescription, passages, patientDescriptions } from './letterStatements';
import type { Rule } from './rule';

/** The one value the summary's descriptions agree on, or null when they give none or several. */
function agreed<T>(values: (T | null)[]): T | null {
  const stated = [...new Set(values.filter((v): v is T => v !== null))];
  return stated.length === 1 ? stated[0] : null;
}

export const patientDetailsMismatch: Rule = {
  code: 'patient-details-mismatch',
  defaultSeverity: 'warning',
  description: 'A rationale states an age or sex of the patient other than the case summary does.',
  scope: 'letter',
  check({ model, report }) {
    const all = passages(model);
    const summary = all.find((p) => p.item === null);
    if (!summary) return;
    const described = patientDescriptions(summary, model.text);
    // Several ages in the summary (at the injury, now): no one age to hold the rationales to.
    const age = agreed(described.map((d) => d.age));
    const sex = agreed(described.map((d) => d.sex));
    const at = (pick: (d: PatientDescription) => unknown, value: unknown): Span => described.find((d) => pick(d) === value)!.span;
    for (const passage of all) {
      if (passage.item === null) continue;
      const name = model.items[passage.item].name.text;
      for (const d of patientDescriptions(passage, model.text)) {
        const differs: string[] = [];
        const related: { span: Span; message: string }[] = [];
        if (age !== null && d.age !== null && d.age !== age) {
          differs.push(`age ${d.age} (the case summary: ${age})`);
          related.push({ span: at((x) => x.age, age), message: `the case summary's age, ${age}` });
        }
        if (sex !== null && d.sex !== null && d.sex !== sex) {
          differs.push(`sex ${d.sex} (the case summary: ${sex})`);
          related.push({ span: at((x) => x.sex, sex), message: `the case summary's sex, ${sex}` });
        }
        if (differs.length === 0) continue;
        report({ span: d.span, message: `The rationale of '${name}' describes the patient with ${differs.join(' and ')}.`, related });
      }
    }
  },
};
