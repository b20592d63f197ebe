// imr-check: the command-line twin of the language server. Same parser, same rules, same
// knowledge base, so a folder of letters can be checked in CI exactly as the editor would.
//   imr-check [--json] [--rule code=level]... <file|folder>...
// Exit: 0 no error-severity problem, 1 errors found, 2 bad usage or unreadable input.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { looksBinary } from '../analysis';
import { parseDetermination } from '../model/parser';
import type { Determination, DisputedItem, Field, Span } from '../model/types';
import { defaultKnowledgeBase } from '../mtus/knowledgeBase';
import { type Finding, runRules } from '../rules/engine';
import type { Level } from '../rules/rule';

const USAGE = `usage: imr-check [--json] [--rule <code>=<off|hint|information|warning|error>]... <file|folder>...
Checks IMR determination letters (.txt and .imr; folders are searched recursively).`;

interface JsonRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

interface FileReport {
  path: string;
  items: {
    name: string;
    decision: string;
    range: JsonRange;
    fields: Record<string, { range: JsonRange; text: string } | null>;
    /** Issue 16: the therapy quantity the name asks for; a key left out when not stated. */
    request: { visits?: number; perWeek?: number; weeks?: number; kind?: string; text: string } | null;
  }[];
  diagnostics: { code: string; severity: string; message: string; range: JsonRange }[];
}

function collect(target: string, out: string[], errors: string[]): void {
  let st;
  try {
    st = statSync(target);
  } catch {
    errors.push(`imr-check: cannot read '${target}': no such file or folder`);
    return;
  }
  if (st.isDirectory()) {
    let names: string[];
    try {
      names = readdirSync(target).sort();
    } catch (e) {
      errors.push(`imr-check: cannot read folder '${target}': ${(e as Error).message}`);
      return;
    }
    for (const name of names) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = path.join(target, name);
      let s;
      try {
        s = statSync(p);
      } catch {
        continue;
      }
      if (s.isDirectory()) collect(p, out, errors);
      else if (/\.(txt|imr)$/i.test(name)) out.push(p);
    }
  } else {
    out.push(target);
  }
}

export function reportFor(filePath: string, model: Determination, findings: Finding[]): FileReport {
  const range = (s: Span): JsonRange => model.lines.range(s);
  const field = (f: Field | null) => (f ? { range: range({ start: f.label.span.start, end: Math.max(f.label.span.end, f.value.span.end) }), text: f.value.text } : null);
  return {
    path: filePath,
    items: model.items.map((i: DisputedItem) => ({
      name: i.name.text,
      decision: i.decision.kind === 'unknown' ? i.decision.text : i.decision.kind,
      range: range(i.span),
      fields: {
        claimsAdministratorGuideline: field(i.fields.claimsAdministratorGuideline),
        maximusGuideline: field(i.fields.maximusGuideline),
        decisionRationale: field(i.fields.decisionRationale),
      },
      request: i.request ? { visits: i.request.visits, perWeek: i.request.perWeek, weeks: i.request.weeks, kind: i.request.kind, text: i.request.text } : null,
    })),
    diagnostics: findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, range: range(f.span) })),
  };
}

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let json = false;
  const targets: string[] = [];
  const levels: Record<string, Level> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') {
      out(USAGE);
      return 0;
    } else if (a === '--rule') {
      const m = /^([a-z-]+)=(off|hint|information|warning|error)$/.exec(argv[++i] ?? '');
      if (!m) {
        err(`imr-check: --rule needs <code>=<level>\n${USAGE}`);
        return 2;
      }
      levels[m[1]] = m[2] as Level;
    } else if (a.startsWith('-')) {
      err(`imr-check: unknown option '${a}'\n${USAGE}`);
      return 2;
    } else targets.push(a);
  }
  if (targets.length === 0) {
    err(USAGE);
    return 2;
  }
  const files: string[] = [];
  const errors: string[] = [];
  for (const t of targets) collect(t, files, errors);
  const kb = defaultKnowledgeBase();
  const reports: FileReport[] = [];
  let errorCount = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      errors.push(`imr-check: cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    if (looksBinary(text)) {
      errors.push(`imr-check: skipped '${file}': binary content`);
      continue;
    }
    const model = parseDetermination(text, kb);
    const findings = runRules(model, kb, levels);
    errorCount += findings.filter((f) => f.severity === 'error').length;
    const report = reportFor(file, model, findings);
    reports.push(report);
    if (!json) out(formatText(report));
  }
  for (const e of errors) err(e);
  if (json) out(JSON.stringify({ files: reports }, null, 2));
  else out(`${reports.length} file(s) checked, ${reports.reduce((n, r) => n + r.items.length, 0)} item(s), ${errorCount} error(s)`);
  if (errors.length > 0) return 2;
  return errorCount > 0 ? 1 : 0;
}

function formatText(r: FileReport): string {
  const lines = [r.path];
  if (r.items.length === 0) lines.push('  (no disputed items)');
  for (const i of r.items) lines.push(`  ${i.decision.padEnd(10)} ${i.name || '(unnamed item)'}`);
  if (r.diagnostics.length === 0) lines.push('  no problems');
  for (const d of r.diagnostics) lines.push(`  ${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.message} [${d.code}]`);
  return lines.join('\n');
}

if (require.main === module) {
  // `imr-check folder | head`: the reader has gone; stop quietly instead of an EPIPE stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = main(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`));
}
