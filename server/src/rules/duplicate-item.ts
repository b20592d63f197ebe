// duplicate-item: the same disputed item twice in one letter.
import type { Rule } from './rule';

export const duplicateItem: Rule = {
  code: 'duplicate-item',
  defaultSeverity: 'warning',
  description: 'The same disputed item appears twice.',
  // Within a letter: two letters of a batch may well dispute the same treatment.
  scope: 'letter',
  check({ model, report }) {
    const seen = new Map<string, number>();
    model.items.forEach((item, index) => {
      const key = `${item.preamble?.text.toLowerCase() ?? ''}|${item.name.text.toLowerCase().replace(/\s+/g, ' ')}`;
      if (!item.name.text) return;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, index);
        return;
      }
      const line = model.lines.positionAt(model.items[first].name.span.start).line + 1;
      report({ span: item.name.span, message: `'${item.name.text}' is listed twice (first on line ${line}).` });
    });
  },
};
