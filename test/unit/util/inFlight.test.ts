// InFlight (util/inFlight.ts): the workspace index's files in flight. Never more than the limit at
// once, the next started as soon as one ends, a failed task counted as ended, and `drained` only
// once the last has ended.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InFlight } from '../../../server/src/util/inFlight';

test('at most the limit at once; each end lets the next start; a failure ends its task; drained waits for the last', async () => {
  const limit = 3;
  const pool = new InFlight(limit);
  let running = 0;
  let most = 0;
  const ended: number[] = [];
  const release: (() => void)[] = [];
  const task = (k: number) => () =>
    new Promise<void>((resolve, reject) => {
      running++;
      most = Math.max(most, running);
      release[k] = () => {
        running--;
        ended.push(k);
        if (k % 4 === 1) reject(new Error('a task that fails'));
        else resolve();
      };
    });
  // The loop that starts the tasks, as the index's: it waits at `start` while the limit is reached.
  const started: number[] = [];
  const loop = (async () => {
    for (let k = 0; k < 10; k++) {
      await pool.start(task(k));
      started.push(k);
    }
    await pool.drained();
  })();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, [0, 1], 'the third start waits: three are running');
  for (let k = 0; k < 10; k++) {
    release[k]();
    await new Promise((r) => setImmediate(r));
    assert.ok(running <= limit);
  }
  await loop;
  assert.equal(most, limit);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(ended.length, 10, 'drained once every task ended, failed ones too');
});
