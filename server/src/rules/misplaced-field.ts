// misplaced-field: a field repeated within an item, or the three fields out of their usual order.
import { FIELD_ORDER } from '../model/types';
import type { Rule } from './rule';

export const misplacedField: Rule = {
  code: 'misplaced-field',
  defaultSeverity: 'warning',
  description: 'A field is repeated within an item, or the three fields are out of their usual order.',
  check({ model, report }) {
    for (const item of model.items) {
      const seen = new Set<string>();
      let lastOrder = -1;
      for (const field of item.allFields) {
        const order = FIELD_ORDER.indexOf(field.kind);
        if (seen.has(field.kind)) {
          report({ span: field.label.span, message: `'${field.label.text}' appears twice in '${item.name.text}'.` });
        } else if (order < lastOrder) {
          report({
            span: field.label.span,
            message: `'${field.label.text}' is out of order: the usual order is Claims Administrator guideline, MAXIMUS guideline, Decision rationale.`,
          });
        }
        seen.add(field.kind);
        lastOrder = Math.max(lastOrder, order);
      }
    }
  },
};
