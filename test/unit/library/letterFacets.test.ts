import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { monthOf } from '../../../server/src/library/letterFacets';

// The library's decision month is read by util/usDate.ts, the one date reader: the same forms, the same strictness.
describe('monthOf', () => {
  test('numeric, written and ISO dates give their month', () => {
    assert.equal(monthOf('04/03/2015'), '2015-04');
    assert.equal(monthOf('4-3-15'), '2015-04');
    assert.equal(monthOf('December 21, 2016'), '2016-12');
    assert.equal(monthOf('Sept. 3, 2016'), '2016-09');
    assert.equal(monthOf(' 2016-12-21 '), '2016-12');
  });

  test('what is not a calendar date has no month', () => {
    for (const d of [undefined, '', 'pending', '13/01/2016', '02/30/2016', 'Smarch 3, 2016', '2016-13-01']) assert.equal(monthOf(d), undefined, String(d));
  });
});
