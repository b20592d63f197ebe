// What imr-check says about itself: its version (`--version`, SARIF's driver; the language
// server's serverInfo and library cache key too) and each rule's
// help page (SARIF's `help`). The bundle (dist/cli-main.js, which dist/cli.js loads) carries both, written into it at build
// time from package.json and docs/rules/<code>.md (scripts/build.mjs), so an installed copy
// needs no file beside it; run from the sources (tests under tsx), they are read from the repository.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

declare const __IMR_PACKAGE__: PackageInfo | undefined;
declare const __IMR_RULE_HELP__: Record<string, string> | undefined;

export interface PackageInfo {
  version: string;
  /** The package's web home, when package.json names one: the base of web links to docs/. */
  homepage?: string;
}

/** The repository, from server/src/cli/ (only when run from the sources). */
const SOURCE_ROOT = path.join(__dirname, '..', '..', '..');

let pkg: PackageInfo | undefined;
export function packageInfo(): PackageInfo {
  if (pkg) return pkg;
  if (typeof __IMR_PACKAGE__ !== 'undefined') return (pkg = __IMR_PACKAGE__);
  const json = JSON.parse(readFileSync(path.join(SOURCE_ROOT, 'package.json'), 'utf8')) as { version: string; homepage?: string };
  return (pkg = { version: json.version, ...(json.homepage ? { homepage: json.homepage } : {}) });
}

/** The Markdown of docs/rules/<code>.md, or undefined when the rule has no page. */
export function ruleHelp(code: string): string | undefined {
  if (typeof __IMR_RULE_HELP__ !== 'undefined') return __IMR_RULE_HELP__[code];
  try {
    return readFileSync(path.join(SOURCE_ROOT, 'docs', 'rules', `${code}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
