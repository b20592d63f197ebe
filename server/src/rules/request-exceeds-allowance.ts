// request-exceeds-allowance: an Overturned therapy item that asks for more visits than the
// largest allowance of every topic its MAXIMUS guideline cites. Information only: a reviewer
// may authorize more for good reason; the QA editor should see that the rationale says why.
import { citedAllowances, defaultAllowances, largestVisits } from '../mtus/allowances';
import type { Rule } from './rule';

export const requestExceedsAllowance: Rule = {
  code: 'request-exceeds-allowance',
  defaultSeverity: 'information',
  description: 'An Overturned therapy item asks for more visits than any allowance of the MTUS topics its MAXIMUS guideline cites.',
  check({ model, kb, report }) {
    const allowances = defaultAllowances();
    for (const item of model.items) {
      const visits = item.request?.visits;
      if (item.decision.kind !== 'Overturned' || visits === undefined) continue;
      const cited = citedAllowances(item.fields.maximusGuideline, kb, allowances);
      // Every cited topic with a known allowance must be exceeded; a topic without one says nothing.
      const limits = cited.map((c) => ({ title: c.title, max: largestVisits(c.figures) })).filter((c): c is { title: string; max: number } => c.max !== null);
      if (limits.length === 0 || !limits.every((l) => visits > l.max)) continue;
      const most = limits.map((l) => `${l.title}: up to ${l.max}`).join('; ');
      report({
        span: item.request!.text ? item.request!.span : item.name.span,
        message: `Overturned for ${item.request!.minVisits !== undefined ? 'up to ' : ''}${visits} visits, more than the guideline it cites allows (${most}). Check that the rationale explains why more is necessary.`,
      });
    }
  },
};
