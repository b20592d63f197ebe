// missing-decision: an item header with no outcome after its last colon. The fix offers
// both words, what the rationale concludes first.
import type { Fix, Rule } from './rule';
import { conclusionDecision } from './decisionWords';

export const missingDecision: Rule = {
  code: 'missing-decision',
  defaultSeverity: 'error',
  description: 'An item header has no decision (`Upheld` or `Overturned`) after its last colon.',
  check({ model, report }) {
    for (const item of model.items) {
      if (item.decision.kind !== 'absent') continue;
      const at = item.decision.span.start;
      const hasColon = model.text.charCodeAt(at - 1) === 58;
      const suggested = conclusionDecision(item);
      const order = suggested === 'Overturned' ? ['Overturned', 'Upheld'] : ['Upheld', 'Overturned'];
      const fixes: Fix[] = order.map((d) => ({
        title: `Insert decision '${d}'${d === suggested ? ' (what the rationale concludes)' : ''}`,
        edits: [{ span: { start: at, end: at }, newText: hasColon ? ` ${d}` : `: ${d}` }],
        safe: false,
      }));
      report({
        span: item.name.span.end > item.name.span.start ? item.name.span : item.header,
        message: `'${item.name.text || 'This item'}' has no decision: write 'Upheld' or 'Overturned' after its last colon.`,
        fixes,
      });
    }
  },
};
