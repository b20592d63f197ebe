// The decision words of rules missing-decision, unknown-decision and
// decision-conflicts-with-rationale: what a misspelt word meant, what a rationale concludes.
import { rationaleConclusion } from '../parse/conclusion';
import type { DisputedItem } from '../model/types';
import { TextMemo } from '../util/textMemo';
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

/** Two rules ask, on every version. By rationale text (util/textMemo.ts): the item's name it was read with, and what it concludes. */
const concluded = new TextMemo<{ name: string; decision: 'Upheld' | 'Overturned' | null }>();

export function conclusionDecision(item: DisputedItem): 'Upheld' | 'Overturned' | null {
  const r = item.fields.decisionRationale?.value.text;
  if (!r) return null;
  const name = item.name.text;
  let read = concluded.get(r, () => ({ name, decision: decisionOf(r, name) }));
  // The same rationale under another name (rare: a pasted one) is read again for that name.
  if (read.name !== name) read = { name, decision: decisionOf(r, name) };
  return read.decision;
}

function decisionOf(rationale: string, name: string): 'Upheld' | 'Overturned' | null {
  const c = rationaleConclusion(rationale, name);
  return c === 'necessary' ? 'Overturned' : c === 'notNecessary' ? 'Upheld' : null;
}
