// Names and page strings as letters and the data write them. Names are compared in a
// normalized form (lowercase, `&` read as `and`, punctuation dropped, white space collapsed)
// so that `Forearm, Wrist, & Hand` and `Forearm, Wrist, and Hand` are the same name.
import type { PageRange } from './types';

const AMP_RE = /&/g;
const HYPHEN_BREAK_RE = /\p{L}- \p{L}/u;
const HYPHEN_BREAK_G_RE = /(\p{L})- (\p{L})/gu;
const NON_WORD_RE = /[^\p{L}\p{N}]+/gu;

/** Names seen before: letters cite the same few dozen names over and over. */
const normalized = new Map<string, string>();

/** Lowercase, `&` as `and`, every other non-letter/digit as a space, spaces collapsed. */
export function normalizeName(s: string): string {
  let n = normalized.get(s);
  if (n === undefined) {
    n = s.toLowerCase().replace(AMP_RE, ' and ').replace(NON_WORD_RE, ' ').trim();
    // Bounded: a 10 MB paste of random text must not grow it without end.
    if (normalized.size >= 20_000) normalized.clear();
    normalized.set(s, n);
  }
  return n;
}

/** Word tokens of a normalized name (`&` -> `and`). */
export function tokensOf(name: string): string[] {
  const n = normalizeName(name);
  return n ? n.split(' ') : [];
}

/** The name with words broken at a line end (`Electro- diagnostic`) joined, or null when it has none. */
export function joinHyphenBreaks(name: string): string | null {
  return HYPHEN_BREAK_RE.test(name) ? name.replace(HYPHEN_BREAK_G_RE, '$1$2') : null;
}

/** `98-99` / `18-19; 49` / `113; 93-94` -> ranges; malformed pieces are skipped. */
export function parsePageRanges(pages: string): PageRange[] {
  const out: PageRange[] = [];
  for (const piece of pages.split(/[;,]/)) {
    const m = /^\s*(\d{1,4})\s*(?:[-\u2013]\s*(\d{1,4}))?\s*$/.exec(piece);
    if (!m) continue;
    const first = Number(m[1]);
    const last = m[2] ? Number(m[2]) : first;
    if (last >= first) out.push({ first, last });
  }
  return out;
}
