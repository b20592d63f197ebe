// "Did you mean ...": the known word nearest a misspelt one, for messages about typed names
// (rule codes in `--rule` and in `.imr.json`).

/** Edit distance (insertions, deletions, substitutions, adjacent transpositions). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The known word nearest `word` (a known word of which it is one part first: `rationale`); undefined when none is known. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const part = known.find((k) => w.length >= 4 && k.toLowerCase().split('-').includes(w));
  if (part) return part;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const dist = distance(w, k.toLowerCase());
    if (dist < bestDistance) [best, bestDistance] = [k, dist];
  }
  return best;
}

/** ` (did you mean 'x'?)`, or '' when nothing is near. */
export function didYouMean(word: string, known: readonly string[]): string {
  const n = nearest(word, known);
  return n ? ` (did you mean '${n}'?)` : '';
}
