// The check shared by missing-rationale, missing-claims-administrator-guideline and
// missing-maximus-guideline: every disputed item states the guideline each side relied on
// and the reviewer's rationale. One rule per field (own code and setting).
import { letterAt } from '../model/letters';
import { FIELD_TITLES } from '../model/helpers';
import { FIELD_LABELS, FIELD_ORDER, type DisputedItem, type FieldKind, type TextPart } from '../model/types';
import type { Fix, Rule, RuleContext } from './rule';
import { lineSeparator } from './text';

/** Placeholder inserted by the fix: clearly unfinished, and cites nothing. */
export const FIELD_PLACEHOLDER = '[to be completed]';

function insertFieldFix(ctx: RuleContext, item: DisputedItem, kind: FieldKind): Fix {
  // After the nearest field that comes before it in the usual order, else after the header.
  const order = FIELD_ORDER.indexOf(kind);
  let after = item.header.end;
  for (let k = order - 1; k >= 0; k--) {
    const f = item.fields[FIELD_ORDER[k]];
    if (f) {
      after = Math.max(f.label.span.end, f.value.span.end);
      break;
    }
  }
  // Written the way the item's own letter is (a batch may mix the 2014-2015 and later layouts).
  const text = `${lineSeparator(letterAt(ctx.model, after))}${FIELD_LABELS[kind]} ${FIELD_PLACEHOLDER}`;
  return { title: `Insert '${FIELD_LABELS[kind]}'`, edits: [{ span: { start: after, end: after }, newText: text }], safe: true };
}

/**
 * The first paragraph of the item labelled with one of `labels` instead of the field's own label
 * (`Reasoning:` for `Decision rationale:`): the label at a line start, through its colon. Looked
 * for between the item's header and the next item, the next section heading or the letter's end.
 */
export function otherLabel(ctx: RuleContext, item: DisputedItem, labels: RegExp, next: DisputedItem | undefined): TextPart | null {
  const model = ctx.model;
  let end = Math.min(next?.header.start ?? model.length, letterAt(model, item.header.start).parts[0]?.span.end ?? model.length);
  for (const section of model.sections) if (section.span.start > item.header.end && section.span.start < end) end = section.span.start;
  const at = new RegExp(`^[ \\t\\f]*(?:${labels.source})[ \\t]*:`, 'gim');
  const region = model.text.slice(item.header.end, end);
  let m = at.exec(region);
  // Only at the start of a line of its own: the region begins on the header's line.
  while (m && m.index === 0) m = at.exec(region);
  if (!m) return null;
  const start = item.header.end + m.index + (m[0].length - m[0].trimStart().length);
  return { span: { start, end: item.header.end + m.index + m[0].length }, text: m[0].trim() };
}

/** `Reasoning:` -> `Decision rationale:`, exactly the label. */
function relabelFix(label: TextPart, kind: FieldKind): Fix {
  return { title: `Relabel '${label.text}' as '${FIELD_LABELS[kind]}'`, edits: [{ span: label.span, newText: FIELD_LABELS[kind] }], safe: true };
}

/**
 * `alsoLabelled`: other labels people give the field (`Reasoning|Rationale`, a regex source): an
 * item without the field but with such a paragraph is told so, and offered the relabelling first.
 */
export function missingFieldRule(code: string, kind: FieldKind, alsoLabelled?: RegExp): Rule {
  return {
    code,
    defaultSeverity: 'error',
    description: `A disputed item has no \`${FIELD_LABELS[kind]}\` field, or the field is empty.`,
    check(ctx) {
      ctx.model.items.forEach((item, k) => {
        if (item.style !== 'letter') return;
        const field = item.fields[kind];
        const name = item.name.text || 'This item';
        if (!field) {
          const other = alsoLabelled ? otherLabel(ctx, item, alsoLabelled, ctx.model.items[k + 1]) : null;
          const missing = `'${name}' has no ${FIELD_TITLES[kind]} (the '${FIELD_LABELS[kind]}' field is missing)`;
          ctx.report({
            span: item.name.span.end > item.name.span.start ? item.name.span : item.header,
            message: other ? `${missing}, but has a paragraph labelled '${other.text}': relabel it '${FIELD_LABELS[kind]}'.` : `${missing}.`,
            fixes: other ? [relabelFix(other, kind), { ...insertFieldFix(ctx, item, kind), safe: false }] : [insertFieldFix(ctx, item, kind)],
          });
        } else if (field.value.text.length === 0) {
          ctx.report({
            span: field.label.span,
            message: `The ${FIELD_TITLES[kind]} of '${name}' is empty.`,
            fixes: [
              {
                title: `Add a placeholder ${FIELD_TITLES[kind]}`,
                edits: [{ span: { start: field.label.span.end, end: field.label.span.end }, newText: ` ${FIELD_PLACEHOLDER}` }],
                safe: true,
              },
            ],
          });
        }
      });
    },
  };
}
