// Fifo (util/fifo.ts): the workspace index's queue of files, first in first out, across the
// points where it drops the items already taken, and empty again after clear().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fifo } from '../../../server/src/util/fifo';

test('items come out in the order they went in, through pushes between takes and past each compaction', () => {
  const q = new Fifo<number>();
  const out: number[] = [];
  let next = 0;
  // Push 3, take 2, over and over: the queue keeps growing while its head moves past 1,024 many times.
  for (let round = 0; round < 5000; round++) {
    for (let k = 0; k < 3; k++) q.push(next++);
    for (let k = 0; k < 2; k++) out.push(q.shift()!);
    assert.equal(q.length, next - out.length);
  }
  while (q.length > 0) out.push(q.shift()!);
  assert.deepEqual(
    out,
    Array.from({ length: next }, (_, k) => k),
  );
  assert.equal(q.shift(), undefined);
  q.push(7);
  q.clear();
  assert.equal(q.length, 0);
  assert.equal(q.shift(), undefined);
});
