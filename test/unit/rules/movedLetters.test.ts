// A letter moved by an edit above it is not read again: what the rules read from its text is
// remembered by the text (util/textMemo.ts) and placed in the document anew. These tests pin
// that this is invisible: in a batch of letters with problems, version after version, the
// findings through the letter cache are those of a fresh parse, and each stands where the
// document has what its message quotes (the memo is shared by both parses, so the comparison
// alone would not see a place remembered from another version).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Letter, Span } from '../../../server/src/model/types';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { LetterCache } from '../../../server/src/parse/letterCache';
import { parseDetermination } from '../../../server/src/parse/parser';
import { type Finding, runRules } from '../../../server/src/rules/engine';
import { sampleLetters } from '../../helpers/corpus';
import { FIXTURES, readFixture } from '../../helpers/ruleFixtures';

const KB = defaultKnowledgeBase();
/** The rules that read a letter's prose, each with a fixture whose problems they find. */
const READERS = ['rationale-about-other-item', 'date-of-injury-mismatch', 'patient-details-mismatch', 'decision-conflicts-with-rationale'];
const fixtureLetters = READERS.map((code) => readFixture(readFileSync(path.join(FIXTURES, `${code}.imr`), 'utf8')).text);
const batch = [...fixtureLetters, ...sampleLetters().map((l) => l.text), ...fixtureLetters].join('\n');

/** Findings with their spans, related places and fixes as the document has them. */
const findings = (text: string, cache?: LetterCache<Letter>): Finding[] => JSON.parse(JSON.stringify(runRules(parseDetermination(text, KB, cache), KB)));

/** Why a finding does not stand where the document has what its message quotes, or null. */
function misplaced(text: string, f: Finding): string | null {
  const at = (s: Span) => text.slice(s.start, s.end);
  const lineOf = (offset: number) => text.slice(0, offset).split(/\r\n|\r|\n/).length;
  if (f.code === 'date-of-injury-mismatch') {
    const date = /states the date of injury (.+?), but/.exec(f.message)?.[1];
    return at(f.span) === date ? null : `${at(f.span)} is not ${date}`;
  }
  if (f.code === 'patient-details-mismatch') {
    const age = /with age (\d+)/.exec(f.message)?.[1];
    const ok = /year/.test(at(f.span)) && (!age || at(f.span).startsWith(age));
    return ok ? null : `${at(f.span)} does not describe the patient${age ? ` as ${age}` : ''}`;
  }
  if (f.code === 'rationale-about-other-item') {
    for (const r of f.related ?? []) {
      const [, name, line] = /^'(.*)' \(line (\d+)\)$/.exec(r.message) ?? [];
      if (at(r.span) !== name || lineOf(r.span.start) !== Number(line)) return `related ${r.message} at line ${lineOf(r.span.start)}: ${at(r.span)}`;
    }
    return null;
  }
  if (f.code === 'decision-conflicts-with-rationale') {
    const decision = /is (Upheld|Overturned), but/.exec(f.message)?.[1];
    return at(f.span) === decision ? null : `${at(f.span)} is not ${decision}`;
  }
  return null;
}

describe('rules on letters moved by an edit', () => {
  test('the batch has a finding of every prose rule, twice (each fixture letter is in it twice)', () => {
    const codes = findings(batch).map((f: { code: string }) => f.code);
    for (const code of READERS) assert.ok(codes.filter((c: string) => c === code).length >= 2, code);
  });

  test('findings through the letter cache equal a fresh parse, version after version', () => {
    const edits: ((t: string) => string)[] = [
      (t) => t,
      (t) => `${t.slice(0, 60)} x${t.slice(60)}`, // in the first letter: every other letter moves
      (t) => `${t.slice(0, 60)}\n\n${t.slice(60)}`, // two lines more: every line number below moves
      (t) => t.replace('Date of Injury:', 'Date of Injury: '), // the first header's date moves in its line
      (t) => `${fixtureLetters[2]}\n${t}`, // a letter in front
      (t) => t.slice(0, Math.floor(t.length * 0.6)), // the end of the batch deleted
      (t) => t.replace(/\n/g, '\r\n'), // every line break changes
    ];
    const cache = new LetterCache<Letter>();
    let text = batch;
    for (const [k, edit] of edits.entries()) {
      text = edit(text);
      const cached = findings(text, cache);
      assert.deepEqual(cached, findings(text), `after edit ${k}`);
      for (const f of cached) assert.equal(misplaced(text, f), null, `after edit ${k}: ${f.code}`);
    }
  });
});
