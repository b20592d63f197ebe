// unknown-guideline: an MTUS citation whose guideline name the knowledge base does not know.
import type { Citation, Determination } from '../model/types';
import type { Problem, Rule } from './rule';

/** Every citation in the items' fields, with the field it is in. */
export function* allCitations(model: Determination): Generator<Citation> {
  for (const item of model.items) for (const field of item.allFields) yield* field.citations;
}

export const unknownGuideline: Rule = {
  code: 'unknown-guideline',
  defaultSeverity: 'hint',
  description: 'An MTUS citation names a guideline that the MTUS knowledge base does not know.',
  check({ model, kb }) {
    const problems: Problem[] = [];
    // With no knowledge base loaded nothing resolves: say nothing rather than flag every name.
    if (kb.guidelines.length === 0) return problems;
    for (const c of allCitations(model)) {
      if (c.kind !== 'mtus' || !c.guideline || c.guideline.guidelineId) continue;
      problems.push({
        span: c.guideline.name.span,
        message: `'${c.guideline.name.text}' is not an MTUS guideline the knowledge base knows, so its sections and pages cannot be checked (letters write names such as 'Chronic Pain Medical Treatment 2016' or 'Low Back Complaints 2004').`,
      });
    }
    return problems;
  },
};
