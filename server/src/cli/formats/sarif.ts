// SARIF 2.1.0 for code-scanning views (GitHub, Azure DevOps, VS Code's SARIF viewer).
// Streamed like the JSON: the head holds the tool and its rules, each file adds its results.
// Columns count UTF-16 code units (`columnKind`), as our positions do; regions are 1-based
// with an exclusive end column, as SARIF defines them.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULES } from '../../rules/engine';
import type { Rule, Severity } from '../../rules/rule';
import { packageInfo, ruleHelp } from '../packageInfo';
import type { FileReport, JsonRange } from '../report';
import type { Formatter, RunSummary } from './format';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A relative path stays relative (code scanning resolves it against the checkout); an absolute one becomes a file: URI. */
export function artifactUri(p: string): string {
  if (path.isAbsolute(p)) return pathToFileURL(p).href;
  return p.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** Markdown as plain text: headings, emphasis and code marks dropped, the words kept. */
function plainText(markdown: string): string {
  return markdown
    .replace(/^```\w*$/gm, '')
    .replace(/^#+\s*/gm, '')
    .replace(/\*\*|`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The rule's help, in the log itself: a viewer in CI has no access to the tool's install folder. */
function help(r: Rule): { text: string; markdown: string } {
  const page = ruleHelp(r.code);
  return page ? { text: plainText(page), markdown: page } : { text: r.description, markdown: r.description };
}

function driver() {
  const { version, homepage } = packageInfo();
  // Web links only when the package names a web home: a file: URI of the install folder means nothing elsewhere.
  const web = homepage?.replace(/\/?$/, '/');
  return {
    name: 'imr-check',
    version,
    ...(web ? { informationUri: `${web}docs/cli.md` } : {}),
    rules: ALL_RULES.map((r) => ({
      id: r.code,
      shortDescription: { text: r.description },
      help: help(r),
      ...(web ? { helpUri: `${web}docs/rules/${r.code}.md` } : {}),
      defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
    })),
  };
}

/** A SARIF region: 1-based lines and columns, end column exclusive. */
const region = (range: JsonRange) => ({
  startLine: range.start.line + 1,
  startColumn: range.start.character + 1,
  endLine: range.end.line + 1,
  endColumn: range.end.character + 1,
});

/** The run's invocation: files that could not be read (or were not letters) as notifications, so code scanning shows them. */
export function sarifInvocation(summary: RunSummary): unknown {
  return {
    executionSuccessful: true,
    toolExecutionNotifications: summary.inputProblems.map((p) => ({
      level: 'error',
      message: { text: p.message },
      ...(p.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(p.file) } } }] } : {}),
    })),
  };
}

export function sarifResults(r: FileReport): unknown[] {
  const uri = artifactUri(r.path);
  return r.diagnostics.map((d) => ({
    ruleId: d.code,
    level: SARIF_LEVEL[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation: { uri }, region: region(d.range) } }],
    ...(d.related
      ? {
          relatedLocations: d.related.map((x, id) => ({
            id,
            message: { text: x.message },
            physicalLocation: { artifactLocation: { uri }, region: region(x.range) },
          })),
        }
      : {}),
  }));
}

export const sarifFormat: Formatter = {
  head: () => {
    const log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{ tool: { driver: driver() }, columnKind: 'utf16CodeUnits', results: ['@'] }],
    };
    // Everything before the results array's first element; the tail closes it.
    const text = JSON.stringify(log);
    return text.slice(0, text.indexOf('"@"'));
  },
  file: (r) =>
    sarifResults(r)
      .map((x) => JSON.stringify(x))
      .join(',\n'),
  separator: ',',
  tail: (summary) => `],"invocations":[${JSON.stringify(sarifInvocation(summary))}]}]}`,
};
