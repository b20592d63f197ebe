// The IMR Letters view's filter as the user types it: `acupuncture outcome:overturned
// guideline:"Chronic Pain …"`. Item-name words plus `facet:value` words; the facets and outcomes
// are the server's own lists (protocol.ts), so a misspelt facet is named, not silently searched for.
import { LETTER_FACETS, LETTER_OUTCOMES, type LetterFacet, type LettersFilter } from '../../../server/src/protocol';

export interface ParsedFilter {
  filter: LettersFilter;
  /** What is wrong with the input, in a sentence (an unknown facet or outcome); the filter is then not to be used. */
  problem?: string;
}

const isFacet = (k: string): k is LetterFacet => (LETTER_FACETS as readonly string[]).includes(k);
const list = (xs: readonly string[]) => xs.join(', ');

export function parseFilter(input: string): ParsedFilter {
  const filter: LettersFilter = {};
  const words: string[] = [];
  const problems: string[] = [];
  const re = /(\w+):(?:"([^"]*)"|(\S+))|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(input); m; m = re.exec(input)) {
    const key = m[1];
    const value = m[2] ?? m[3];
    if (key && isFacet(key)) {
      if (key === 'outcome' && !(LETTER_OUTCOMES as readonly string[]).includes(value))
        problems.push(`'${value}' is not an outcome: the outcomes are ${list(LETTER_OUTCOMES)}.`);
      (filter as Record<string, string>)[key] = value;
    } else if (key && /^[a-z]+$/i.test(key)) {
      // `outcom:overturned` searched as item-name words would answer "no letter matches".
      problems.push(`'${key}' is not a facet: the facets are ${list(LETTER_FACETS)}.`);
    } else words.push(m[0]);
  }
  if (words.length) filter.text = words.join(' ');
  return problems.length > 0 ? { filter, problem: problems.join(' ') } : { filter };
}

export function formatFilter(f: LettersFilter): string {
  const q = (v: string) => (/\s/.test(v) ? `"${v}"` : v);
  const parts = f.text ? [f.text] : [];
  for (const k of LETTER_FACETS) if (f[k] !== undefined) parts.push(`${k}:${q(f[k]!)}`);
  return parts.join(' ');
}
