// no-items: an issues section that lists no disputed item.
import { letterName } from '../model/letters';
import type { Rule } from './rule';

export const noItems: Rule = {
  code: 'no-items',
  defaultSeverity: 'warning',
  description: 'The issues section lists no disputed item.',
  scope: 'letter',
  check({ model, file, report }) {
    const issues = model.sections.find((s) => s.kind === 'issues');
    if (!issues) return;
    // The 2013 notice lists its numbered decisions above the decision heading.
    if (model.layout === '2013-notice' && model.items.length > 0) return;
    if (model.items.some((i) => i.span.start >= issues.span.start && i.span.start <= Math.max(issues.span.end, issues.heading.span.end))) return;
    const where = file.parts.length > 1 ? ` of ${letterName(file, model).replace(/^Letter/, 'letter')}` : '';
    report({ span: issues.heading.span, message: `The issues section${where} lists no disputed item (\`<item>: Upheld\` or \`<item>: Overturned\`).` });
  },
};
