// Binary search over sorted starts (line starts, fold starts, letter starts, token starts, the
// starts of a fix-all's edits): written once here instead of once per caller.

/** The first index i in 0..length-1 at which `at(i)` holds (false below it, true from it on); length when it never does. */
function firstWhere(length: number, at: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first index i whose key(i) > x, keys ascending; length when none is (an upper bound). */
export function firstAbove(length: number, key: (i: number) => number, x: number): number {
  return firstWhere(length, (i) => key(i) > x);
}

/** The first index i whose key(i) >= x, keys ascending; length when none is (a lower bound). */
export function firstAtOrAbove(length: number, key: (i: number) => number, x: number): number {
  return firstWhere(length, (i) => key(i) >= x);
}

/**
 * The last index i in 0..length-1 whose key(i) <= x, keys ascending; 0 when every key is above x
 * (callers' first start is 0, so "before the first" does not arise for them).
 */
export function lastAtOrBefore(length: number, key: (i: number) => number, x: number): number {
  return Math.max(0, firstAbove(length, key, x) - 1);
}
