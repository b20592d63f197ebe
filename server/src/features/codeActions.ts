// Quick fixes for diagnostics, "turn off this rule", and source.fixAll (every safe fix at once).
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { Determination } from '../model/types';
import type { Finding } from '../rules/engine';
import type { Fix } from '../rules/rule';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Client command that writes `imr.rules.<code> = "off"` to the user's settings. */
export const DISABLE_RULE_COMMAND = 'imr.disableRule';

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
    // Diagnostics come back from the client: find their findings by code, place and message.
    const key = (code: unknown, start: number, end: number, message: unknown) => `${code}|${start}|${end}|${message}`;
    const byKey = new Map<string, Finding>();
    for (const f of findings) byKey.set(key(f.code, f.span.start, f.span.end, f.message), f);
    for (const d of diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = byKey.get(key(d.code, model.lines.offsetAt(d.range.start), model.lines.offsetAt(d.range.end), d.message));
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

interface TakenEdit {
  start: number;
  end: number;
  newText: string;
}

/** The first safe fix of every finding, skipping any that would overlap one already taken. */
export function fixAllEdits(model: Determination, findings: Finding[]): TextEdit[] {
  // Kept sorted by start (inserts at one point in the order taken); taken edits never overlap,
  // so a new edit need only be compared with its neighbours: O(n log n) for huge files.
  const taken: TakenEdit[] = [];
  const upperBound = (offset: number) => {
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid].start <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const conflicts = (e: TakenEdit) => {
    const i = upperBound(e.start);
    for (let k = Math.max(0, i - 2); k < Math.min(taken.length, i + 1); k++) {
      const t = taken[k];
      if (e.start < t.end && t.start < e.end) return 'overlap';
      if (t.start === e.start && t.end === e.end && t.newText === e.newText) return 'duplicate';
    }
    // An insert at the start of a replaced range would land inside it.
    return null;
  };
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe);
    if (!fix) continue;
    const edits = fix.edits.map((e) => ({ start: e.span.start, end: e.span.end, newText: e.newText }));
    // The same fix twice (two findings, one cause) is applied once; an overlapping one not at all.
    if (edits.some((e) => conflicts(e) !== null)) continue;
    for (const e of edits) {
      // At one point, text that continues the line (a placeholder after a label) goes before
      // text that starts a new line (a whole inserted field).
      let at = upperBound(e.start);
      if (!/^[\r\n]/.test(e.newText)) while (at > 0 && taken[at - 1].start === e.start && taken[at - 1].end === e.start && /^[\r\n]/.test(taken[at - 1].newText)) at--;
      taken.splice(at, 0, e);
    }
  }
  return taken.map((t) => ({ range: model.lines.range({ start: t.start, end: t.end }), newText: t.newText }));
}
