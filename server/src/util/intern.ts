// One flat string per distinct value, for the items the workspace index keeps in memory (indexedItem.ts):
// item names and decisions repeat across letters, and a name cut from a letter's text would keep it alive.
const strings = new Map<string, string>();

/** Bounded: past this many distinct strings the table starts over (it only costs sharing). */
const MAX_STRINGS = 200_000;

/**
 * The one copy of `s`, flat: a value cut from a letter's text (a name, a date) is a slice that
 * keeps the whole text alive in V8; the copy kept here does not (10,000 letters: ~170 MB).
 */
export function intern(s: string): string {
  const known = strings.get(s);
  if (known !== undefined) return known;
  if (strings.size >= MAX_STRINGS) strings.clear();
  const flat = (' ' + s).slice(1);
  strings.set(flat, flat);
  return flat;
}
