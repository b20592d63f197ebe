// Issue 8 §1: for any text — real letter fragments, real letters under random edits,
// arbitrary Unicode, empty and huge input — parsing and every feature (rules/diagnostics,
// symbols, folding, code actions, fix-all, hover, completion) never throw, every returned
// range lies inside the document, every symbol's selectionRange lies inside its range, and
// the same input gives the same output.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { fixAllEdits, getCodeActions } from '../../server/src/features/codeActions';
import { toDiagnostics } from '../../server/src/features/diagnostics';
import { getFoldingRanges } from '../../server/src/features/folding';
import { getDocumentSymbols } from '../../server/src/features/symbols';
import { parseDetermination } from '../../server/src/parse/parser';
import { runRules } from '../../server/src/rules/engine';
import { analyse, checkOutputs, checkText, KB, OPTIONAL_FEATURES, wire } from './check';
import { checkProperty, countCases, describeLetter, editedLetter, fragmentDocument, LETTERS, reportTally, runs, tokenSoup, unicodeText } from './gen';

after(() => reportTally(__filename));

/** An issues section with `n` items that have no fields (three findings each, each with a safe fix). */
function manyItems(n: number): string {
  return `IMR ISSUES, DECISIONS AND RATIONALES\n${Array.from({ length: n }, (_, i) => `Item ${i}: Upheld`).join('\n')}`;
}

/** The features one by one, each step reusing the previous results. */
function analyseParts(text: string) {
  let model!: ReturnType<typeof parseDetermination>;
  let findings!: ReturnType<typeof runRules>;
  let diagnostics!: ReturnType<typeof toDiagnostics>;
  return {
    prepare() {
      model = parseDetermination(text, KB);
      findings = runRules(model, KB, {});
      diagnostics = toDiagnostics(model, findings);
    },
    parse: () => parseDetermination(text, KB),
    rules: () => runRules(model, KB, {}),
    symbols: () => getDocumentSymbols(model),
    folding: () => getFoldingRanges(model),
    actions: () => getCodeActions(model, 'file:///x.imr', findings, diagnostics, undefined),
    fixAll: () => fixAllEdits(model, findings),
  };
}

/** A property that checks one text; the failure names the text (JSON-escaped, shortened). */
/**
 * A property that checks one text, with a few extra hover/completion offsets. Determinism
 * (a second full run) is checked on every case when `everyCase`, else on one case in three
 * (the letter-sized generators, to keep the CI budget).
 */
function textProperty<T>(arb: fc.Arbitrary<T>, textOf: (v: T) => string, everyCase = true) {
  return fc.property(arb, fc.array(fc.nat(), { maxLength: 3 }), fc.nat(2), (v, probes, third) => {
    checkText(textOf(v), { probes, deterministic: everyCase || third === 0 });
  });
}

describe('never throws, ranges inside the document, deterministic', () => {
  test('arbitrary Unicode (lone surrogates, NUL, form feeds, CR-only and CRLF line ends, BOM)', () => {
    checkProperty(
      'arbitrary Unicode',
      textProperty(unicodeText(300), (s) => s),
      runs(35_000),
    );
  });

  test('letter vocabulary and real-letter snippets run together with random Unicode', () => {
    checkProperty(
      'token soup',
      textProperty(tokenSoup(60), (s) => s),
      runs(45_000),
    );
  });

  test('documents built from shuffled lines and paragraphs of real letters', () => {
    checkProperty(
      'letter fragments',
      textProperty(fragmentDocument(20), (s) => s, false),
      runs(10_000),
    );
  });

  test('real letters under random edits (insert, delete, replace, duplicate/delete/move lines, swap decisions, line ends, BOM, long lines)', () => {
    checkProperty(
      'edited letters',
      fc.property(editedLetter(8), fc.array(fc.nat(), { maxLength: 3 }), fc.nat(2), ({ letter, text }, probes, third) => {
        try {
          checkText(text, { probes, deterministic: third === 0 });
        } catch (e) {
          (e as Error).message = `[from ${describeLetter(letter)}] ${(e as Error).message}`;
          throw e;
        }
      }),
      runs(6_000),
    );
  });

  test('without a knowledge base the parser is just as total', () => {
    checkProperty(
      'no knowledge base',
      fc.property(fc.oneof(tokenSoup(40), fragmentDocument(20)), (text) => {
        const { model, out } = analyse(text, { kb: null });
        checkOutputs(text, model, out);
      }),
      runs(3_000),
    );
  });
});

describe('edge cases: empty and huge input', () => {
  const edge: [string, () => string][] = [
    ['empty', () => ''],
    ['one space', () => ' '],
    ['BOM only', () => '\uFEFF'],
    ['NUL only', () => '\u0000'],
    ['lone surrogates only', () => '\uD800\uDC00\uDC00\uD800'],
    ['CR only', () => '\r'],
    ['CRLF only', () => '\r\n'],
    ['form feeds only', () => '\f\f\f'],
    ['a colon', () => ':'],
    ['a decision alone', () => 'Upheld'],
    ['an item header alone', () => 'x: Upheld'],
    ['a field label alone', () => 'Decision rationale:'],
    [
      'every seed letter with CR-only line ends',
      () =>
        LETTERS.slice(0, 5)
          .map((l) => l.text.replace(/\r\n|\n/g, '\r'))
          .join('\r'),
    ],
    [
      'every seed letter with CRLF line ends and a BOM',
      () =>
        `\uFEFF${LETTERS.slice(0, 5)
          .map((l) => l.text.replace(/\r\n|\n/g, '\r\n'))
          .join('\r\n')}`,
    ],
    ['a 1 MB line without a break', () => 'Upheld: '.repeat(131_072)],
    [
      'a 1 MB line of one letter repeated without line breaks',
      () => LETTERS[0].text.replace(/\r\n|\n|\r/g, ' ').repeat(Math.ceil(1_000_000 / LETTERS[0].text.length)),
    ],
    ['200,000 CR-only empty lines', () => '\r'.repeat(200_000)],
    ['100,000 lone surrogates', () => '\uDC00\uD800'.repeat(50_000)],
    ['3,000 items without fields', () => manyItems(3_000)],
    [
      '5,000 complete items',
      () =>
        `IMR ISSUES, DECISIONS AND RATIONALES\n${Array.from({ length: 5_000 }, (_, i) => `Item ${i % 50}: Overturned\nClaims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2009, Page(s): 98-99\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2009, Section(s): Physical Medicine\nDecision rationale: The request is not medically necessary.`).join('\n')}`,
    ],
  ];
  for (const [name, make] of edge) {
    test(name, () => {
      const text = make();
      checkText(text);
      countCases(1);
    });
  }

  test('huge: every letter of the corpus concatenated (MB-sized), once per line-end style, in bounded time', () => {
    const all = LETTERS.map((l) => l.text).join('\n');
    for (const style of ['\n', '\r\n', '\r']) {
      const text = all.replace(/\r\n|\n|\r/g, style);
      const started = Date.now();
      const { model, out } = analyse(text);
      const elapsed = Date.now() - started;
      checkOutputs(text, model, out);
      assert.ok(model.items.length > 0, 'the concatenated letters have items');
      // Linear work: about a second on a laptop for 2.5 MB; a quadratic slip would take minutes.
      assert.ok(elapsed < 30_000, `analysing ${text.length} characters took ${elapsed} ms`);
      process.stdout.write(`[property] huge input: ${(text.length / 1e6).toFixed(1)} M characters, ${model.items.length} items, ${elapsed} ms\n`);
      countCases(1);
    }
  });

  test('the same text parsed twice gives deep-equal models (determinism of the model itself)', () => {
    for (const l of LETTERS) {
      const a = parseDetermination(l.text, KB);
      const b = parseDetermination(l.text, KB);
      assert.deepStrictEqual(a, b, `${l.id}: two parses differ`);
      const x = analyse(l.text);
      const y = analyse(l.text);
      assert.equal(wire(x.out), wire(y.out), `${l.id}: two analyses differ`);
    }
    countCases(LETTERS.length);
  });
});

describe('time grows linearly with the number of items', () => {
  // Every feature on N and on 4N items: linear work takes about 4 times as long, quadratic
  // work 16 times. A 10 MB file (the default size limit) of concatenated letters holds
  // thousands of items, and a feature that freezes the server for minutes on it is a defect.
  const features: [string, (a: ReturnType<typeof analyseParts>) => unknown][] = [
    ['parseDetermination', (a) => a.parse()],
    ['runRules', (a) => a.rules()],
    ['getDocumentSymbols', (a) => a.symbols()],
    ['getFoldingRanges', (a) => a.folding()],
    ['getCodeActions (all diagnostics, as for a whole-document selection)', (a) => a.actions()],
    ['fixAllEdits', (a) => a.fixAll()],
  ];
  for (const [name, run] of features) {
    test(`${name}: 4x the items takes well under 16x the time`, () => {
      // The fastest of three runs: a pause of the machine (another process, a GC) only slows one.
      const time = (n: number) => {
        let best = Infinity;
        for (let k = 0; k < 3; k++) {
          const a = analyseParts(manyItems(n));
          a.prepare();
          const started = process.hrtime.bigint();
          run(a);
          best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
        }
        return best;
      };
      time(500); // warm up
      const small = Math.max(time(1_500), 1);
      const large = time(6_000);
      countCases(1);
      process.stdout.write(`[property] ${name}: 1,500 items ${small.toFixed(0)} ms, 6,000 items ${large.toFixed(0)} ms\n`);
      assert.ok(
        large < 300 || large / small < 9,
        `${name}: 1,500 items took ${small.toFixed(0)} ms, 6,000 items ${large.toFixed(0)} ms (x${(large / small).toFixed(1)}: quadratic)`,
      );
    });
  }
});

describe('hover and completion (written by another engineer)', () => {
  for (const [name, f] of Object.entries(OPTIONAL_FEATURES)) {
    const title = f.fn
      ? `${name}: ${f.path} is present and included in every property above`
      : `${name}: ${f.path} ABSENT — its properties did NOT run${process.env.CI ? ' (fails under CI)' : ''}`;
    // Absent: skipped locally (the title says so), a failure under CI.
    test(title, { skip: !f.fn && !process.env.CI ? `${f.problem}` : false }, () => {
      if (!f.fn) assert.fail(`${name} properties did not run: ${f.problem}`);
    });
  }
});
