// decision-conflicts-with-rationale: an item Upheld whose rationale concludes the request
// is medically necessary, or the reverse.
import type { Rule } from './rule';
import { conclusionDecision } from './decisionWords';

export const decisionConflictsWithRationale: Rule = {
  code: 'decision-conflicts-with-rationale',
  defaultSeverity: 'warning',
  description: 'The decision says the opposite of what the Decision rationale concludes.',
  check({ model, report }) {
    for (const item of model.items) {
      if (item.decision.kind !== 'Upheld' && item.decision.kind !== 'Overturned') continue;
      const concluded = conclusionDecision(item);
      if (!concluded || concluded === item.decision.kind) continue;
      const says = concluded === 'Upheld' ? 'not medically necessary' : 'medically necessary';
      report({
        span: item.decision.span,
        message: `'${item.name.text}' is ${item.decision.kind}, but its rationale concludes the request is ${says} (${concluded}).`,
        fixes: [{ title: `Change decision to '${concluded}'`, edits: [{ span: item.decision.span, newText: concluded }], safe: false }],
      });
    }
  },
};
