// unknown-guideline: an MTUS citation whose guideline name the knowledge base does not know.
import { allCitations } from '../model/helpers';
import type { Rule } from './rule';

export const unknownGuideline: Rule = {
  code: 'unknown-guideline',
  defaultSeverity: 'hint',
  description: 'An MTUS citation names a guideline that the MTUS knowledge base does not know.',
  check({ model, kb, report }) {
    // With no knowledge base loaded nothing resolves: say nothing rather than flag every name.
    if (kb.guidelines.length === 0) return;
    for (const c of allCitations(model)) {
      if (c.kind !== 'mtus' || !c.guideline || c.guideline.guidelineId) continue;
      report({
        span: c.guideline.name.span,
        message: `'${c.guideline.name.text}' is not an MTUS guideline the knowledge base knows, so its sections and pages cannot be checked (letters write names such as 'Chronic Pain Medical Treatment 2016' or 'Low Back Complaints 2004').`,
      });
    }
  },
};
