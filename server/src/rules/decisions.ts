// missing-decision, unknown-decision, decision-conflicts-with-rationale: the outcome word
// of each item, and whether it agrees with what the rationale concludes.
import { rationaleConclusion } from '../model/conclusion';
import type { DisputedItem } from '../model/types';
import type { Fix, Problem, Rule } from './rule';
import { editDistance } from './text';

const DECISIONS = ['Upheld', 'Overturned'] as const;

/** The valid decision a misspelt word most likely meant, or null when it is not clear. */
export function nearestDecision(word: string): 'Upheld' | 'Overturned' | null {
  const w = word.toLowerCase().replace(/[^a-z ]/g, '').trim();
  if (/\bupheld\b|\buphold/.test(w)) return 'Upheld';
  if (/\boverturn/.test(w)) return 'Overturned';
  let best: 'Upheld' | 'Overturned' | null = null;
  let bestDistance = 3; // at most two slips
  for (const d of DECISIONS) {
    const dist = editDistance(w, d.toLowerCase());
    if (dist < bestDistance) {
      best = d;
      bestDistance = dist;
    }
  }
  return best;
}

/** Read once per item per model: two rules ask. */
const concluded = new WeakMap<DisputedItem, 'Upheld' | 'Overturned' | null>();

function conclusionDecision(item: DisputedItem): 'Upheld' | 'Overturned' | null {
  if (concluded.has(item)) return concluded.get(item)!;
  const r = item.fields.decisionRationale?.value.text;
  const c = r ? rationaleConclusion(r, item.name.text) : 'unclear';
  const d = c === 'necessary' ? 'Overturned' : c === 'notNecessary' ? 'Upheld' : null;
  concluded.set(item, d);
  return d;
}

export const missingDecision: Rule = {
  code: 'missing-decision',
  defaultSeverity: 'error',
  description: 'An item header has no decision (`Upheld` or `Overturned`) after its last colon.',
  check({ model }) {
    const problems: Problem[] = [];
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
      problems.push({
        span: item.name.span.end > item.name.span.start ? item.name.span : item.header,
        message: `'${item.name.text || 'This item'}' has no decision: write 'Upheld' or 'Overturned' after its last colon.`,
        fixes,
      });
    }
    return problems;
  },
};

export const unknownDecision: Rule = {
  code: 'unknown-decision',
  defaultSeverity: 'error',
  description: 'A decision word that is not `Upheld` or `Overturned`.',
  check({ model }) {
    const problems: Problem[] = [];
    for (const item of model.items) {
      if (item.decision.kind !== 'unknown') continue;
      const nearest = nearestDecision(item.decision.text);
      problems.push({
        span: item.decision.span,
        message: `'${item.decision.text}' is not a decision: an IMR decision is 'Upheld' or 'Overturned'.`,
        fixes: nearest ? [{ title: `Change to '${nearest}'`, edits: [{ span: item.decision.span, newText: nearest }], safe: true }] : [],
      });
    }
    return problems;
  },
};

export const decisionConflictsWithRationale: Rule = {
  code: 'decision-conflicts-with-rationale',
  defaultSeverity: 'warning',
  description: 'The decision says the opposite of what the Decision rationale concludes.',
  check({ model }) {
    const problems: Problem[] = [];
    for (const item of model.items) {
      if (item.decision.kind !== 'Upheld' && item.decision.kind !== 'Overturned') continue;
      const concluded = conclusionDecision(item);
      if (!concluded || concluded === item.decision.kind) continue;
      const says = concluded === 'Upheld' ? 'not medically necessary' : 'medically necessary';
      problems.push({
        span: item.decision.span,
        message: `'${item.name.text}' is ${item.decision.kind}, but its rationale concludes the request is ${says} (${concluded}).`,
        fixes: [{ title: `Change decision to '${concluded}'`, edits: [{ span: item.decision.span, newText: concluded }], safe: false }],
      });
    }
    return problems;
  },
};
