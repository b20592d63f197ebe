// SARIF 2.1.0 for code-scanning views (GitHub, Azure DevOps, VS Code's SARIF viewer).
// Streamed like the JSON: the head holds the tool and its rules, each file adds its results.
// Columns count UTF-16 code units (`columnKind`), as our positions do; regions are 1-based
// with an exclusive end column, as SARIF defines them.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULES } from '../../rules/engine';
import type { Severity } from '../../rules/rule';
import type { FileReport, JsonRange } from '../report';
import type { Formatter } from './format';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

interface PackageInfo {
  version: string;
  /** Where docs/ is: the package.json `homepage` when set (web links), else the installed copy. */
  docsBase: string;
}

let info: PackageInfo | undefined;
function packageInfo(): PackageInfo {
  if (info) return info;
  // dist/cli.js and dist/cli-worker.js sit one folder below package.json; the sources three.
  for (const root of [path.join(__dirname, '..'), path.join(__dirname, '..', '..', '..', '..'), path.join(__dirname, '..', '..', '..')]) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string; version?: string; homepage?: string };
      if (pkg.name !== 'imr-determinations') continue;
      const docsBase = pkg.homepage ? pkg.homepage.replace(/\/?$/, '/') : pathToFileURL(root + path.sep).href;
      return (info = { version: pkg.version ?? '0.0.0', docsBase });
    } catch {
      // not this folder
    }
  }
  return (info = { version: '0.0.0', docsBase: pathToFileURL(process.cwd() + path.sep).href });
}

/** A relative path stays relative (code scanning resolves it against the checkout); an absolute one becomes a file: URI. */
export function artifactUri(p: string): string {
  if (path.isAbsolute(p)) return pathToFileURL(p).href;
  return p.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function driver() {
  const { version, docsBase } = packageInfo();
  return {
    name: 'imr-check',
    version,
    informationUri: `${docsBase}docs/cli.md`,
    rules: ALL_RULES.map((r) => ({
      id: r.code,
      shortDescription: { text: r.description },
      helpUri: `${docsBase}docs/rules/${r.code}.md`,
      defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
    })),
  };
}

/** A SARIF region: 1-based lines and columns, end column exclusive. */
const region = (range: JsonRange) => ({ startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 });

export function sarifResults(r: FileReport): unknown[] {
  const uri = artifactUri(r.path);
  return r.diagnostics.map((d) => ({
    ruleId: d.code,
    level: SARIF_LEVEL[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: region(d.range) } }],
    ...(d.related
      ? { relatedLocations: d.related.map((x, id) => ({ id, message: { text: x.message }, physicalLocation: { artifactLocation: { uri }, region: region(x.range) } })) }
      : {}),
  }));
}

export const sarifFormat: Formatter = {
  head: () => {
    const log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [{ tool: { driver: driver() }, columnKind: 'utf16CodeUnits', results: ['@'] }] };
    // Everything before the results array's first element; the tail closes it.
    const text = JSON.stringify(log);
    return text.slice(0, text.indexOf('"@"'));
  },
  file: (r) => sarifResults(r).map((x) => JSON.stringify(x)).join(',\n'),
  separator: ',',
  tail: () => ']}]}',
};
