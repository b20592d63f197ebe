// Issue 8 §3: fixes are safe. On fuzzed real letters (fields, decisions and headings broken
// the way drafts break them, plus random edits), every quick fix and fix-all:
//   - sends LSP edits that are exactly the fix's own offset edits (no shift through the
//     offset <-> position conversion, e.g. at \r\n or surrogate pairs);
//   - yields text whose only change is the fix's edit: text outside the edited spans is
//     byte-identical, no lone surrogate is created, inserted line breaks follow the letter's;
//   - leaves the other items alone (same items, names, decisions);
//   - and re-analysing the result never shows the fixed problem again at that item.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { checkFixes, fuzzedLetter } from './fixcheck';
import { checkProperty, countCases, describeLetter, LETTERS, reportTally, runs } from './gen';

after(() => reportTally(__filename));

let fixesApplied = 0;

describe('fixes are safe', () => {
  test('every quick fix and fix-all on fuzzed real letters changes only its own span and removes its problem', () => {
    checkProperty(
      'fix safety',
      fc.property(fuzzedLetter, fc.nat(), ({ letter, text }, choose) => {
        try {
          fixesApplied += checkFixes(text, choose).applied;
        } catch (e) {
          (e as Error).message = `[from ${describeLetter(letter)}] ${(e as Error).message}`;
          throw e;
        }
      }),
      runs(8_000),
    );
    process.stdout.write(`[property] fix safety: ${fixesApplied} fixes applied and re-analysed\n`);
    assert.ok(fixesApplied > 0, 'no fix was ever applied: the generator produces no findings with fixes');
  });

  test('every real letter as published: every quick fix and fix-all is safe too', () => {
    LETTERS.forEach((l, i) => {
      try {
        fixesApplied += checkFixes(l.text, i).applied;
      } catch (e) {
        (e as Error).message = `[${l.id}] ${(e as Error).message}`;
        throw e;
      }
    });
    countCases(LETTERS.length);
  });
});
