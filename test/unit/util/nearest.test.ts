// "Did you mean": the nearest known rule code, for --rule and .imr.json.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_RULES } from '../../../server/src/rules/engine';
import { didYouMean, nearest } from '../../../server/src/util/nearest';

const codes = ALL_RULES.map((r) => r.code);

describe('nearest', () => {
  test('a misspelling, a swapped pair, a missing letter, another case', () => {
    assert.equal(nearest('missing-rationle', codes), 'missing-rationale');
    assert.equal(nearest('unknwon-decision', codes), 'unknown-decision');
    assert.equal(nearest('header-dates', codes), 'header-date');
    assert.equal(nearest('Duplicate-Item', codes), 'duplicate-item');
  });

  test('one word of a code, typed alone', () => {
    assert.equal(nearest('allowance', codes), 'request-exceeds-allowance');
  });

  test('always the nearest known one; nothing when nothing is known', () => {
    assert.ok(codes.includes(nearest('nosuch', codes)!));
    assert.equal(nearest('x', []), undefined);
    assert.equal(didYouMean('x', []), '');
    assert.equal(didYouMean('no-item', codes), " (did you mean 'no-items'?)");
  });
});
