// The decision words of rules missing-decision, unknown-decision and
// decision-conflicts-with-rationale: what a misspelt word meant, what a rationale concludes.
import { rationaleConclusion } from '../parse/conclusion';
import type { DisputedItem } from '../model/types';
import { editDistance } from './text';

const DECISIONS = ['Upheld', 'Overturned'] as const;

/** The valid decision a misspelt word most likely meant, or null when it is not clear. */
export function nearestDecision(word: string): 'Upheld' | 'Overturned' | null {
  const w = word
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim();
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

export function conclusionDecision(item: DisputedItem): 'Upheld' | 'Overturned' | null {
  if (concluded.has(item)) return concluded.get(item)!;
  const r = item.fields.decisionRationale?.value.text;
  const c = r ? rationaleConclusion(r, item.name.text) : 'unclear';
  const d = c === 'necessary' ? 'Overturned' : c === 'notNecessary' ? 'Upheld' : null;
  concluded.set(item, d);
  return d;
}
