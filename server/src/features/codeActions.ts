// Quick fixes for diagnostics, "turn off this rule", and source.fixAll (every safe fix at once).
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { Determination } from '../model/types';
import { defaultKnowledgeBase } from '../mtus/load';
import { checkText } from '../pipeline/checkText';
import type { Finding } from '../rules/engine';
import type { Fix } from '../rules/rule';
import { COMMANDS } from '../protocol';
import { firstAbove } from '../util/search';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** The model and findings of a text, as the server would compute them (for checking fixes). */
export type Reanalyse = (text: string) => { model: Determination; findings: Finding[] };

/** Without a server's settings (tests): the bundled knowledge base and default levels, through the one pipeline. */
export const defaultReanalyse: Reanalyse = (text) => {
  const checked = checkText(text, { levels: {}, knowledgeBaseFile: '', kb: defaultKnowledgeBase(), ignored: false });
  return { model: checked.model, findings: checked.findings() };
};

/** Fixes are checked by re-reading the result only where that is cheap. */
const VERIFY_MAX_CHARS = 1_000_000;
const VERIFY_MAX_DIAGNOSTICS = 25;
const FIX_ALL_MAX_ATTEMPTS = 60;

function toEdits(model: Determination, fix: Fix): TextEdit[] {
  return fix.edits.map((e) => ({ range: model.lines.range(e.span), newText: e.newText }));
}

export function getCodeActions(
  model: Determination,
  uri: string,
  findings: Finding[],
  diagnostics: Diagnostic[],
  only: string[] | undefined,
  reanalyse: Reanalyse = defaultReanalyse,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const verify = model.text.length <= VERIFY_MAX_CHARS && diagnostics.length <= VERIFY_MAX_DIAGNOSTICS;
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
      // A fix is offered only if, applied, it removes its problem and adds none.
      const working = verify
        ? finding.fixes.filter((fix) => fixWorks(model, findings, finding, applyEdits(model.text, fix.edits.map(toOffsetEdit)), reanalyse))
        : finding.fixes;
      working.forEach((fix, i) => {
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
        command: { title: `Turn off rule '${finding.code}'`, command: COMMANDS.disableRule, arguments: [finding.code] },
      });
    }
  }
  if (wants(CodeActionKind.SourceFixAll)) {
    const edits = fixAllEdits(model, findings, reanalyse);
    if (edits.length > 0) {
      actions.push({ title: 'Fix all IMR problems that have a safe fix', kind: CodeActionKind.SourceFixAll, edit: { changes: { [uri]: edits } } });
    }
  }
  return actions;
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

const toOffsetEdit = (e: { span: { start: number; end: number }; newText: string }): OffsetEdit => ({
  start: e.span.start,
  end: e.span.end,
  newText: e.newText,
});

/** Applies non-overlapping edits; inserts at one point keep their order. */
export function applyEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = Math.max(at, e.end);
  }
  return out + text.slice(at);
}

/** Problems compared across an edit: line numbers in messages move, so digits are ignored. */
const problemKey = (f: Finding) => `${f.code}|${f.message.replace(/\d+/g, '#')}`;
const isSerious = (f: Finding) => f.severity === 'error' || f.severity === 'warning';

function countBy(findings: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(problemKey(f), (m.get(problemKey(f)) ?? 0) + 1);
  return m;
}

/** Applying the fixes for `targets` to the text gave `result`: are those problems gone, with nothing new and no item lost? */
function fixesWork(model: Determination, before: Finding[], targets: Finding[], result: { model: Determination; findings: Finding[] }): boolean {
  if (result.model.items.length < model.items.length) return false;
  const was = countBy(before);
  const now = countBy(result.findings);
  const fixed = countBy(targets);
  for (const [k, n] of fixed) if ((now.get(k) ?? 0) > (was.get(k) ?? 0) - n) return false;
  for (const f of result.findings) {
    if (!isSerious(f)) continue;
    const k = problemKey(f);
    if ((now.get(k) ?? 0) > (was.get(k) ?? 0) - (fixed.get(k) ?? 0)) return false;
  }
  return true;
}

function fixWorks(model: Determination, before: Finding[], target: Finding, text: string, reanalyse: Reanalyse): boolean {
  return fixesWork(model, before, [target], reanalyse(text));
}

/**
 * Fix-all, checked: all safe fixes at once when the result is clean of them; otherwise the
 * largest run of them, in order, that still works together (each edit still a fix's own).
 */
export function fixAllEdits(model: Determination, findings: Finding[], reanalyse: Reanalyse = defaultReanalyse): TextEdit[] {
  const plan = planFixAll(findings);
  if (plan.edits.length === 0) return [];
  if (model.text.length > VERIFY_MAX_CHARS) return toTextEdits(model, plan.edits);
  const all = applyEdits(model.text, plan.edits);
  if (fixesWork(model, findings, plan.fixed, reanalyse(all))) return toTextEdits(model, plan.edits);
  // Some fixes get in each other's way: keep, in order, each fix that still works with those kept.
  let kept: Finding[] = [];
  for (const f of plan.fixed.slice(0, FIX_ALL_MAX_ATTEMPTS)) {
    const trial = planFixAll([...kept, f]);
    if (fixesWork(model, findings, trial.fixed, reanalyse(applyEdits(model.text, trial.edits)))) kept = trial.fixed;
  }
  return toTextEdits(model, planFixAll(kept).edits);
}

function toTextEdits(model: Determination, edits: OffsetEdit[]): TextEdit[] {
  return edits.map((t) => ({ range: model.lines.range({ start: t.start, end: t.end }), newText: t.newText }));
}

/** The first safe fix of every finding, skipping any that would overlap one already taken. */
function planFixAll(findings: Finding[]): { edits: OffsetEdit[]; fixed: Finding[] } {
  // Kept sorted by start (inserts at one point in the order taken); taken edits never overlap,
  // so a new edit need only be compared with its neighbours: O(n log n) for huge files.
  const taken: OffsetEdit[] = [];
  const upperBound = (offset: number) => firstAbove(taken.length, (i) => taken[i].start, offset);
  const conflicts = (e: OffsetEdit) => {
    const i = upperBound(e.start);
    for (let k = Math.max(0, i - 2); k < Math.min(taken.length, i + 1); k++) {
      const t = taken[k];
      if (e.start < t.end && t.start < e.end) return 'overlap';
      if (t.start === e.start && t.end === e.end && t.newText === e.newText) return 'duplicate';
    }
    return null;
  };
  const fixed: Finding[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe);
    if (!fix) continue;
    const edits = fix.edits.map(toOffsetEdit);
    // The same fix twice (two findings, one cause) is applied once; an overlapping one not at all.
    if (edits.some((e) => conflicts(e) !== null)) continue;
    for (const e of edits) {
      // At one point, text that continues the line (a placeholder after a label) goes before
      // text that starts a new line (a whole inserted field).
      let at = upperBound(e.start);
      if (!/^[\r\n]/.test(e.newText))
        while (at > 0 && taken[at - 1].start === e.start && taken[at - 1].end === e.start && /^[\r\n]/.test(taken[at - 1].newText)) at--;
      taken.splice(at, 0, e);
    }
    fixed.push(f);
  }
  return { edits: taken, fixed };
}
