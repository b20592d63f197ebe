import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstAbove, firstAtOrAbove, lastAtOrBefore } from '../../../server/src/util/search';

// Each search against a linear scan, on sorted keys with repeats, at every point in and around them.
describe('util/search', () => {
  const keys = [0, 2, 2, 5, 9, 9, 9, 14];
  const at = (i: number) => keys[i];
  const linearFirst = (holds: (k: number) => boolean) => {
    const i = keys.findIndex(holds);
    return i < 0 ? keys.length : i;
  };

  test('firstAbove is the upper bound, firstAtOrAbove the lower bound, lastAtOrBefore the start at or before', () => {
    for (let x = -2; x <= 16; x++) {
      assert.equal(
        firstAbove(keys.length, at, x),
        linearFirst((k) => k > x),
        `firstAbove ${x}`,
      );
      assert.equal(
        firstAtOrAbove(keys.length, at, x),
        linearFirst((k) => k >= x),
        `firstAtOrAbove ${x}`,
      );
      assert.equal(lastAtOrBefore(keys.length, at, x), Math.max(0, linearFirst((k) => k > x) - 1), `lastAtOrBefore ${x}`);
    }
  });

  test('no keys: both bounds are 0, and so is the start at or before', () => {
    assert.equal(firstAbove(0, at, 3), 0);
    assert.equal(firstAtOrAbove(0, at, 3), 0);
    assert.equal(lastAtOrBefore(0, at, 3), 0);
  });
});
