// citation-without-reference: an MTUS citation that names a guideline but neither a
// section nor pages, so a reader cannot find what was relied on. A section's heading written
// after the guideline without `Section(s):` (`... Treatment Guidelines Physical Medicine`, as
// utilization review often cites) names the section: the hover calls it so too.
import type { Rule } from './rule';

export const citationWithoutReference: Rule = {
  code: 'citation-without-reference',
  defaultSeverity: 'hint',
  description: 'An MTUS citation with neither `Section(s):` nor `Page(s):`.',
  check({ model, kb, report }) {
    for (const item of model.items) {
      for (const field of item.allFields) {
        if (field.kind === 'decisionRationale') continue;
        for (const c of field.citations) {
          if (c.kind !== 'mtus' || c.sections.length > 0 || c.pages.length > 0 || c.referenceLabel) continue;
          if (c.topic && kb.findTopicSection(c.guideline?.guidelineId, c.topic.text)) continue;
          const span = c.guideline?.name.span ?? c.span;
          const topic = c.topic ? ` ('${c.topic.text}' is not a section of this guideline that the knowledge base knows)` : '';
          report({ span, message: `The MTUS citation '${c.guideline?.name.text ?? ''}' names no section or pages${topic}.` });
        }
      }
    }
  },
};
