// unknown-section: a `Section(s):` name that is not a section of the cited guideline.
import { allCitations } from '../model/helpers';
import type { Rule } from './rule';

export const unknownSection: Rule = {
  code: 'unknown-section',
  defaultSeverity: 'hint',
  description: 'A `Section(s):` name is not a section of the cited MTUS guideline in the knowledge base.',
  check({ model, kb, report }) {
    for (const c of allCitations(model)) {
      const id = c.guideline?.guidelineId;
      // An unknown guideline is reported once by unknown-guideline, not once per section.
      if (c.kind !== 'mtus' || !id) continue;
      const g = kb.getGuideline(id);
      for (const s of c.sections) {
        if (kb.findSection(id, s.text)) continue;
        report({
          span: s.span,
          message: /^\d+(?:\s*[-,]\s*\d+)*$/.test(s.text)
            ? `'${s.text}' is a number, not a section name of ${g ? g.title : c.guideline!.name.text}; if it is a page, cite it as 'Page(s): ${s.text}'.`
            : `'${s.text}' is not a section of ${g ? g.title : c.guideline!.name.text} that the knowledge base knows.`,
        });
      }
    }
  },
};
