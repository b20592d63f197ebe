// The engine's promise about a broken rule: the others still run, and the failure is a problem
// naming the rule (never silently dropped), without anything of the letter's text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { parseDetermination } from '../../../server/src/parse/parser';
import { ALL_RULES, runRules } from '../../../server/src/rules/engine';
import type { Rule } from '../../../server/src/rules/rule';
import { sampleLetters } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();

/** Runs `f` while the rule `code` throws `error` (restored afterwards, whatever happens). */
function whileThrowing<T>(code: string, error: unknown, f: () => T): T {
  const rule = ALL_RULES.find((r) => r.code === code) as Rule;
  const check = rule.check;
  (rule as { check: Rule['check'] }).check = (ctx) => {
    ctx.report({ message: 'half made', span: { start: 1, end: 2 } });
    throw error;
  };
  try {
    return f();
  } finally {
    (rule as { check: Rule['check'] }).check = check;
  }
}

describe('rule engine', () => {
  const text = sampleLetters()[0].text;
  const model = parseDetermination(text, kb);

  test('a rule that throws is reported with its code, as an error at the letter start; the others still run', () => {
    const secret = text.slice(0, 60);
    const findings = whileThrowing('missing-rationale', new TypeError(`bad ${secret}`), () => runRules(model, kb));
    const failed = findings.filter((f) => f.code === 'missing-rationale');
    assert.deepEqual(
      failed.map((f) => ({ severity: f.severity, message: f.message, span: f.span })),
      [{ severity: 'error', message: 'rule missing-rationale failed (TypeError); the other rules ran. Please report this.', span: { start: 0, end: 0 } }],
      'one error, the half-made problem dropped',
    );
    assert.ok(!failed[0].message.includes(secret), 'nothing of the error message (it may quote the letter)');
    const others = runRules(model, kb).filter((f) => f.code !== 'missing-rationale');
    assert.deepEqual(
      findings.filter((f) => f.code !== 'missing-rationale'),
      others,
      'every other rule reported as without the failure',
    );
  });

  test('a rule turned off is not run, so its failure is not reported either; a thrown non-Error is named by its type', () => {
    assert.deepEqual(
      whileThrowing('missing-rationale', 'x', () => runRules(model, kb, { 'missing-rationale': 'off' })).filter((f) => f.code === 'missing-rationale'),
      [],
    );
    assert.match(whileThrowing('missing-rationale', 'x', () => runRules(model, kb)).find((f) => f.code === 'missing-rationale')!.message, /failed \(string\)/);
  });
});
