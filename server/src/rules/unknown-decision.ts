// unknown-decision: a decision word that is not `Upheld` or `Overturned`; the fix is the
// word it most likely meant.
import type { Rule } from './rule';
import { nearestDecision } from './decisionWords';

export const unknownDecision: Rule = {
  code: 'unknown-decision',
  defaultSeverity: 'error',
  description: 'A decision word that is not `Upheld` or `Overturned`.',
  check({ model, report }) {
    for (const item of model.items) {
      if (item.decision.kind !== 'unknown') continue;
      const nearest = nearestDecision(item.decision.text);
      report({
        span: item.decision.span,
        message: `'${item.decision.text}' is not a decision: an IMR decision is 'Upheld' or 'Overturned'.`,
        fixes: nearest ? [{ title: `Change to '${nearest}'`, edits: [{ span: item.decision.span, newText: nearest }], safe: true }] : [],
      });
    }
  },
};
