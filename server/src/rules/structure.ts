// missing-section, no-items, duplicate-item, misplaced-field: the letter's shape.
import { letterName, letterSpan } from '../parse/letters';
import { FIELD_ORDER, type Determination, type SectionKind, type Span } from '../model/types';
import type { Problem, Rule } from './rule';
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
  check({ model, file }) {
    if (!LETTER_LAYOUTS.has(model.layout)) return [];
    const problems: Problem[] = [];
    REQUIRED.forEach((req, index) => {
      if (model.sections.some((s) => s.kind === req.kind)) return;
      const at = insertionPoint(model, index);
      const sep = lineSeparator(model);
      const atEnd = at >= model.text.length;
      problems.push({
        span: markFor(model, index),
        message: `${letterName(file, model)} has no '${req.heading}' section heading.`,
        fixes: [{ title: `Insert heading '${req.heading}'`, edits: [{ span: { start: at, end: at }, newText: atEnd ? `${sep}${req.heading}${sep}` : `${req.heading}${sep}` }], safe: true }],
      });
    });
    return problems;
  },
};

export const noItems: Rule = {
  code: 'no-items',
  defaultSeverity: 'warning',
  description: 'The issues section lists no disputed item.',
  scope: 'letter',
  check({ model, file }) {
    const issues = model.sections.find((s) => s.kind === 'issues');
    if (!issues) return [];
    // The 2013 notice lists its numbered decisions above the decision heading.
    if (model.layout === '2013-notice' && model.items.length > 0) return [];
    if (model.items.some((i) => i.span.start >= issues.span.start && i.span.start <= Math.max(issues.span.end, issues.heading.span.end))) return [];
    const where = file.parts.length > 1 ? ` of ${letterName(file, model).replace(/^Letter/, 'letter')}` : '';
    return [{ span: issues.heading.span, message: `The issues section${where} lists no disputed item (\`<item>: Upheld\` or \`<item>: Overturned\`).` }];
  },
};

export const duplicateItem: Rule = {
  code: 'duplicate-item',
  defaultSeverity: 'warning',
  description: 'The same disputed item appears twice.',
  // Within a letter: two letters of a batch may well dispute the same treatment.
  scope: 'letter',
  check({ model }) {
    const seen = new Map<string, number>();
    const problems: Problem[] = [];
    model.items.forEach((item, index) => {
      const key = `${item.preamble?.text.toLowerCase() ?? ''}|${item.name.text.toLowerCase().replace(/\s+/g, ' ')}`;
      if (!item.name.text) return;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, index);
        return;
      }
      const line = model.lines.positionAt(model.items[first].name.span.start).line + 1;
      problems.push({ span: item.name.span, message: `'${item.name.text}' is listed twice (first on line ${line}).` });
    });
    return problems;
  },
};

export const misplacedField: Rule = {
  code: 'misplaced-field',
  defaultSeverity: 'warning',
  description: 'A field is repeated within an item, or the three fields are out of their usual order.',
  check({ model }) {
    const problems: Problem[] = [];
    for (const item of model.items) {
      const seen = new Set<string>();
      let lastOrder = -1;
      for (const field of item.allFields) {
        const order = FIELD_ORDER.indexOf(field.kind);
        if (seen.has(field.kind)) {
          problems.push({ span: field.label.span, message: `'${field.label.text}' appears twice in '${item.name.text}'.` });
        } else if (order < lastOrder) {
          problems.push({
            span: field.label.span,
            message: `'${field.label.text}' is out of order: the usual order is Claims Administrator guideline, MAXIMUS guideline, Decision rationale.`,
          });
        }
        seen.add(field.kind);
        lastOrder = Math.max(lastOrder, order);
      }
    }
    return problems;
  },
};
