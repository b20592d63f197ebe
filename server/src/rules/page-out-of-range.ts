// page-out-of-range: a cited page outside the cited guideline's or chapter's own pages,
// reported only where that page span was seen in a source (verified in the knowledge base).
import { allCitations } from '../model/helpers';
import type { Rule } from './rule';

export const pageOutOfRange: Rule = {
  code: 'page-out-of-range',
  defaultSeverity: 'hint',
  description: "A cited page lies outside the guideline's or chapter's pages, where those are known from a verified source.",
  check({ model, kb, report }) {
    for (const c of allCitations(model)) {
      if ((c.kind !== 'mtus' && c.kind !== 'pageReference') || c.pages.length === 0) continue;
      const id = c.guideline?.guidelineId;
      if (!id) continue;
      const range = kb.verifiedPageRange(id);
      const g = kb.getGuideline(id);
      if (!range || !g?.pageRange) continue;
      for (const p of c.pages) {
        if (p.first >= range.first && p.last <= range.last) continue;
        report({
          span: p.part.span,
          message: `Page ${p.part.text} is outside ${g.title}, which runs from page ${range.first} to ${range.last} (source: ${g.pageRange.basis}).`,
        });
      }
    }
  },
};
