// Bundle sizes, as built (`npm run build`) and minified (`node scripts/build.mjs --production`,
// which writes the same paths). The normal build is always restored afterwards.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT } from './corpus';

/** The bundles (the server is a loader and its bundle), and the MTUS data the server and CLI read from beside them on first use. */
export const BUNDLES = ['extension.js', 'server.js', 'server-main.js', 'cli.js', 'mtus-kb.json'] as const;
export type Bundle = (typeof BUNDLES)[number];

export interface BundleSize {
  bytes: number;
  gzip: number;
}

export function bundleSizes(): Record<Bundle, BundleSize> {
  const out = {} as Record<Bundle, BundleSize>;
  for (const b of BUNDLES) {
    const p = path.join(REPO_ROOT, 'dist', b);
    out[b] = { bytes: statSync(p).size, gzip: gzipSync(readFileSync(p), { level: 9 }).length };
  }
  return out;
}

export function build(production: boolean): void {
  execFileSync(process.execPath, [path.join('scripts', 'build.mjs'), ...(production ? ['--production'] : [])], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** Builds minified, runs `whileMinified` on that build, and restores the normal build whatever happens. */
export async function withProductionBuild<T>(
  whileMinified: (sizes: Record<Bundle, BundleSize>) => Promise<T>,
): Promise<{ sizes: Record<Bundle, BundleSize>; result: T }> {
  try {
    build(true);
    const sizes = bundleSizes();
    const result = await whileMinified(sizes);
    return { sizes, result };
  } finally {
    build(false);
  }
}
