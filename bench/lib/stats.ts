// Summaries of repeated timings, and a runner that takes them with a forced young-generation
// GC between runs so one run's garbage is not charged to the next. Not a full GC: that also
// shrinks V8's young generation, so every run then began by growing it again through extra
// scavenges; every task ran about 2x slower than in steady use, and the ones that allocate
// more paid more.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gcFn = runInNewContext('gc') as ((options?: { type: 'minor' | 'major' }) => void) | undefined;

export function gc(): void {
  gcFn?.({ type: 'minor' });
}

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  p25: number;
  p75: number;
  p95: number;
}

/** Linear interpolation between closest ranks (the usual "type 7" quantile). */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarize(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
    p25: quantile(s, 0.25),
    p75: quantile(s, 0.75),
    p95: quantile(s, 0.95),
  };
}

export function mapSummary(s: Summary, f: (x: number) => number): Summary {
  // f may be decreasing (time -> throughput): min and max swap, and so do the quartiles.
  const a = f(s.min);
  const b = f(s.max);
  const c = f(s.p25);
  const d = f(s.p75);
  return { n: s.n, median: f(s.median), min: Math.min(a, b), max: Math.max(a, b), p25: Math.min(c, d), p75: Math.max(c, d), p95: f(s.p95) };
}

export interface Timed {
  name: string;
  fn: () => unknown;
}

/**
 * Runs each task `warmup` times, then `runs` times round-robin (task A, B, C, A, B, C, ...) so
 * drift in the machine's state affects all of them alike. Returns milliseconds per run.
 */
export async function roundRobin(tasks: Timed[], warmup: number, runs: number): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
  for (let r = 0; r < warmup + runs; r++) {
    for (const t of tasks) {
      gc();
      const t0 = performance.now();
      await t.fn();
      const dt = performance.now() - t0;
      if (r >= warmup) out.get(t.name)!.push(dt);
    }
  }
  return out;
}
