// The check shared by missing-rationale, missing-claims-administrator-guideline and
// missing-maximus-guideline: every disputed item states the guideline each side relied on
// and the reviewer's rationale. One rule per field (own code and setting).
import { letterAt } from '../parse/letters';
import { FIELD_TITLES } from '../model/helpers';
import { FIELD_LABELS, FIELD_ORDER, type DisputedItem, type FieldKind } from '../model/types';
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

export function missingFieldRule(code: string, kind: FieldKind): Rule {
  return {
    code,
    defaultSeverity: 'error',
    description: `A disputed item has no \`${FIELD_LABELS[kind]}\` field, or the field is empty.`,
    check(ctx) {
      for (const item of ctx.model.items) {
        if (item.style !== 'letter') continue;
        const field = item.fields[kind];
        const name = item.name.text || 'This item';
        if (!field) {
          ctx.report({
            span: item.name.span.end > item.name.span.start ? item.name.span : item.header,
            message: `'${name}' has no ${FIELD_TITLES[kind]} (the '${FIELD_LABELS[kind]}' field is missing).`,
            fixes: [insertFieldFix(ctx, item, kind)],
          });
        } else if (field.value.text.length === 0) {
          ctx.report({
            span: field.label.span,
            message: `The ${FIELD_TITLES[kind]} of '${name}' is empty.`,
            fixes: [{ title: `Add a placeholder ${FIELD_TITLES[kind]}`, edits: [{ span: { start: field.label.span.end, end: field.label.span.end }, newText: ` ${FIELD_PLACEHOLDER}` }], safe: true }],
          });
        }
      }
    },
  };
}
