import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { smallest } from '../../../server/src/util/smallest';

/** A small deterministic generator (mulberry32), so a failure can be run again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('smallest: the k smallest values, in order', () => {
  test('equals the first k of a full sort, for any k, with ties (many equal values)', () => {
    const next = random(7);
    const byScoreThenName = (a: { score: number; name: string }, b: { score: number; name: string }) =>
      a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const n of [0, 1, 2, 5, 64, 1000]) {
      const values = Array.from({ length: n }, (_, i) => ({ score: Math.floor(next() * 3), name: `item ${Math.floor(next() * n)} #${i}` }));
      const sorted = [...values].sort(byScoreThenName);
      for (const k of [0, 1, 3, 10, 500, n, n + 5]) {
        assert.deepEqual(smallest(values, k, byScoreThenName), sorted.slice(0, Math.max(0, k)), `n ${n}, k ${k}`);
      }
    }
  });

  test('reads an iterable once (a generator of hits)', () => {
    function* numbers() {
      for (const v of [5, 3, 9, 1, 7, 1]) yield v;
    }
    assert.deepEqual(
      smallest(numbers(), 3, (a, b) => a - b),
      [1, 1, 3],
    );
    assert.deepEqual(
      smallest(numbers(), -1, (a, b) => a - b),
      [],
    );
  });
});
