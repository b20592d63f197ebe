// Completion after each trigger, in half-typed drafts and in real letters.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { getCompletions } from '../../../server/src/features/completion';
import { NOT_VERIFIED } from '../../../server/src/features/markdown';
import { parseDetermination } from '../../../server/src/parse/parser';
import { defaultKnowledgeBase } from '../../../server/src/mtus/load';
import { REPO_ROOT } from '../../helpers/corpus';

const kb = defaultKnowledgeBase();
const HEAD = 'IMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\n';

/** Completions at the end of `draft` (or at `|` when the draft has one). */
function complete(draft: string): { items: CompletionItem[]; text: string; offset: number } {
  const offset = draft.includes('|') ? draft.indexOf('|') : draft.length;
  const text = draft.replace('|', '');
  const model = parseDetermination(text, kb);
  return { items: getCompletions(model, offset, kb), text, offset };
}

/** The text a completion item's edit replaces. */
function replaced(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(off(edit.range.start), off(edit.range.end));
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function markdown(item: CompletionItem): string {
  const d = item.documentation;
  assert.ok(d && typeof d === 'object' && d.kind === 'markdown', `${item.label}: markdown documentation`);
  return d.value;
}

describe('guideline names after "Decision based on MTUS "', () => {
  it('offers every guideline as letters name it; replaces nothing when nothing is typed', () => {
    const { items, text } = complete(`${HEAD}Physical therapy x 8: Upheld\nClaims Administrator guideline: Decision based on MTUS `);
    for (const name of [
      'Chronic Pain Medical Treatment 2016',
      'Low Back Complaints 2004',
      'Neck and Upper Back Complaints 2004',
      'Opioid Treatment 2016',
      'Acupuncture Treatment 2007',
      'Forearm, Wrist, and Hand Complaints 2004',
      'Elbow Complaints 2007',
      'General Approaches 2004',
      'Postsurgical Treatment 2009',
      'ACOEM Chapter 12 Low Back Complaints',
      'Chronic Pain Treatment Guidelines',
    ]) {
      assert.ok(labels(items).includes(name), name);
    }
    for (const i of items) assert.equal(replaced(text, i), '');
    assert.match(markdown(items.find((i) => i.label === 'Opioid Treatment 2016')!), /Opioids Treatment Guidelines \(2016\)/);
  });

  it('replaces exactly the words typed so far', () => {
    const { items, text } = complete(`${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS Chronic Pa`);
    const item = items.find((i) => i.label === 'Chronic Pain Medical Treatment 2016')!;
    assert.equal(replaced(text, item), 'Chronic Pa');
  });

  it('after ", and " inside an MTUS citation', () => {
    const { items, text } = complete(`${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s): Summary, and Chro`);
    const item = items.find((i) => i.label === 'Chronic Pain Medical Treatment 2016');
    assert.ok(item);
    assert.equal(replaced(text, item), 'Chro');
  });

  it('2014-2015 letters get the older names first', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'samples/physical-therapy-overturned.imr'), 'utf8');
    const i = text.indexOf('MTUS Chronic Pain Treatment Guidelines', text.indexOf('MAXIMUS guideline')) + 5;
    const model = parseDetermination(text, kb);
    const items = getCompletions(model, i, kb).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.equal(items[0].label, 'Chronic Pain Treatment Guidelines');
  });
});

describe('section names after "Section(s): "', () => {
  it('offers the cited guideline’s sections, with the hover text', () => {
    const { items, text } = complete(`${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s): `);
    for (const s of ['Special Studies', 'Physical Methods', 'Summary', 'Surgical Considerations', 'Initial Care', 'Diagnostic Criteria'])
      assert.ok(labels(items).includes(s), s);
    assert.ok(!labels(items).includes('Physical medicine treatment'), 'no chronic pain sections for the low back chapter');
    const ss = items.find((i) => i.label === 'Special Studies')!;
    assert.equal(replaced(text, ss), '');
    const doc = markdown(ss);
    assert.match(doc, /lumbar imaging/);
    assert.match(doc, /p\. 303, cited as 'Page\(s\): 303' in IMR letters[^\n]*; not verified against the guideline text \(confidence medium\)/);
    assert.ok(doc.includes(NOT_VERIFIED));
  });

  it('after a comma in the list, replacing the partial name; the guideline may wrap over lines', () => {
    const { items, text } = complete(
      `${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Medical\nTreatment 2016, Section(s): NSAIDs, GI symptoms & cardiovascular risk, Proton`,
    );
    const ppi = items.find((i) => i.label === 'Proton Pump Inhibitors (PPIs)')!;
    assert.ok(ppi);
    assert.equal(replaced(text, ppi), 'Proton');
    assert.ok(labels(items).includes('Physical medicine treatment'));
    assert.ok(labels(items).includes('TENS, chronic pain (transcutaneous electrical nerve stimulation)'));
  });

  it('the second guideline of a ", and" citation, whose name contains ", and"', () => {
    const { items } = complete(
      `${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS Elbow Complaints 2007, Section(s): Diagnostic Criteria, and Forearm, Wrist, and Hand Complaints 2004, Section(s): `,
    );
    assert.ok(labels(items).includes('Special Studies'));
    assert.ok(!labels(items).includes('Recommendations'), 'not the elbow sections');
  });

  it('numbered opioid sections', () => {
    const { items } = complete(`${HEAD}Norco: Upheld\nMAXIMUS guideline: Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3`);
    assert.ok(labels(items).includes('3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment'));
  });
});

describe('page ranges after "Page(s): "', () => {
  it('offers the pages of the cited guideline’s topics, the named topic preselected, each with source and verification', () => {
    const { items, text } = complete(
      `${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Physical\nMedicine Page(s): 9`,
    );
    const pm = items.find((i) => i.label === '98-99')!;
    assert.ok(pm);
    assert.equal(pm.preselect, true);
    assert.equal(replaced(text, pm), '9');
    assert.match(pm.detail ?? '', /Physical medicine/);
    assert.match(markdown(pm), /pp\. 98-99 \(2009 edition\), as commonly cited in IMR letters[^\n]*\(confidence medium\)/);
    assert.ok(markdown(pm).includes(NOT_VERIFIED));
    assert.match(pm.detail ?? '', /not verified/);
    assert.ok(labels(items).includes('8'));
  });

  it('ACOEM chapter pages', () => {
    const { items } = complete(`${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): `);
    assert.ok(labels(items).includes('299'));
    assert.ok(labels(items).includes('303'));
    assert.ok(!labels(items).includes('98-99'));
  });
});

describe('Upheld / Overturned after an item header’s colon', () => {
  it('in the issues section, replacing the partial word', () => {
    const { items, text } = complete(`${HEAD}Physical therapy x 8 sessions: Ov`);
    assert.deepEqual(labels(items), ['Upheld', 'Overturned']);
    assert.equal(replaced(text, items[1]), 'Ov');
    assert.match(markdown(items[0]), /denial[^.]*stands/);
    assert.match(markdown(items[1]), /must authorize/);
  });

  it('an item name with inner colons; an outcome alone on the next line', () => {
    assert.deepEqual(labels(complete(`${HEAD}Pre-op labs: CBC: `).items), ['Upheld', 'Overturned']);
    assert.deepEqual(
      labels(complete(`${HEAD}Eight (8) physical therapy sessions (2x4), cervical and lumbar spine, with a name that fills the line:\n`).items),
      ['Upheld', 'Overturned'],
    );
  });

  it('not in field labels, header fields, rationales or the case summary', () => {
    assert.deepEqual(complete(`${HEAD}PT: Upheld\nClaims Administrator guideline: `).items, []);
    assert.deepEqual(
      complete(
        `${HEAD}PT: Upheld\nClaims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.\nMAXIMUS guideline: The Expert Reviewer did not cite any medical evidence for its decision.\nDecision rationale: The guidelines state: `,
      ).items,
      [],
    );
    assert.deepEqual(complete('Case Number: CM16-1\nDecision Date: ').items, []);
    assert.deepEqual(complete(`CLINICAL CASE SUMMARY\nThe worker reported: |\n${HEAD}PT: Upheld`).items, []);
  });
});

describe('robustness', () => {
  // Once only checked that nothing throws; now every answer must also be well formed.
  it("at every 7th offset of a sample letter and at the end of half-typed drafts: each item has a label, and an edit on the cursor's line ending at the cursor", () => {
    const sample = readFileSync(path.join(REPO_ROOT, 'samples/x-rays-and-pt.txt'), 'utf8');
    const cases: [string, number][] = [];
    for (let o = 0; o <= sample.length; o += 7) cases.push([sample, o]);
    for (const d of [
      '',
      'Decision based on MTUS',
      'Section(s): ',
      'Page(s): ',
      ':',
      `${HEAD}:`,
      `${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS `,
    ])
      cases.push([d, d.length]);
    let offered = 0;
    for (const [text, offset] of cases) {
      const model = parseDetermination(text, kb);
      const items = getCompletions(model, offset, kb);
      const cursor = model.lines.positionAt(offset);
      const where = `offset ${offset} of ${JSON.stringify(text.slice(Math.max(0, offset - 30), offset))}`;
      for (const item of items) {
        assert.ok(item.label.trim().length > 0, `${where}: an item without a label`);
        const r = (item.textEdit as TextEdit).range;
        assert.equal(r.start.line, cursor.line, `${where}: ${item.label}`);
        assert.deepEqual(r.end, cursor, `${where}: ${item.label} ends at the cursor`);
      }
      offered += items.length;
    }
    assert.ok(offered > 20, `only ${offered} items offered over ${cases.length} positions`);
  });
});

describe('Upheld / Overturned for the next item of a draft', () => {
  it('after a finished rationale, on a new line', () => {
    const { items, text } = complete(
      `${HEAD}PT: Upheld\nClaims Administrator guideline: x.\nMAXIMUS guideline: y.\nDecision rationale: The request is not medically necessary.\n\nAcupuncture x 6: Ov`,
    );
    assert.deepEqual(labels(items), ['Upheld', 'Overturned']);
    assert.equal(replaced(text, items[0]), 'Ov');
  });
});

describe('replace ranges stay on the cursor’s line (VS Code rejects multi-line completion ranges)', () => {
  /** Every item's edit is on the cursor's line and ends at the cursor. */
  function assertOnCursorLine(text: string, offset: number, items: CompletionItem[], where: string): void {
    const model = parseDetermination(text, kb);
    const cursor = model.lines.positionAt(offset);
    for (const item of items) {
      const r = (item.textEdit as TextEdit).range;
      assert.equal(r.start.line, cursor.line, `${where}: ${item.label} starts on line ${r.start.line}, cursor on ${cursor.line}`);
      assert.deepEqual(r.end, cursor, `${where}: ${item.label} ends at the cursor`);
    }
  }

  it('at the end of "Decision based on MTUS 3/2017\\nHOW T" no range reaches back to line 0', () => {
    const { items, text, offset } = complete('Decision based on MTUS 3/2017\nHOW T');
    assertOnCursorLine(text, offset, items, 'MTUS 3/2017 / HOW T');
    for (const i of items) assert.notEqual((i.textEdit as TextEdit).range.start.line, 0, i.label);
  });

  it('a guideline name wrapped over lines: the item inserts the rest of the name over the words on the cursor’s line', () => {
    const { items, text, offset } = complete(`${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS Chronic Pain\nMed`);
    assertOnCursorLine(text, offset, items, 'wrapped guideline');
    const item = items.find((i) => i.label === 'Chronic Pain Medical Treatment 2016')!;
    assert.ok(item, items.map((i) => i.label).join(', '));
    assert.equal((item.textEdit as TextEdit).newText, 'Medical Treatment 2016');
    assert.equal(replaced(text, item), 'Med');
    assert.ok(!items.some((i) => /^Low Back/.test(i.label)), 'names that do not go on from "Chronic Pain" are not offered');
  });

  it('a page list wrapped over lines replaces only the numbers on the cursor’s line', () => {
    const { items, text, offset } = complete(
      `${HEAD}PT: Upheld\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-\n9`,
    );
    assertOnCursorLine(text, offset, items, 'wrapped pages');
    const pm = items.find((i) => i.label === '98-99')!;
    assert.ok(pm);
    assert.equal((pm.textEdit as TextEdit).newText, '99');
    assert.equal(replaced(text, pm), '9');
  });

  it('at every cursor position of every sample letter (LF, CRLF and CR line breaks)', () => {
    const dir = path.join(REPO_ROOT, 'samples');
    let checked = 0;
    for (const f of readdirSync(dir).filter((n) => /\.(txt|imr)$/.test(n))) {
      const lf = readFileSync(path.join(dir, f), 'utf8').replace(/\r\n?/g, '\n');
      for (const [eol, text] of [
        ['LF', lf],
        ['CRLF', lf.replace(/\n/g, '\r\n')],
        ['CR', lf.replace(/\n/g, '\r')],
      ] as const) {
        const model = parseDetermination(text, kb);
        for (let o = 0; o <= text.length; o++) {
          const items = getCompletions(model, o, kb);
          if (items.length === 0) continue;
          const cursor = model.lines.positionAt(o);
          for (const item of items) {
            const r = (item.textEdit as TextEdit).range;
            if (r.start.line !== cursor.line || r.end.line !== cursor.line || r.end.character !== cursor.character || r.start.character > r.end.character) {
              assert.fail(
                `${f} (${eol}) offset ${o} ${JSON.stringify(text.slice(Math.max(0, o - 40), o))}: ${item.label} replaces ${JSON.stringify(r)}, cursor ${JSON.stringify(cursor)}`,
              );
            }
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 10_000, `${checked} items checked`);
  });
});
