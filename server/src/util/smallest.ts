// The k smallest of many values, in order, without sorting them all: workspace symbols ask for the
// best 500 of every item in the library (230,000 at 100,000 letters); a sort of all hits cost
// more than finding them. A max-heap of k: each value is compared with the worst kept one.

/** The `k` smallest values by `compare`, ascending. */
export function smallest<T>(values: Iterable<T>, k: number, compare: (a: T, b: T) => number): T[] {
  const heap: T[] = [];
  if (k <= 0) return heap;
  // heap[0] is the largest kept value; a parent is never smaller than its children.
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && compare(heap[l], heap[top]) > 0) top = l;
      if (r < heap.length && compare(heap[r], heap[top]) > 0) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top], heap[i]];
      i = top;
    }
  };
  for (const v of values) {
    if (heap.length < k) {
      heap.push(v);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (compare(heap[i], heap[parent]) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (compare(v, heap[0]) < 0) {
      heap[0] = v;
      down(0);
    }
  }
  return heap.sort(compare);
}
