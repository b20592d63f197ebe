// missing-section: a letter without one of its three required section headings; the fix
// inserts the heading where the letter's own text says it belongs.
import { letterName, letterSpan } from '../model/letters';
import type { Determination, SectionKind, Span } from '../model/types';
import type { Rule } from './rule';
import { lineSeparator, startOfLine } from './text';

interface RequiredSection {
  kind: SectionKind;
  heading: string;
  /** The standard sentence that opens the section: the heading goes right before it. */
  opening: RegExp;
}

const REQUIRED: RequiredSection[] = [
  { kind: 'determinationProcess', heading: 'HOW THE IMR FINAL DETERMINATION WAS MADE', opening: /^MAXIMUS Federal Services sent the complete case file/ },
  { kind: 'clinicalCaseSummary', heading: 'CLINICAL CASE SUMMARY', opening: /^The expert reviewer developed the following clinical case summary/ },
  { kind: 'issues', heading: 'IMR ISSUES, DECISIONS AND RATIONALES', opening: /^The Final Determination was based on decisions/ },
];

/** Layouts whose letters have the three standard sections. */
const LETTER_LAYOUTS = new Set(['2014-2015', '2016-2017', '2016-2017-layout', 'draft']);

function firstVisible(text: string, from: number): number {
  const re = /\S/g;
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : from;
}

/** Where a missing heading belongs (in `model`, one letter): before its opening sentence, else where the next section begins (or would). */
function insertionPoint(model: Determination, index: number): number {
  const req = REQUIRED[index];
  const letter = letterSpan(model);
  // The opening sentence that counts comes after the header and the sections before this one.
  let from = letter.start;
  for (const h of model.header) from = Math.max(from, (h.value ?? h.label).span.end);
  for (let k = 0; k < index; k++) {
    const s = model.sections.find((x) => x.kind === REQUIRED[k].kind);
    if (s) from = Math.max(from, s.heading.span.end);
  }
  // Line by line (LSP line breaks only: a regex's ^ would also stop at U+2028).
  const starts = model.lines.lineStarts;
  for (let line = model.lines.positionAt(from).line; line < starts.length && starts[line] < letter.end; line++) {
    const at = starts[line];
    if (at < from) continue;
    const end = model.lines.lineContentEnd(line);
    const indent = /^[ \t\f\v\u00a0\ufeff]*/.exec(model.text.slice(at, Math.min(end, at + 200)))![0].length;
    if (req.opening.test(model.text.slice(at + indent, Math.min(end, at + 200)))) return at + indent;
  }
  const next = index + 1 < REQUIRED.length ? REQUIRED[index + 1] : null;
  if (next) {
    const present = model.sections.find((s) => s.kind === next.kind);
    if (present) return startOfLine(model.text, present.heading.span.start);
    // The next heading is missing too: this one goes right before where that one will go.
    const after = insertionPoint(model, index + 1);
    if (after < letter.end) return after;
  }
  if (req.kind === 'issues' && model.items.length > 0) return startOfLine(model.text, model.items[0].header.start);
  if (req.kind === 'determinationProcess' && model.header.length === 0) return firstVisible(model.text, letter.start);
  return letter.end;
}

/** What the diagnostic marks: a neighbouring heading, never the whole document. */
function markFor(model: Determination, index: number): Span {
  for (let k = index + 1; k < REQUIRED.length; k++) {
    const s = model.sections.find((x) => x.kind === REQUIRED[k].kind);
    if (s) return s.heading.span;
  }
  for (let k = index - 1; k >= 0; k--) {
    const s = model.sections.find((x) => x.kind === REQUIRED[k].kind);
    if (s) return s.heading.span;
  }
  if (model.items.length > 0) return model.items[0].name.span;
  const at = firstVisible(model.text, letterSpan(model).start);
  const end = model.text.indexOf('\n', at);
  return { start: at, end: end < 0 ? model.text.length : end > at && model.text[end - 1] === '\r' ? end - 1 : end };
}

export const missingSection: Rule = {
  code: 'missing-section',
  defaultSeverity: 'warning',
  description: 'A letter lacks one of its required section headings.',
  scope: 'letter',
  check({ model, file, report }) {
    if (!LETTER_LAYOUTS.has(model.layout)) return;
    REQUIRED.forEach((req, index) => {
      if (model.sections.some((s) => s.kind === req.kind)) return;
      const at = insertionPoint(model, index);
      const sep = lineSeparator(model);
      const atEnd = at >= model.text.length;
      report({
        span: markFor(model, index),
        message: `${letterName(file, model)} has no '${req.heading}' section heading.`,
        fixes: [
          {
            title: `Insert heading '${req.heading}'`,
            edits: [{ span: { start: at, end: at }, newText: atEnd ? `${sep}${req.heading}${sep}` : `${req.heading}${sep}` }],
            safe: true,
          },
        ],
      });
    });
  },
};
