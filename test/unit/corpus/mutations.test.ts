// Mutation suite: break finished real letters the way drafts are broken, and check that
// exactly the right problem appears on the right item, that its fix repairs it without
// touching any other byte, and that fix-all restores a letter with no error.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { fixAllEdits } from '../../../server/src/features/codeActions';
import { parseDetermination } from '../../../server/src/parse/parser';
import { FIELD_ORDER, type FieldKind, type Span } from '../../../server/src/model/types';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { type Finding, runRules } from '../../../server/src/rules/engine';
import { corpusLetters, CORPUS_PRESENT, type Letter, sampleLetters } from '../../helpers/corpus';
import { rationaleConclusion } from '../../../server/src/parse/conclusion';

const kb = defaultKnowledgeBase();
const CODES: Record<FieldKind, string> = {
  claimsAdministratorGuideline: 'missing-claims-administrator-guideline',
  maximusGuideline: 'missing-maximus-guideline',
  decisionRationale: 'missing-rationale',
};

const letters: Letter[] = CORPUS_PRESENT ? corpusLetters() : sampleLetters();
const analyse = (text: string) => {
  const model = parseDetermination(text, kb);
  return { model, findings: runRules(model, kb) };
};
const serious = (fs: Finding[]) => fs.filter((f) => f.severity === 'error' || f.severity === 'warning');
const splice = (text: string, span: Span, insert = '') => text.slice(0, span.start) + insert + text.slice(span.end);

/** Apply a fix's edits (non-overlapping offset spans), last first. */
function applyEdits(text: string, edits: { span: Span; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = splice(out, e.span, e.newText);
  return out;
}

interface Tally {
  cases: number;
  exact: number;
  fixed: number;
}
const tally: Record<string, Tally> = {};
const count = (k: string, exact: boolean, fixed: boolean) => {
  const t = (tally[k] ??= { cases: 0, exact: 0, fixed: 0 });
  t.cases++;
  if (exact) t.exact++;
  if (fixed) t.fixed++;
};

/** The mutated text has exactly `code` at error/warning level, on `itemIndex`; its first fix repairs it. */
function checkMutation(kind: string, original: string, mutated: string, code: string, itemName: string): string | null {
  const { model, findings } = analyse(mutated);
  const got = serious(findings);
  const exact = got.length === 1 && got[0].code === code && got[0].message.includes(itemName);
  let fixed = false;
  let problem: string | null = exact
    ? null
    : `expected only ${code} on '${itemName}', got ${got.map((f) => `${f.code}: ${f.message}`).join(' | ') || 'nothing'}`;
  if (exact) {
    const fix = got[0].fixes[0];
    if (!fix) problem = `${code} has no fix`;
    else {
      const after = applyEdits(mutated, fix.edits);
      // Outside the edit, byte-identical.
      const e = fix.edits[0].span;
      const outsideSame =
        after.slice(0, e.start) === mutated.slice(0, e.start) && after.slice(after.length - (mutated.length - e.end)) === mutated.slice(e.end);
      const again = analyse(after);
      const remaining = serious(again.findings);
      fixed = outsideSame && remaining.length === 0 && again.model.items.length === model.items.length;
      if (!fixed)
        problem = `fix '${fix.title}' left ${remaining.map((f) => f.code).join(', ') || (outsideSame ? 'a different item count' : 'changed text outside the edit')}`;
    }
  }
  count(kind, exact, fixed);
  void original;
  return problem;
}

describe(`mutations of ${letters.length} real letters${CORPUS_PRESENT ? '' : ' (corpus absent: seed letters only)'}`, () => {
  test('a finished letter has no error or warning (hints counted)', () => {
    let hints = 0;
    const bad: string[] = [];
    for (const l of letters) {
      const { findings } = analyse(l.text);
      hints += findings.filter((f) => f.severity === 'hint').length;
      for (const f of serious(findings)) bad.push(`${l.id}: ${f.code} ${f.message}`);
    }
    console.log(`# finished letters: ${letters.length}, errors+warnings: ${bad.length}, hints: ${hints}`);
    assert.deepEqual(bad, []);
  });

  test('deleting a field, or emptying its value, yields exactly its missing-* problem, and the fix repairs it', () => {
    const failures: string[] = [];
    for (const l of letters) {
      const { model } = analyse(l.text);
      for (const item of model.items) {
        for (const kind of FIELD_ORDER) {
          const f = item.fields[kind]!;
          const deleted = splice(l.text, { start: f.label.span.start, end: f.value.span.end });
          const p1 = checkMutation(`delete ${kind}`, l.text, deleted, CODES[kind], item.name.text);
          if (p1) failures.push(`${l.id} delete ${kind} of '${item.name.text}': ${p1}`);
          const emptied = splice(l.text, f.value.span);
          const p2 = checkMutation(`empty ${kind}`, l.text, emptied, CODES[kind], item.name.text);
          if (p2) failures.push(`${l.id} empty ${kind} of '${item.name.text}': ${p2}`);
        }
      }
    }
    assert.deepEqual(failures.slice(0, 20), []);
  });

  test('a decision replaced by a typo yields unknown-decision, fixed to the right word', () => {
    const failures: string[] = [];
    const typos: Record<string, string> = { Upheld: 'Uphled', Overturned: 'Overturn' };
    for (const l of letters) {
      const { model } = analyse(l.text);
      for (const item of model.items) {
        if (item.style !== 'letter') continue;
        const mutated = splice(l.text, item.decision.span, typos[item.decision.kind]);
        const { findings } = analyse(mutated);
        const got = serious(findings);
        const ok = got.length === 1 && got[0].code === 'unknown-decision' && got[0].fixes[0]?.edits[0].newText === item.decision.kind;
        count('typo in decision', ok, ok && applyEdits(mutated, got[0].fixes[0].edits) === l.text);
        if (!ok) failures.push(`${l.id} '${item.name.text}': ${got.map((f) => f.code).join(', ')}`);
      }
    }
    assert.deepEqual(failures.slice(0, 20), []);
  });

  test('a deleted section heading yields missing-section, and its fix puts the heading back', () => {
    const failures: string[] = [];
    for (const l of letters) {
      const { model } = analyse(l.text);
      for (const section of model.sections) {
        // The heading's whole line, with its line break.
        const lineStart = l.text.lastIndexOf('\n', section.heading.span.start - 1) + 1;
        let lineEnd = section.heading.span.end;
        while (lineEnd < l.text.length && l.text[lineEnd] !== '\n') lineEnd++;
        const mutated = splice(l.text, { start: lineStart, end: Math.min(l.text.length, lineEnd + 1) });
        const { findings } = analyse(mutated);
        const got = serious(findings);
        const missing = got.filter((f) => f.code === 'missing-section');
        const ok = missing.length === 1 && missing[0].message.includes(section.heading.text) && got.length === 1;
        let fixed = false;
        if (missing.length === 1) {
          const after = analyse(applyEdits(mutated, missing[0].fixes[0].edits));
          fixed =
            serious(after.findings).length === 0 && after.model.sections.length === model.sections.length && after.model.items.length === model.items.length;
        }
        count('delete section heading', ok, fixed);
        if (!ok || !fixed) failures.push(`${l.id} '${section.heading.text}': ${got.map((f) => f.code).join(', ')}${fixed ? '' : ' (fix did not restore)'}`);
      }
    }
    assert.deepEqual(failures.slice(0, 20), []);
  });

  test('a flipped decision yields decision-conflicts-with-rationale wherever the conclusion is clear', () => {
    let clear = 0;
    let found = 0;
    let falsePositives = 0;
    for (const l of letters) {
      const { model } = analyse(l.text);
      for (const item of model.items) {
        if (item.style !== 'letter') continue;
        const flipped = item.decision.kind === 'Upheld' ? 'Overturned' : 'Upheld';
        const conclusion = rationaleConclusion(item.fields.decisionRationale?.value.text ?? '');
        const { findings } = analyse(splice(l.text, item.decision.span, flipped));
        const conflict = findings.some((f) => f.code === 'decision-conflicts-with-rationale');
        if (conclusion !== 'unclear') {
          clear++;
          if (conflict) found++;
        } else if (conflict) falsePositives++;
      }
    }
    const recall = clear === 0 ? 1 : found / clear;
    console.log(
      `# flipped decisions: ${clear} with a clear conclusion, ${found} flagged (recall ${(recall * 100).toFixed(1)}%), ${falsePositives} flagged without one`,
    );
    count('flipped decision', recall === 1, true);
    assert.equal(recall, 1);
  });

  test('fix-all on a letter with several mutations restores a letter with no error', () => {
    const failures: string[] = [];
    for (const l of letters) {
      const { model } = analyse(l.text);
      if (model.items.length === 0) continue;
      // Every item: a typo in its decision; the first item also loses its MAXIMUS guideline, the last one its rationale.
      const edits: { span: Span; newText: string }[] = model.items.map((i) => ({
        span: i.decision.span,
        newText: i.decision.kind === 'Upheld' ? 'Upheld.' : 'Overturnd',
      }));
      const first = model.items[0].fields.maximusGuideline!;
      edits.push({ span: { start: first.label.span.start, end: first.value.span.end }, newText: '' });
      const last = model.items[model.items.length - 1].fields.decisionRationale!;
      if (model.items.length > 1) edits.push({ span: { start: last.label.span.start, end: last.value.span.end }, newText: '' });
      const mutated = applyEdits(l.text, edits);
      const broken = analyse(mutated);
      const m2 = broken.model;
      const all = fixAllEdits(m2, broken.findings);
      // Apply LSP edits (ranges) through offsets.
      const offsetEdits = all.map((e) => ({ span: { start: m2.lines.offsetAt(e.range.start), end: m2.lines.offsetAt(e.range.end) }, newText: e.newText }));
      // Same-point inserts keep their array order: apply from the end, stable for equal starts.
      let out = mutated;
      for (let k = offsetEdits.length - 1; k >= 0; k--) out = splice(out, offsetEdits[k].span, offsetEdits[k].newText);
      const after = analyse(out);
      const errors = after.findings.filter((f) => f.severity === 'error');
      const ok = errors.length === 0 && after.model.items.length === model.items.length;
      count(
        'fix-all',
        broken.findings.some((f) => f.severity === 'error'),
        ok,
      );
      if (!ok) failures.push(`${l.id}: ${errors.map((f) => f.code).join(', ')} items ${after.model.items.length}/${model.items.length}`);
    }
    assert.deepEqual(failures.slice(0, 20), []);
  });

  // The numbers behind the closing note: cases, exact diagnoses and working fixes per mutation.
  after(() => {
    for (const [k, t] of Object.entries(tally)) console.log(`# ${k}: ${t.cases} cases, ${t.exact} exact, ${t.fixed} fixed`);
  });
});
