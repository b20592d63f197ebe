// Runs every feature of the engine on one text and checks the invariants of issue 8 §1:
// nothing throws, every range lies inside the document, every symbol's selectionRange lies
// inside its range, and (by running twice) the results are deterministic.
//
// Hover and completion are written by another engineer; they are loaded when their modules
// exist. `OPTIONAL_FEATURES` says which are present so the test files can report (and, under
// CI, fail) when they are not.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { getCodeActions, fixAllEdits } from '../../server/src/features/codeActions';
import { toDiagnostics } from '../../server/src/features/diagnostics';
import { getFoldingRanges } from '../../server/src/features/folding';
import { getDocumentSymbols } from '../../server/src/features/symbols';
import { parseDetermination } from '../../server/src/parse/parser';
import type { Determination } from '../../server/src/model/types';
import { defaultKnowledgeBase } from '../../server/src/mtus/load';
import type { KnowledgeBase } from '../../server/src/mtus/query';
import { type Finding, runRules } from '../../server/src/rules/engine';
import { REPO_ROOT } from '../helpers/corpus';

export const KB: KnowledgeBase = defaultKnowledgeBase();
export const URI = 'file:///virtual/letter.imr';
export const DOCS_BASE = 'file:///virtual/docs/rules';

// ---------------------------------------------------------------- optional features

type HoverFn = (model: Determination, offset: number, kb: KnowledgeBase) => unknown;
type CompletionFn = (model: Determination, offset: number, kb: KnowledgeBase) => unknown;

function optional<T>(rel: string, exportName: string): { fn: T | null; path: string; problem: string | null } {
  const file = path.join(REPO_ROOT, rel);
  if (!existsSync(file)) return { fn: null, path: rel, problem: `${rel} does not exist yet` };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as Record<string, unknown>;
  if (typeof mod[exportName] !== 'function') return { fn: null, path: rel, problem: `${rel} exists but exports no function '${exportName}'` };
  return { fn: mod[exportName] as T, path: rel, problem: null };
}

export const OPTIONAL_FEATURES = {
  hover: optional<HoverFn>('server/src/features/hover.ts', 'getHover'),
  completion: optional<CompletionFn>('server/src/features/completion.ts', 'getCompletions'),
};

// ---------------------------------------------------------------- the document, independently

/** The document as LSP sees it: line starts and content lengths (\r\n, \n and lone \r end a line). */
export class Lines {
  readonly starts: number[] = [0];
  readonly lengths: number[] = [];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 || c === 10) {
        this.lengths.push(i - this.starts[this.starts.length - 1]);
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
    this.lengths.push(text.length - this.starts[this.starts.length - 1]);
  }
  get count(): number {
    return this.starts.length;
  }
  /** Offset of a position that is inside the document (checked by `position`). */
  offset(p: Position): number {
    return this.starts[p.line] + p.character;
  }
  /** Position of an offset, for building requests (never between \r and \n). */
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(offset - this.starts[lo], this.lengths[lo]) };
  }
}

export function checkPosition(p: Position, lines: Lines, what: string): void {
  assert.ok(p && Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: not a position: ${JSON.stringify(p)}`);
  assert.ok(p.line >= 0 && p.line < lines.count, `${what}: line ${p.line} outside the document (${lines.count} lines)`);
  assert.ok(
    p.character >= 0 && p.character <= lines.lengths[p.line],
    `${what}: character ${p.character} outside line ${p.line} (length ${lines.lengths[p.line]})`,
  );
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

export function checkRange(r: Range, lines: Lines, what: string): void {
  assert.ok(r && r.start && r.end, `${what}: not a range: ${JSON.stringify(r)}`);
  checkPosition(r.start, lines, `${what} start`);
  checkPosition(r.end, lines, `${what} end`);
  assert.ok(before(r.start, r.end), `${what}: range ends before it starts: ${JSON.stringify(r)}`);
}

export function rangeInside(inner: Range, outer: Range): boolean {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

// ---------------------------------------------------------------- every feature

export interface Outputs {
  findings: Finding[];
  diagnostics: Diagnostic[];
  symbols: DocumentSymbol[];
  folding: FoldingRange[];
  actions: CodeAction[];
  fixAll: TextEdit[];
  /** Hover and completion at each probed offset. */
  hovers: { offset: number; result: unknown }[];
  completions: { offset: number; result: unknown }[];
}

/** Offsets where hover and completion are asked: ends, a few fixed fractions, each item's pieces. */
export function probeOffsets(model: Determination, extra: number[] = []): number[] {
  const n = model.length;
  const out = new Set<number>([0, n, n >> 1, Math.floor(n / 3), Math.floor((2 * n) / 3), ...extra.map((e) => e % (n + 1))]);
  for (const item of model.items.slice(0, 4)) {
    out.add(item.decision.span.start);
    out.add(item.name.span.end);
    for (const f of item.allFields) {
      out.add(f.value.span.start);
      out.add(f.value.span.end);
      for (const c of f.citations.slice(0, 3)) {
        out.add(c.span.start + ((c.span.end - c.span.start) >> 1));
        out.add(c.span.end);
      }
    }
  }
  return [...out].filter((o) => o >= 0 && o <= n);
}

/** `probes: null` skips hover and completion (the fix-safety checks do not need them). */
export function analyse(text: string, options: { kb?: KnowledgeBase | null; probes?: number[] | null } = {}): { model: Determination; out: Outputs } {
  const kb = options.kb === null ? undefined : (options.kb ?? KB);
  const model = parseDetermination(text, kb);
  const findings = runRules(model, kb ?? KB, {});
  const diagnostics = toDiagnostics(model, findings, DOCS_BASE);
  const symbols = getDocumentSymbols(model);
  const folding = getFoldingRanges(model);
  const actions = getCodeActions(model, URI, findings, diagnostics, undefined);
  const fixAll = fixAllEdits(model, findings);
  const hovers: Outputs['hovers'] = [];
  const completions: Outputs['completions'] = [];
  const hover = OPTIONAL_FEATURES.hover.fn;
  const completion = OPTIONAL_FEATURES.completion.fn;
  if ((hover || completion) && options.probes !== null) {
    for (const offset of probeOffsets(model, options.probes ?? [])) {
      if (hover) hovers.push({ offset, result: hover(model, offset, kb ?? KB) ?? null });
      if (completion) completions.push({ offset, result: completion(model, offset, kb ?? KB) ?? null });
    }
  }
  return { model, out: { findings, diagnostics, symbols, folding, actions, fixAll, hovers, completions } };
}

/** Every {start, end} span anywhere in the model lies inside the text. */
export function checkModelSpans(model: Determination): void {
  const seen = new Set<object>();
  const walk = (v: unknown, where: string): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${where}[${i}]`));
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') {
      assert.ok(
        Number.isInteger(o.start) && Number.isInteger(o.end) && o.start >= 0 && o.start <= o.end && o.end <= model.length,
        `model span ${where} = [${o.start}, ${o.end}) is not inside the text (length ${model.length})`,
      );
    }
    for (const [k, x] of Object.entries(o)) if (k !== 'lines' && k !== 'text') walk(x, `${where}.${k}`);
  };
  walk(model, 'model');
}

function checkSymbols(symbols: DocumentSymbol[], lines: Lines, where: string): void {
  for (const [i, s] of symbols.entries()) {
    const what = `${where}[${i}] '${s.name}'`;
    assert.equal(typeof s.name, 'string', `${what}: name is not a string`);
    assert.ok(s.name.trim().length > 0, `${what}: empty symbol name (VS Code rejects the whole outline)`);
    checkRange(s.range, lines, `${what} range`);
    checkRange(s.selectionRange, lines, `${what} selectionRange`);
    assert.ok(
      rangeInside(s.selectionRange, s.range),
      `${what}: selectionRange ${JSON.stringify(s.selectionRange)} is not inside range ${JSON.stringify(s.range)}`,
    );
    if (s.children) checkSymbols(s.children, lines, `${what}.children`);
  }
}

function checkEdits(edits: TextEdit[], lines: Lines, what: string): void {
  for (const [i, e] of edits.entries()) {
    checkRange(e.range, lines, `${what} edit ${i}`);
    assert.equal(typeof e.newText, 'string', `${what} edit ${i}: newText`);
  }
}

/** LSP TextEdits of one WorkspaceEdit must not overlap (inserts at one point are allowed). */
export function checkNonOverlapping(edits: TextEdit[], lines: Lines, what: string): void {
  const spans = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end) })).sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    assert.ok(spans[i].start >= spans[i - 1].end, `${what}: edits overlap: ${JSON.stringify(spans[i - 1])} and ${JSON.stringify(spans[i])}`);
  }
}

/** Hover: an LSP Hover (range) or the engine's { contents, span }; either way around the offset. */
function checkHover(h: unknown, offset: number, lines: Lines, what: string): void {
  if (h === null || h === undefined) return;
  const hover = h as Hover & { span?: { start: number; end: number } };
  assert.ok(hover.contents !== undefined && hover.contents !== null, `${what}: a hover without contents`);
  if (typeof hover.contents === 'string') assert.ok(hover.contents.trim().length > 0, `${what}: empty hover contents`);
  if (hover.range) {
    checkRange(hover.range, lines, `${what} range`);
    const a = lines.offset(hover.range.start);
    const b = lines.offset(hover.range.end);
    assert.ok(a <= offset && offset <= b, `${what}: hover range [${a}, ${b}) does not contain the hovered offset ${offset}`);
  }
  if (hover.span) {
    const { start, end } = hover.span;
    assert.ok(start >= 0 && start <= end && end <= lines.text.length, `${what}: hover span [${start}, ${end}) outside the text`);
    assert.ok(start <= offset && offset <= end, `${what}: hover span [${start}, ${end}) does not contain the hovered offset ${offset}`);
  }
}

/** Completion items: ranges inside the document; a textEdit range is one line and contains the cursor (LSP rule). */
export function checkCompletion(c: unknown, offset: number, lines: Lines, what: string): void {
  if (c === null || c === undefined) return;
  const items = (Array.isArray(c) ? c : (c as { items: CompletionItem[] }).items) as CompletionItem[];
  assert.ok(Array.isArray(items), `${what}: neither a list nor a CompletionList`);
  const cursor = lines.position(offset);
  const editRange = (r: Range, name: string) => {
    checkRange(r, lines, name);
    assert.equal(r.start.line, r.end.line, `${name}: a completion edit must be a single-line range (LSP): ${JSON.stringify(r)}`);
    assert.ok(rangeInside({ start: cursor, end: cursor }, r), `${name}: range ${JSON.stringify(r)} does not contain the cursor ${JSON.stringify(cursor)}`);
  };
  for (const [i, item] of items.entries()) {
    assert.ok(typeof item.label === 'string' && item.label.trim().length > 0, `${what} item ${i}: empty label`);
    const te = item.textEdit as (TextEdit & { insert?: Range; replace?: Range }) | undefined;
    if (te) {
      assert.equal(typeof te.newText, 'string', `${what} item ${i}: textEdit.newText`);
      if (te.range) editRange(te.range, `${what} item ${i} '${item.label}' textEdit`);
      if (te.insert) editRange(te.insert, `${what} item ${i} '${item.label}' textEdit.insert`);
      if (te.replace) editRange(te.replace, `${what} item ${i} '${item.label}' textEdit.replace`);
    }
    if (item.additionalTextEdits) checkEdits(item.additionalTextEdits, lines, `${what} item ${i} additionalTextEdits`);
  }
}

/** The invariants of §1 for one analysis of `text`. */
export function checkOutputs(text: string, model: Determination, out: Outputs): void {
  const lines = new Lines(text);
  assert.equal(model.length, text.length, 'model.length is not the text length');
  checkModelSpans(model);
  for (const [i, f] of out.findings.entries()) {
    assert.ok(
      f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length,
      `finding ${i} (${f.code}) span [${f.span.start}, ${f.span.end}) outside the text`,
    );
    assert.ok(f.message.length > 0, `finding ${i} (${f.code}): empty message`);
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        assert.ok(
          e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= text.length,
          `finding ${i} (${f.code}) fix '${fix.title}' edit span [${e.span.start}, ${e.span.end}) outside the text`,
        );
      }
    }
  }
  for (const [i, d] of out.diagnostics.entries()) checkRange(d.range, lines, `diagnostic ${i} (${d.code})`);
  checkSymbols(out.symbols, lines, 'symbols');
  for (const [i, r] of out.folding.entries()) {
    assert.ok(
      r.startLine >= 0 && r.startLine < lines.count && r.endLine >= r.startLine && r.endLine < lines.count,
      `folding range ${i} ${JSON.stringify(r)} outside the document (${lines.count} lines)`,
    );
  }
  for (const [i, a] of out.actions.entries()) {
    assert.ok(a.title.length > 0, `code action ${i}: empty title`);
    const changes = a.edit?.changes ?? {};
    for (const [uri, edits] of Object.entries(changes)) {
      assert.equal(uri, URI, `code action '${a.title}' edits another document`);
      checkEdits(edits, lines, `code action '${a.title}'`);
      checkNonOverlapping(edits, lines, `code action '${a.title}'`);
    }
  }
  checkEdits(out.fixAll, lines, 'fix-all');
  checkNonOverlapping(out.fixAll, lines, 'fix-all');
  for (const h of out.hovers) checkHover(h.result, h.offset, lines, `hover at offset ${h.offset}`);
  for (const c of out.completions) checkCompletion(c.result, c.offset, lines, `completion at offset ${c.offset}`);
}

/** JSON form of the outputs (what goes over the wire), for the determinism check. */
export function wire(out: Outputs): string {
  return JSON.stringify(out);
}

/** Throws naming the first output that differs between two runs on the same text. */
export function assertSameOutputs(a: Outputs, b: Outputs, what = 'same text'): void {
  for (const key of Object.keys(a) as (keyof Outputs)[]) {
    const x = JSON.stringify(a[key]);
    const y = JSON.stringify(b[key]);
    if (x !== y) {
      let i = 0;
      while (i < x.length && x[i] === y[i]) i++;
      assert.fail(
        `${what}, different ${key} (not deterministic): first run ...${x.slice(Math.max(0, i - 80), i + 80)}... second run ...${y.slice(Math.max(0, i - 80), i + 80)}...`,
      );
    }
  }
}

/**
 * Parse and run everything: no throw, invariants hold; with `deterministic` (default) a
 * second, independent run gives the same output.
 */
export function checkText(text: string, options: { deterministic?: boolean; probes?: number[] } = {}): void {
  const first = analyse(text, options);
  checkOutputs(text, first.model, first.out);
  if (options.deterministic !== false) {
    const second = analyse(text, options);
    assertSameOutputs(first.out, second.out);
    const strip = (m: typeof first.model) => JSON.stringify({ ...m, lines: undefined, text: undefined });
    assert.ok(strip(first.model) === strip(second.model), 'same text, different models (not deterministic)');
  }
}
