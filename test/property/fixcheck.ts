// Fix safety (issue 8 §3), the checks and the fuzzed-letter generator; see fixes.test.ts.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { parseDetermination } from '../../server/src/parse/parser';
import type { Determination } from '../../server/src/model/types';
import type { Finding } from '../../server/src/rules/engine';
import type { Fix } from '../../server/src/rules/rule';
import { analyse, KB, Lines, URI } from './check';
import { applyEdit, edit, LETTERS } from './gen';

// ---------------------------------------------------------------- fuzzed letters

/**
 * Each letter with its clinical case summary and determination process cut to their first
 * lines (the fixes are in the header and the issues section; this keeps the cases cheap).
 */
const COMPACT: string[] = LETTERS.map((l) => {
  const model = parseDetermination(l.text, KB);
  let text = l.text;
  const cuts = model.sections
    .filter((s) => s.kind === 'clinicalCaseSummary' || s.kind === 'determinationProcess')
    .map((s) => ({ start: Math.min(s.span.end, s.heading.span.end + 300), end: s.span.end }))
    .sort((a, b) => b.start - a.start);
  for (const c of cuts) {
    // Cut whole lines only: from the start of a line to the start of a line.
    const from = text.indexOf('\n', c.start) + 1;
    const to = text.lastIndexOf('\n', c.end - 1) + 1;
    if (from > 0 && to > from) text = text.slice(0, from) + text.slice(to);
  }
  return text;
});

type Damage =
  | { op: 'dropLabel'; k: number; whole: boolean }
  | { op: 'emptyField'; k: number }
  | { op: 'decision'; k: number; to: string }
  | { op: 'dropHeading'; k: number }
  | { op: 'date'; k: number; to: string }
  | { op: 'random'; e: Parameters<typeof applyEdit>[1] };

const FIELD_LABEL = /(Claims Administrator guideline|MAXIMUS guideline|Decision rationale):/g;
const DECISION = /\b(Upheld|Overturned)\b/g;
const HEADING = /^[ \t]*(HOW THE IMR FINAL DETERMINATION WAS MADE|CLINICAL CASE SUMMARY|IMR ISSUES, DECISIONS AND RATIONALES)[ \t]*(\r\n|\n|\r)/gm;
const DATE = /\b\d{2}\/\d{2}\/\d{4}\b/g;

function nth(text: string, re: RegExp, k: number): RegExpExecArray | null {
  const all = [...text.matchAll(re)] as RegExpExecArray[];
  return all.length > 0 ? all[k % all.length] : null;
}

function damage(text: string, d: Damage): string {
  switch (d.op) {
    case 'dropLabel': {
      const m = nth(text, FIELD_LABEL, d.k);
      if (!m) return text;
      if (!d.whole) return text.slice(0, m.index) + text.slice(m.index + m[0].length);
      // The label and its value up to the next label (the whole field goes).
      const next = text
        .slice(m.index + m[0].length)
        .search(/(Claims Administrator guideline|MAXIMUS guideline|Decision rationale):|\n[^\n]*: (Upheld|Overturned)\b/);
      const end = next < 0 ? text.length : m.index + m[0].length + next;
      return text.slice(0, m.index) + text.slice(end);
    }
    case 'emptyField': {
      const m = nth(text, FIELD_LABEL, d.k);
      if (!m) return text;
      const rest = text.slice(m.index + m[0].length);
      const next = rest.search(/\r?\n(Claims Administrator guideline|MAXIMUS guideline|Decision rationale):|\r?\n[^\n]*: (Upheld|Overturned)\b/);
      return text.slice(0, m.index + m[0].length) + (next < 0 ? '' : rest.slice(next));
    }
    case 'decision': {
      const m = nth(text, DECISION, d.k);
      return m ? text.slice(0, m.index) + d.to + text.slice(m.index + m[0].length) : text;
    }
    case 'dropHeading': {
      const m = nth(text, HEADING, d.k);
      return m ? text.slice(0, m.index) + text.slice(m.index + m[0].length) : text;
    }
    case 'date': {
      const m = nth(text, DATE, d.k);
      return m ? text.slice(0, m.index) + d.to + text.slice(m.index + m[0].length) : text;
    }
    case 'random':
      return applyEdit(text, d.e);
  }
}

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('dropLabel' as const), k: fc.nat(), whole: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('emptyField' as const), k: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('decision' as const),
      k: fc.nat(),
      to: fc.constantFrom(
        '',
        'Uphled',
        'Overtruned',
        'upheld',
        'OVERTURNED',
        'Upheld.',
        'Denied',
        'Partially upheld',
        'Uphold',
        'Overturn',
        'Approved',
        'Upheld',
        'Overturned',
        'Ovreturned',
        'Uphel',
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dropHeading' as const), k: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('date' as const),
      k: fc.nat(),
      to: fc.constantFrom('13/45/2016', '02/30/2017', '01/01/1990', '12/31/2030', '1/2/3'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('random' as const), e: edit }) },
);

export const fuzzedLetter = fc
  .record({
    letter: fc.nat(),
    full: fc.nat(9),
    damage: fc.array(damageArb, { minLength: 1, maxLength: 6 }),
    lineEnds: fc.constantFrom(null, '\r\n', '\r', '\n'),
    bom: fc.nat(9),
  })
  .map(({ letter, full, damage: ds, lineEnds, bom }) => {
    const index = letter % LETTERS.length;
    let text = full === 0 ? LETTERS[index].text : COMPACT[index];
    if (lineEnds) text = text.replace(/\r\n|\n|\r/g, lineEnds);
    if (bom === 0) text = `\uFEFF${text}`;
    for (const d of ds) text = damage(text, d);
    return { letter: index, damage: ds, text };
  });

// ---------------------------------------------------------------- applying edits as a client does

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** LSP TextEdits -> offset edits in the original text (ranges converted independently of the engine). */
function toOffsets(edits: TextEdit[], lines: Lines): OffsetEdit[] {
  return edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
}

/** Applies edits made against one text, as VS Code does: by position, inserts at one point in order. */
function applyAll(text: string, edits: OffsetEdit[]): string {
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    assert.ok(e.start >= at, `edits overlap at offset ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

const hasLoneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

function lineEndStyle(text: string): '\n' | '\r\n' | '\r' | 'mixed' | null {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const cr = (text.match(/\r/g) ?? []).length - crlf;
  const kinds = [crlf > 0, lf > 0, cr > 0].filter(Boolean).length;
  if (kinds === 0) return null;
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? '\r\n' : lf > 0 ? '\n' : '\r';
}

/** Text outside the edited spans is byte-identical, and the edit itself is well-formed. */
function checkOnlyTheEdit(before: string, after: string, edits: OffsetEdit[], what: string): void {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let p = 0;
  let q = 0;
  for (const e of sorted) {
    assert.equal(after.slice(q, q + (e.start - p)), before.slice(p, e.start), `${what}: text before offset ${e.start} changed`);
    q += e.start - p;
    assert.equal(after.slice(q, q + e.newText.length), e.newText, `${what}: the edit's text is not where it belongs`);
    q += e.newText.length;
    p = e.end;
  }
  assert.equal(after.slice(q), before.slice(p), `${what}: text after the last edit changed`);
  if (!hasLoneSurrogate(before)) assert.ok(!hasLoneSurrogate(after), `${what}: the fix split a surrogate pair`);
  const style = lineEndStyle(before);
  if (style === '\n' || style === '\r\n' || style === '\r') {
    for (const e of edits) {
      const s = lineEndStyle(e.newText);
      assert.ok(s === null || s === style, `${what}: inserts ${JSON.stringify(e.newText)} into a letter whose line ends are ${JSON.stringify(style)}`);
    }
  }
}

// ---------------------------------------------------------------- which item a finding is about

/** Findings about the letter as a whole (their span is only where they are shown). */
const LETTER_LEVEL = new Set(['missing-section', 'no-items']);

function itemOf(model: Determination, f: Finding): number {
  return model.items.findIndex((it) => it.span.start <= f.span.start && f.span.end <= it.span.end);
}

/** Where an offset of the original text is after the edits (text inserted at the offset goes before it). */
function shifter(edits: OffsetEdit[]): (offset: number) => number {
  return (offset) => {
    let delta = 0;
    for (const e of edits) if (e.end <= offset && (e.start < offset || e.start === e.end)) delta += e.newText.length - (e.end - e.start);
    return offset + delta;
  };
}

/** The item of `after` at the same place as item `index` of `before` (its header start, shifted by the edits). */
function sameItem(before: Determination, after: Determination, index: number, shift: (o: number) => number): number {
  const at = shift(before.items[index].header.start);
  return after.items.findIndex((it) => it.header.start === at);
}

/** The finding with this code shown again at the same item (or anywhere, for letter-level findings). */
function sameProblemAgain(
  before: Determination,
  after: Determination,
  findings: Finding[],
  f: Finding,
  shift: (o: number) => number,
  what: string,
): Finding | undefined {
  const index = LETTER_LEVEL.has(f.code) ? -1 : itemOf(before, f);
  if (index < 0) return findings.find((g) => g.code === f.code && g.message === f.message);
  const now = sameItem(before, after, index, shift);
  assert.ok(now >= 0, `${what}: the item '${before.items[index].name.text}' is gone after the fix`);
  return findings.find((g) => g.code === f.code && itemOf(after, g) === now);
}

const decided = (m: Determination, i: number) => m.items[i].decision.kind === 'Upheld' || m.items[i].decision.kind === 'Overturned';

/**
 * Every item not in `except` that has a real decision is still there, at its shifted place,
 * with the same name, decision and fields; no item with a real decision appears from nowhere.
 * (Items whose "decision" is not a decision may be misreadings of a damaged field, which a
 * fix can legitimately turn back into a field.)
 */
function checkOtherItems(before: Determination, after: Determination, except: Set<number>, shift: (o: number) => number, what: string, allowNew = false): void {
  const mapped = new Set<number>();
  before.items.forEach((it, i) => {
    const j = sameItem(before, after, i, shift);
    if (j >= 0) mapped.add(j);
    if (except.has(i) || !decided(before, i)) return;
    assert.ok(j >= 0, `${what}: item ${i} '${it.name.text}' (${it.decision.text}) is gone`);
    const now = after.items[j];
    assert.equal(now.name.text, it.name.text, `${what}: item ${i} '${it.name.text}' was renamed to '${now.name.text}'`);
    assert.equal(now.decision.text, it.decision.text, `${what}: the decision of item ${i} '${it.name.text}' changed`);
    assert.deepEqual(
      now.allFields.map((x) => x.kind),
      it.allFields.map((x) => x.kind),
      `${what}: the fields of item ${i} '${it.name.text}' changed`,
    );
  });
  // The header stays (its values may be re-read: a damaged header can borrow a word of the
  // next paragraph until a heading separates them).
  // Only labels that begin their line count (a `Dated:` typed mid-sentence is read as a header
  // label too; see defects.test.ts).
  const keys = (m: Determination) =>
    m.header
      .filter((h) => /(^|[\r\n])[ \t\f\uFEFF]*$/.test(m.text.slice(Math.max(0, h.label.span.start - 200), h.label.span.start)))
      .map((h) => h.key)
      .join(', ');
  assert.equal(keys(after), keys(before), `${what}: the header fields changed`);
  after.items.forEach((it, j) => {
    assert.ok(allowNew || mapped.has(j) || !decided(after, j), `${what}: a new item '${it.name.text}: ${it.decision.text}' appeared`);
  });
}

// ---------------------------------------------------------------- the property

/** At most this many quick fixes are applied per case (each means a re-analysis). */
const MAX_FIXES_PER_CASE = 6;

export function checkFixes(text: string, choose: number): { applied: number } {
  const { model, out } = analyse(text, { probes: null });
  const lines = new Lines(text);
  let applied = 0;

  // The code actions of every diagnostic, matched back to their finding and fix.
  const quickFixes: { action: CodeAction; finding: Finding; fix: Fix }[] = [];
  for (const action of out.actions) {
    if (action.kind !== 'quickfix' || !action.edit) continue;
    const d = action.diagnostics?.[0];
    assert.ok(d, `quick fix '${action.title}' names no diagnostic`);
    const finding = out.findings.find(
      (f) => f.code === d.code && f.message === d.message && JSON.stringify(model.lines.range(f.span)) === JSON.stringify(d.range),
    );
    assert.ok(finding, `quick fix '${action.title}': no finding for its diagnostic`);
    const fix = finding.fixes.find((x) => x.title === action.title);
    assert.ok(fix, `quick fix '${action.title}' is not one of the finding's fixes`);
    quickFixes.push({ action, finding, fix });
  }
  const start = quickFixes.length > 0 ? choose % quickFixes.length : 0;
  const picked = [...quickFixes.slice(start), ...quickFixes.slice(0, start)].slice(0, MAX_FIXES_PER_CASE);

  for (const { action, finding, fix } of picked) {
    const what = `quick fix '${action.title}' for ${finding.code} '${finding.message}'`;
    const lspEdits = action.edit!.changes![URI];
    assert.ok(lspEdits && lspEdits.length > 0, `${what}: no edits`);
    const offsets = toOffsets(lspEdits, lines);
    assert.deepEqual(
      offsets,
      fix.edits.map((e) => ({ start: e.span.start, end: e.span.end, newText: e.newText })),
      `${what}: the LSP edits are not the fix's own edits (offset <-> position conversion moved them)`,
    );
    const result = applyAll(text, offsets);
    checkOnlyTheEdit(text, result, offsets, what);
    const shift = shifter(offsets);
    const again = analyse(result, { probes: null });
    const shown = sameProblemAgain(model, again.model, again.out.findings, finding, shift, what);
    assert.ok(!shown, `${what}: after the fix the problem is still there: ${shown?.code} '${shown?.message}'`);
    // A letter-level fix (a missing heading) may make items readable, never unreadable.
    if (LETTER_LEVEL.has(finding.code)) checkOtherItems(model, again.model, new Set(), shift, what, true);
    else checkOtherItems(model, again.model, new Set([itemOf(model, finding)]), shift, what);
    for (const s of model.sections) {
      assert.ok(
        again.model.sections.some((t) => t.kind === s.kind),
        `${what}: the ${s.kind} section is gone after the fix`,
      );
    }
    applied++;
  }

  // Fix-all: every safe fix at once.
  if (out.fixAll.length > 0) {
    const what = 'fix-all';
    const offsets = toOffsets(out.fixAll, lines);
    const result = applyAll(text, offsets);
    checkOnlyTheEdit(text, result, offsets, what);
    const key = (e: OffsetEdit) => `${e.start}:${e.end}:${e.newText}`;
    const sent = new Set(offsets.map(key));
    const fixedFindings: Finding[] = [];
    const own = new Set<string>();
    for (const f of out.findings) {
      const fix = f.fixes.find((x) => x.safe);
      if (!fix) continue;
      const keys = fix.edits.map((e) => key({ start: e.span.start, end: e.span.end, newText: e.newText }));
      keys.forEach((k) => own.add(k));
      if (keys.every((k) => sent.has(k))) fixedFindings.push(f);
    }
    for (const e of offsets) assert.ok(own.has(key(e)), `${what}: sends an edit that is no finding's safe fix: ${JSON.stringify(e)}`);
    const shift = shifter(offsets);
    const again = analyse(result, { probes: null });
    for (const f of fixedFindings) {
      const shown = sameProblemAgain(model, again.model, again.out.findings, f, shift, what);
      assert.ok(!shown, `${what}: ${f.code} '${f.message}' is still there after fix-all: '${shown?.message}'`);
    }
    const touched = new Set(out.findings.filter((f) => !LETTER_LEVEL.has(f.code) && f.fixes.some((x) => x.safe)).map((f) => itemOf(model, f)));
    checkOtherItems(
      model,
      again.model,
      touched,
      shift,
      what,
      fixedFindings.some((f) => LETTER_LEVEL.has(f.code)),
    );
    applied++;
  }
  return { applied };
}
