// --shard <i>/<n>: the i-th of n disjoint shares of the input files, for runs split across
// machines (GNU parallel, Dask, a Kubernetes Indexed Job). A file's share is chosen by a hash
// of its library key (its path relative to the folder argument it was found under; a file
// named directly: its path as given), so every machine computes the same split whatever the
// order of the inputs, the machine, or where the archive is mounted.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1 to count. */
  index: number;
  count: number;
}

/** The most shares a run can be split into. */
export const MAX_SHARDS = 1_000_000;

/** The share (1 to `count`) a library key belongs to. */
export function shardOf(key: string, count: number): number {
  // SHA-256 rather than a hand-rolled hash: the same on every machine and version of Node, and
  // spread evenly over any count. Keys are compared as Unicode text (NFC), as a Mac writes NFD.
  const digest = createHash('sha256').update(key.normalize('NFC')).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** Reads `<i>/<n>`; a message saying what is wanted when it is not one. */
export function parseShard(value: string): Shard | string {
  const m = /^(\d{1,7})\/(\d{1,7})$/.exec(value);
  const index = m ? Number(m[1]) : 0;
  const count = m ? Number(m[2]) : 0;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count)
    return `--shard needs <i>/<n>, 1 <= i <= n <= ${MAX_SHARDS.toLocaleString('en-US')} (e.g. 2/4; a Kubernetes JOB_COMPLETION_INDEX k, which counts from 0, is shard k+1), not '${value}'`;
  return { index, count };
}
