// Quick fixes for diagnostics, "turn off this rule", and source.fixAll (every safe fix at once).
import { type CodeAction, CodeActionKind, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { Determination } from '../model/types';
import type { Finding } from '../rules/engine';
import type { Fix } from '../rules/rule';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Client command that writes `imr.rules.<code> = "off"` to the user's settings. */
export const DISABLE_RULE_COMMAND = 'imr.disableRule';

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function toEdits(model: Determination, fix: Fix): TextEdit[] {
  return fix.edits.map((e) => ({ range: model.lines.range(e.span), newText: e.newText }));
}

export function getCodeActions(
  model: Determination,
  uri: string,
  findings: Finding[],
  diagnostics: Diagnostic[],
  only: string[] | undefined,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findings.find((f) => f.code === d.code && f.message === d.message && sameRange(model.lines.range(f.span), d.range));
      if (!finding) continue;
      finding.fixes.forEach((fix, i) => {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: i === 0 && fix.safe,
          edit: { changes: { [uri]: toEdits(model, fix) } },
        });
      });
      actions.push({
        title: `Turn off rule '${finding.code}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: `Turn off rule '${finding.code}'`, command: DISABLE_RULE_COMMAND, arguments: [finding.code] },
      });
    }
  }
  if (wants(CodeActionKind.SourceFixAll)) {
    const edits = fixAllEdits(model, findings);
    if (edits.length > 0) {
      actions.push({ title: 'Fix all IMR problems that have a safe fix', kind: CodeActionKind.SourceFixAll, edit: { changes: { [uri]: edits } } });
    }
  }
  return actions;
}

/** The first safe fix of every finding, skipping any that would overlap one already taken. */
export function fixAllEdits(model: Determination, findings: Finding[]): TextEdit[] {
  const taken: { start: number; end: number; newText: string; order: number }[] = [];
  let order = 0;
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe);
    if (!fix) continue;
    const overlaps = fix.edits.some((e) => taken.some((t) => e.span.start < t.end && t.start < e.span.end));
    // The same fix twice (two findings, one cause) is applied once.
    const duplicate = fix.edits.every((e) => taken.some((t) => t.start === e.span.start && t.end === e.span.end && t.newText === e.newText));
    if (overlaps || duplicate) continue;
    for (const e of fix.edits) taken.push({ start: e.span.start, end: e.span.end, newText: e.newText, order: order++ });
  }
  taken.sort((a, b) => a.start - b.start || a.order - b.order);
  return taken.map((t) => ({ range: model.lines.range({ start: t.start, end: t.end }), newText: t.newText }));
}
