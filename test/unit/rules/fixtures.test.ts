// Every rule on a fixture letter with its expected problems marked inline beside the text
// (test/fixtures/rules/<code>.imr; the convention is in that folder's README.md): the engine
// must report exactly the marked problems, by code and line, at every severity.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseDetermination } from '../../../server/src/parse/parser';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { ALL_RULES, runRules } from '../../../server/src/rules/engine';
import type { Level } from '../../../server/src/rules/rule';
import { REPO_ROOT } from '../../helpers/corpus';
import { FIXTURES, readFixture } from '../../helpers/ruleFixtures';

const kb = defaultKnowledgeBase();

/** What the engine reports, as `line:code` of each finding's start, sorted. */
function found(text: string, levels: Record<string, Level> = {}): string[] {
  const model = parseDetermination(text, kb);
  return runRules(model, kb, levels)
    .map((f) => `${model.lines.positionAt(f.span.start).line + 1}:${f.code}`)
    .sort();
}

/** Why `got` is not exactly `expected` (a multiset), or null when it is. */
function mismatch(expected: string[], got: string[]): string | null {
  const missing = [...expected];
  const extra: string[] = [];
  for (const g of got) {
    const i = missing.indexOf(g);
    if (i >= 0) missing.splice(i, 1);
    else extra.push(g);
  }
  if (missing.length === 0 && extra.length === 0) return null;
  return `missing ${JSON.stringify(missing)}, unmarked ${JSON.stringify(extra)}`;
}

const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.imr'))
  .sort();

describe('rule fixtures (test/fixtures/rules)', () => {
  test('every rule code (the engine, and the README checks table) has a fixture, and every fixture names a rule', () => {
    const engine = ALL_RULES.map((r) => r.code).sort();
    const readme = [...readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').matchAll(/^\| \[`([a-z-]+)`\]/gm)].map((m) => m[1]).sort();
    assert.ok(readme.length >= 15, 'the README checks table was read');
    assert.deepEqual(readme, engine, 'the README checks table lists the engine rules');
    assert.deepEqual(
      files.map((f) => f.replace(/\.imr$/, '')),
      engine,
    );
  });

  test('stripping markers keeps every other character on its line and column', () => {
    const { text, expected } = readFixture('A: Uphled «unknown-decision»\r\nB\n\nC: «missing-decision» «x-y»  \nD «not a marker»');
    assert.equal(text, 'A: Uphled\r\nB\n\nC:\nD «not a marker»');
    assert.deepEqual(expected, ['1:unknown-decision', '4:missing-decision', '4:x-y']);
  });

  test('the comparison fails on a missing, an extra or a misplaced problem', () => {
    assert.equal(mismatch(['3:a', '3:a'], ['3:a', '3:a']), null);
    assert.match(mismatch(['3:a', '3:a'], ['3:a']) ?? '', /missing \["3:a"\]/);
    assert.match(mismatch(['3:a'], ['3:a', '5:b']) ?? '', /unmarked \["5:b"\]/);
    assert.notEqual(mismatch(['3:a'], ['4:a']), null);
  });

  for (const file of files) {
    const code = file.replace(/\.imr$/, '');
    describe(code, () => {
      const marked = readFileSync(path.join(FIXTURES, file), 'utf8');
      const { text, expected } = readFixture(marked);

      test('marks at least one problem of its own rule, and no marker is left in the letter', () => {
        assert.ok(
          expected.some((e) => e.endsWith(`:${code}`)),
          `${file} marks no «${code}»`,
        );
        assert.ok(!text.includes('«') && !text.includes('»'), `${file} has a marker that is not at the end of its line`);
        for (const e of expected)
          assert.ok(
            ALL_RULES.some((r) => e.endsWith(`:${r.code}`)),
            `${file}: ${e} is not a rule code`,
          );
      });

      test('the engine reports exactly the marked problems (code and line, hints included)', () => {
        const problem = mismatch(expected, found(text));
        assert.equal(problem, null, `${file}: ${problem}`);
      });

      test('the fixture can fail: without its rule, or without any one marker, the comparison fails', () => {
        // The marked problems come from this rule, not from another one on the same line.
        assert.notEqual(mismatch(expected, found(text, { [code]: 'off' })), null, `${file} passes with ${code} off`);
        const got = found(text);
        expected.forEach((_, i) =>
          assert.notEqual(
            mismatch(
              expected.filter((_e, j) => j !== i),
              got,
            ),
            null,
            `${file} passes without marker ${expected[i]}`,
          ),
        );
      });
    });
  }
});
