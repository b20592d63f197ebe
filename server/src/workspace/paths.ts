// Files of the workspace index by path: one key per file whatever the spelling of its URI.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSkippedFolder } from './folderWalk';

function isUri(s: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(s) && !/^[a-zA-Z]:[\\/]/.test(s);
}

export function normalizePath(p: string): string {
  let r = path.resolve(p);
  if (process.platform === 'win32' && /^[A-Z]:/.test(r)) r = r[0].toLowerCase() + r.slice(1);
  return r;
}

/** The file path of a `file:` URI or a path; null for other schemes (`untitled:`). */
export function toPath(uriOrPath: string): string | null {
  if (!isUri(uriOrPath)) return normalizePath(uriOrPath);
  if (!uriOrPath.toLowerCase().startsWith('file:')) return null;
  try {
    return normalizePath(fileURLToPath(uriOrPath));
  } catch {
    return null;
  }
}

/** One key per file whatever the spelling of its URI (`file:///c%3A/x` and `file:///C:/x`). */
export function keyOf(uriOrPath: string): string {
  return toPath(uriOrPath) ?? uriOrPath;
}

export function isInside(p: string, root: string): boolean {
  if (p === root) return true;
  // The common case without path.relative (the index asks for every file, several times).
  if (p.startsWith(root) && (p[root.length] === path.sep || root.endsWith(path.sep))) return true;
  const rel = path.relative(root, p);
  return rel.length > 0 && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function fileNameOf(uri: string): string {
  const p = toPath(uri);
  if (p) return path.basename(p);
  const last =
    uri
      .replace(/[?#].*$/, '')
      .split(/[/\\:]/)
      .pop() ?? uri;
  try {
    return decodeURIComponent(last) || uri;
  } catch {
    return last || uri;
  }
}

/** Whether `p` is inside one of `roots`. */
export function insideAny(roots: Iterable<string>, p: string): boolean {
  for (const r of roots) if (isInside(p, r)) return true;
  return false;
}

/** Whether `p` is inside one of `roots` and, there, under no folder the walk skips (node_modules, dot-folders). */
export function inWalkedFolder(p: string, roots: Iterable<string>): boolean {
  for (const r of roots) {
    if (!isInside(p, r)) continue;
    const parts = path.relative(r, p).split(/[\\/]/);
    parts.pop();
    if (!parts.some(isSkippedFolder)) return true;
  }
  return false;
}
