// Binary search over sorted starts (line starts, fold starts, letter starts): written once here
// instead of once per caller.

/**
 * The last index i in 0..length-1 whose key(i) <= x, keys ascending; 0 when every key is above x
 * (callers' first start is 0, so "before the first" does not arise for them).
 */
export function lastAtOrBefore(length: number, key: (i: number) => number, x: number): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (key(mid) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
