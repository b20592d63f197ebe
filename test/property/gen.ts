// Shared pieces of the property tests (issue 8 §1-3): the real letters the generators are
// built from, the generators themselves, run counts / seed, and the case tally.
//
// Environment:
//   IMR_PROPERTY_SEED   fixed fast-check seed (reproducible run); random otherwise (printed).
//   IMR_PROPERTY_SCALE  multiplies every numRuns (e.g. 0.1 for a quick local run); default 1,
//                       which is what CI runs (see the counts printed by each file).
//   IMR_PROPERTY_TALLY_DIR  where each file writes its case count (set by run.ts).
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, type Letter, noticeFragment, sampleLetters } from '../helpers/corpus';

// ---------------------------------------------------------------- run parameters

export const SEED: number | undefined = process.env.IMR_PROPERTY_SEED ? Number(process.env.IMR_PROPERTY_SEED) : undefined;
if (SEED !== undefined && !Number.isInteger(SEED)) throw new Error(`IMR_PROPERTY_SEED must be an integer, got '${process.env.IMR_PROPERTY_SEED}'`);
export const SCALE = process.env.IMR_PROPERTY_SCALE ? Number(process.env.IMR_PROPERTY_SCALE) : 1;
if (!(SCALE > 0)) throw new Error(`IMR_PROPERTY_SCALE must be a positive number, got '${process.env.IMR_PROPERTY_SCALE}'`);

/** `base` runs at scale 1 (CI), at least one. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * SCALE));
}

let tally = 0;
const perProperty: string[] = [];

/**
 * fc.assert, but counting: runs `prop` and throws fast-check's own report (seed, path and
 * shrunk counterexample) on failure. Every generated case is added to this file's tally.
 */
export function checkProperty<Ts>(name: string, prop: fc.IProperty<Ts>, numRuns: number): void {
  const started = Date.now();
  const details = fc.check(prop, { numRuns, seed: SEED, endOnFailure: false });
  tally += details.numRuns;
  perProperty.push(`${name}: ${details.numRuns} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${details.seed})`);
  if (details.failed) throw failure(name, details);
}

export async function checkAsyncProperty<Ts>(name: string, prop: fc.IAsyncProperty<Ts>, numRuns: number): Promise<void> {
  const started = Date.now();
  const details = await fc.check(prop, {
    numRuns,
    seed: SEED,
    endOnFailure: true /* no shrinking: each LSP case can wait seconds, shrinking would take hours */,
  });
  tally += details.numRuns;
  perProperty.push(`${name}: ${details.numRuns} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${details.seed})`);
  if (details.failed) throw failure(name, details);
}

/**
 * A readable failure: the error, how to replay it, and the shrunk counterexample (shortened;
 * the whole of it is written to a file, since letters are long).
 */
function failure<Ts>(name: string, details: fc.RunDetails<Ts>): Error {
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const example = JSON.stringify(details.counterexample);
  const file = path.join(os.tmpdir(), `imr-property-counterexample-${name.replace(/\W+/g, '-')}-${process.pid}.json`);
  try {
    writeFileSync(file, example ?? 'null');
  } catch {
    // the message below still has the beginning
  }
  const shown = example && example.length > 1500 ? `${example.slice(0, 1500)}... (${example.length} characters; all of it in ${file})` : example;
  return new Error(
    `property '${name}' failed after ${details.numRuns} cases: ${error}\n` +
      `replay: IMR_PROPERTY_SEED=${details.seed} (fast-check path "${details.counterexamplePath}")\n` +
      `shrunk counterexample: ${shown}`,
  );
}

/** Fixed (non-generated) edge cases count as cases too. */
export function countCases(n: number): void {
  tally += n;
}

/** Prints (and, under run.ts, records) how many cases this file ran. Call from `after`. */
export function reportTally(file: string): void {
  const lines = [
    `[property] ${path.basename(file)}: ${tally} generated cases${SEED !== undefined ? ` (IMR_PROPERTY_SEED=${SEED})` : ''}${SCALE !== 1 ? ` (IMR_PROPERTY_SCALE=${SCALE})` : ''}`,
    ...perProperty.map((p) => `[property]   ${p}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const dir = process.env.IMR_PROPERTY_TALLY_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${path.basename(file)}.json`), JSON.stringify({ file: path.basename(file), cases: tally, properties: perProperty }));
  }
}

// ---------------------------------------------------------------- the real letters

/** The seeds (always present) and, when present, the whole corpus and the 2013 fragment. */
export const LETTERS: Letter[] = (() => {
  const all = [...sampleLetters(), ...corpusLetters()];
  const notice = noticeFragment();
  if (notice) all.push(notice);
  return all;
})();
if (!CORPUS_PRESENT) process.stdout.write(`[property] ${CORPUS_ABSENT_MESSAGE}; generating from the ${LETTERS.length} seed letters in samples/ only\n`);

/** Lines of each letter, without their line breaks (form feeds stay where they are). */
export const LETTER_LINES: string[][] = LETTERS.map((l) => l.text.split(/\r\n|\n|\r/));
/** Paragraphs (runs of lines between blank lines) of each letter. */
export const LETTER_PARAGRAPHS: string[][] = LETTERS.map((l) => l.text.split(/(?:\r\n|\n|\r)[ \t\f]*(?:\r\n|\n|\r)/).filter((p) => p.length > 0));

/** Smaller letters for the expensive properties: at most `maxChars` characters. */
export function lettersUpTo(maxChars: number): number[] {
  return LETTERS.map((l, i) => [l.text.length, i])
    .filter(([n]) => n <= maxChars)
    .map(([, i]) => i);
}

// ---------------------------------------------------------------- text generators

/** Characters that break naive text handling. */
export const SPECIAL_CHARS = [
  '\u0000', // NUL
  '\f', // form feed (page break in pdftotext output)
  '\r', // CR-only line end
  '\n',
  '\r\n',
  '\uFEFF', // BOM / zero-width no-break space
  '\u2028', // line separator (not an LSP line break)
  '\u2029',
  '\u0085', // NEL
  '\t',
  '\v',
  '\u00A0',
  '\u200B',
  '\u202E', // right-to-left override
  '\uD800', // lone high surrogate
  '\uDBFF',
  '\uDC00', // lone low surrogate
  '\uDFFF',
  '\uD83D\uDE00', // a valid pair (emoji)
  'e\u0301', // combining accent
  '\uFFFD',
  '\uFFFF',
  '\\',
  '"',
  '$',
  '(',
  '[',
  '*',
  '?',
  '.',
];

/** Pieces of letter vocabulary, so random text reaches the parser's interesting paths. */
export const LETTER_TOKENS = [
  'Upheld',
  'Overturned',
  'upheld',
  'OVERTURNED',
  'Uphled',
  'Overtruned',
  'Partially upheld',
  'Denied',
  'Upheld.',
  ':',
  ': ',
  ' : ',
  '::',
  'is:',
  '1) ',
  '2) ',
  'Decision rationale:',
  'Claims Administrator guideline:',
  'MAXIMUS guideline:',
  'Decision rationales :',
  'claims administrator guidelines:',
  'Claims Administrator.',
  'Case Number:',
  'Date Assigned:',
  'Decision Date:',
  'Priority:',
  'Date of Injury:',
  'UR Denial Date:',
  'Application',
  'Received:',
  'Application Received:',
  'Dated:',
  'HOW THE IMR FINAL DETERMINATION WAS MADE',
  'CLINICAL CASE SUMMARY',
  'IMR ISSUES, DECISIONS AND RATIONALES',
  'IMR DECISION(S) AND RATIONALE(S)',
  'DOCUMENTS REVIEWED',
  'Case Summary',
  'Medical Qualifications of the Expert Reviewer',
  'MAXIMUS FEDERAL SERVICES, INC.',
  'Independent Medical Review',
  'MEDICAL PROFESSIONAL REVIEW',
  'ISSUE AT DISPUTE:',
  'CASE SUMMARY:',
  'DOCUMENTS REVIEWED FOR DETERMINATION:',
  'MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:',
  'RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:',
  'MEDICAL REVIEWER QUALIFICATIONS:',
  'Notice of Independent Medical Review Determination',
  'MAXIMUS Federal Services, Inc. has determined the request for ',
  'is not medically necessary and appropriate.',
  'is medically necessary',
  'is not medically necessary.',
  'cannot be deemed medically necessary',
  'The request is medically necessary.',
  'is not a medical necessity to the patient at this time.',
  'Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2009',
  'Decision based on MTUS ',
  'Chronic Pain Medical Treatment 2016',
  'ACOEM Chapter 12 Low Back Complaints',
  'Neck and Upper Back Complaints',
  'Low Back Complaints 2004',
  'Official Disability Guidelines',
  'Section(s):',
  'Section(s): ',
  'Page(s):',
  'Page(s): 98-99',
  'pages 98,99',
  'p.98-99',
  'pg. 64',
  'page 8',
  'Table 12-8',
  ', and ',
  ' and ',
  'Physical Medicine',
  'Opioids',
  '3.3.9 Opioids for Chronic Pain',
  ': Maintenance',
  'Decision based on Non-MTUS Citation',
  'based their decision on recommendation(s) outside of the MTUS Guidelines.',
  'http://www.odg-twc.com/',
  'https://example.org/x?y=1',
  'The Claims Administrator did not cite any medical evidence for its decision.',
  'The Expert Reviewer did not cite any medical evidence for its decision.',
  'State(s) of Licensure:',
  'Certification(s)/Specialty:',
  'The Expert Reviewer has the following credentials:',
  'The expert reviewer developed the following clinical case summary',
  'MAXIMUS Federal Services sent the complete case file',
  'The Final Determination was based on decisions for the disputed items/services set forth below:',
  'was the original request.',
  'was authorized by the Claims Administrator.',
  'The remaining IMR eligible portion of the original request,',
  'CM99-0000037',
  'CM14-0001',
  '11/09/2016',
  '02/30/2016',
  '13/45/2016',
  '1/1/99',
  'Standard',
  'Expedited',
  'Physical therapy 2x4',
  'Pre-op labs: CBC',
  'Oxycodone HCL ER 20mg #60 day supply: 30',
  'x-',
  'rays',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** One "character" of arbitrary Unicode: any code point, lone surrogates, and the specials. */
export const anyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_CHARS) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
);

/** Arbitrary Unicode text (lone surrogates, NUL, form feeds, CR-only line ends, BOM, ...). */
export const unicodeText = (maxLength = 200): fc.Arbitrary<string> => fc.string({ unit: anyChar, maxLength });

/** A random piece of a real letter. */
export const letterSnippet: fc.Arbitrary<string> = fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 300 })).map(([l, at, len]) => {
  const text = LETTERS[l % LETTERS.length].text;
  const start = at % (text.length + 1);
  return text.slice(start, start + len);
});

const eol = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\f', '\r\n\r\n', '\n\f\n');

/** Letter vocabulary, real-letter snippets, specials and random Unicode, run together. */
export const tokenSoup = (maxPieces = 40): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...LETTER_TOKENS) },
        { weight: 4, arbitrary: eol },
        { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '\t', '        ') },
        { weight: 2, arbitrary: letterSnippet },
        { weight: 2, arbitrary: unicodeText(12) },
        { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_CHARS) },
      ),
      { maxLength: maxPieces },
    )
    .map((parts) => parts.join(''));

/** How lines are joined again: one style, or a random style per line. */
const lineEndStyle = fc.oneof(fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n'), fc.constant('mixed'));

function joinLines(lines: string[], style: string, mix: number[]): string {
  if (style !== 'mixed') return lines.join(style);
  const styles = ['\n', '\r\n', '\r', '\n\n', '\f\n'];
  let out = '';
  lines.forEach((l, i) => {
    out += l;
    if (i < lines.length - 1) out += styles[(mix[i % mix.length] ?? 0) % styles.length];
  });
  return out;
}

/**
 * A document made of real letter fragments: runs of lines or paragraphs taken from random
 * places of random letters, in random order, joined by random line ends.
 */
export const fragmentDocument = (maxPieces = 30): fc.Arbitrary<string> =>
  fc
    .record({
      pieces: fc.array(fc.record({ letter: fc.nat(), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }), paragraphs: fc.boolean() }), { maxLength: maxPieces }),
      style: lineEndStyle,
      mix: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
      bom: fc.boolean(),
    })
    .map(({ pieces, style, mix, bom }) => {
      const lines: string[] = [];
      for (const p of pieces) {
        const src = (p.paragraphs ? LETTER_PARAGRAPHS : LETTER_LINES)[p.letter % LETTERS.length];
        if (src.length === 0) continue;
        const start = p.at % src.length;
        // A paragraph of a letter without blank lines is the whole letter: take a piece of it.
        if (p.paragraphs) lines.push(...src.slice(start, start + Math.min(p.len, 3)).map((para) => para.slice(0, 1500)));
        else lines.push(...src.slice(start, start + p.len));
      }
      return (bom ? '\uFEFF' : '') + joinLines(lines, style, mix);
    });

// ---------------------------------------------------------------- edits to real letters

export type Edit =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; len: number }
  | { op: 'replace'; at: number; len: number; text: string }
  | { op: 'duplicateLine'; line: number; count: number }
  | { op: 'deleteLine'; line: number; count: number }
  | { op: 'moveLine'; from: number; to: number }
  | { op: 'swapDecisions'; a: number; b: number }
  | { op: 'flipDecision'; k: number }
  | { op: 'lineEnds'; style: string }
  | { op: 'bom' }
  | { op: 'longLine'; at: number; length: number; ch: string }
  | { op: 'special'; at: number; ch: string };

export const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(tokenSoup(6), unicodeText(20), letterSnippet) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 0, max: 400 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('replace' as const),
      at: fc.nat(),
      len: fc.integer({ min: 0, max: 60 }),
      text: fc.oneof(tokenSoup(4), unicodeText(10)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deleteLine' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('moveLine' as const), from: fc.nat(), to: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swapDecisions' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('flipDecision' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('lineEnds' as const), style: fc.constantFrom('\n', '\r\n', '\r', '\n\n') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bom' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('longLine' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1000, max: 30000 }),
      ch: fc.constantFrom('a', ' ', ':', 'Upheld ', '\t', 'x: '),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('special' as const), at: fc.nat(), ch: fc.constantFrom(...SPECIAL_CHARS) }) },
);

const DECISION_WORD = /\b(Upheld|Overturned)\b/g;

function lineSpans(text: string): { start: number; end: number }[] {
  // Each line with its break.
  const spans: { start: number; end: number }[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    spans.push({ start, end: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  spans.push({ start, end: text.length });
  return spans;
}

export function applyEdit(text: string, e: Edit): string {
  const at = (n: number) => n % (text.length + 1);
  switch (e.op) {
    case 'insert':
      return text.slice(0, at(e.at)) + e.text + text.slice(at(e.at));
    case 'delete': {
      const s = at(e.at);
      return text.slice(0, s) + text.slice(s + e.len);
    }
    case 'replace': {
      const s = at(e.at);
      return text.slice(0, s) + e.text + text.slice(s + e.len);
    }
    case 'duplicateLine':
    case 'deleteLine': {
      const lines = lineSpans(text);
      const first = lines[e.line % lines.length];
      const last = lines[Math.min(lines.length - 1, (e.line % lines.length) + e.count - 1)];
      const chunk = text.slice(first.start, last.end);
      return e.op === 'deleteLine' ? text.slice(0, first.start) + text.slice(last.end) : text.slice(0, last.end) + chunk + text.slice(last.end);
    }
    case 'moveLine': {
      const lines = lineSpans(text);
      const from = lines[e.from % lines.length];
      const line = text.slice(from.start, from.end);
      const rest = text.slice(0, from.start) + text.slice(from.end);
      const to = lineSpans(rest)[e.to % lines.length] ?? { start: rest.length };
      return rest.slice(0, to.start) + line + rest.slice(to.start);
    }
    case 'swapDecisions':
    case 'flipDecision': {
      const found = [...text.matchAll(DECISION_WORD)];
      if (found.length === 0) return text;
      if (e.op === 'flipDecision') {
        const m = found[e.k % found.length];
        return text.slice(0, m.index) + (m[0] === 'Upheld' ? 'Overturned' : 'Upheld') + text.slice(m.index! + m[0].length);
      }
      const [a, b] = [found[e.a % found.length], found[e.b % found.length]].sort((x, y) => x.index! - y.index!);
      if (a.index === b.index) return text;
      return text.slice(0, a.index) + b[0] + text.slice(a.index! + a[0].length, b.index) + a[0] + text.slice(b.index! + b[0].length);
    }
    case 'lineEnds':
      return text.replace(/\r\n|\n|\r/g, e.style);
    case 'bom':
      return text.startsWith('\uFEFF') ? text : `\uFEFF${text}`;
    case 'longLine':
      return text.slice(0, at(e.at)) + e.ch.repeat(Math.ceil(e.length / e.ch.length)) + text.slice(at(e.at));
    case 'special':
      return text.slice(0, at(e.at)) + e.ch + text.slice(at(e.at));
  }
}

/** A real letter (index into LETTERS, or into `pool` when given) with random edits applied. */
export const editedLetter = (maxEdits = 8, pool?: number[]): fc.Arbitrary<{ letter: number; edits: Edit[]; text: string }> =>
  fc.record({ letter: fc.nat(), edits: fc.array(edit, { maxLength: maxEdits }) }).map(({ letter, edits }) => {
    const index = pool && pool.length > 0 ? pool[letter % pool.length] : letter % LETTERS.length;
    let text = LETTERS[index].text;
    for (const e of edits) text = applyEdit(text, e);
    return { letter: index, edits, text };
  });

/** Short description of a generated letter, for failure messages (never the whole text). */
export function describeLetter(index: number): string {
  return LETTERS[index]?.id ?? `letter #${index}`;
}
