// The request section that leads a therapy item's hover: how many visits the item asks for,
// then the allowances of the topics its MAXIMUS guideline cites (and the Claims Administrator's,
// when they cite other topics), whether the request is within or above each, and where the
// figures come from. A figure without evidence is marked as recalled, not stated as fact.
import { describeRequest } from '../parse/request';
import type { DisputedItem } from '../model/types';
import { type Allowance, type CitedAllowances, citedAllowances, defaultAllowances, type Allowances } from '../mtus/allowances';
import type { KnowledgeBase } from '../mtus/query';
import { NOT_VERIFIED } from './markdown';

/** Markdown for the item's request, or null when the item is not a therapy request. */
export function requestHoverMarkdown(item: DisputedItem, kb: KnowledgeBase, allowances: Allowances = defaultAllowances()): string | null {
  const r = item.request;
  if (!r) return null;
  const out: string[] = [];
  const head = describeRequest(r);
  const colon = head.indexOf(': ');
  if (r.visits === undefined) out.push(`**Visits requested**: not stated in the name${r.perWeek !== undefined ? ` (${r.perWeek} a week)` : ''}`);
  else out.push(colon < 0 ? `**${head} requested**` : `**${head.slice(0, colon)} requested**: ${head.slice(colon + 2)}`);
  const maximus = citedAllowances(item.fields.maximusGuideline, kb, allowances);
  const claims = citedAllowances(item.fields.claimsAdministratorGuideline, kb, allowances).filter((c) => !maximus.some((m) => m.id === c.id));
  if (maximus.length === 0 && claims.length === 0) {
    out.push('', 'No visit allowance is known for the guideline sections this item cites.');
    return out.join('\n');
  }
  const confidences = new Set<string>();
  for (const [who, groups] of [
    ['MAXIMUS cites', maximus],
    ['Claims Administrator cites', claims],
  ] as const) {
    for (const g of groups) {
      out.push('', `${who} **${g.title}**:`);
      for (const a of g.figures) {
        out.push(`- ${figureLine(a, r.visits)}`);
        confidences.add(a.confidence);
      }
      // ODG figures only where the MTUS topic gives none, and only for the body part requested:
      // the hover must fit its box with the MTUS allowances first.
      if (g.figures.length > 0) continue;
      for (const a of g.odg)
        if (!a.bodyParts || a.bodyParts.some((b) => r.bodyPart?.toLowerCase().includes(b))) out.push(`- ${figureLine(a, r.visits)} _(outside the MTUS)_`);
    }
  }
  out.push('', sourceLine([...maximus, ...claims], confidences, kb));
  return out.join('\n');
}

function figureLine(a: Allowance, visits: number | undefined): string {
  const text = a.fact ? a.text : `${a.text} (recalled, not verified)`;
  if (visits === undefined || !a.visits || a.what === 'notRecommended' || a.what === 'frequency' || a.what === 'duration') return cap(text);
  const max = a.visits[1];
  const verdict = visits <= max ? 'within' : `**above** (${visits} > ${max})`;
  return `${cap(text)}: ${verdict}`;
}

/**
 * One line: the sections the figures are in, the pages (with where a page number comes from
 * and its confidence, worded like the citation hovers), and how many letters quote them.
 */
function sourceLine(groups: CitedAllowances[], confidences: Set<string>, kb: KnowledgeBase): string {
  const sections = new Set<string>();
  const pages = new Set<string>();
  let letters = 0;
  for (const g of groups) {
    for (const a of g.figures) {
      letters = Math.max(letters, a.evidence.letters);
      for (const w of a.where) {
        const guideline = kb.getGuideline(w.guideline);
        const edition = guideline?.edition ? ` (${guideline.edition} edition)` : '';
        if (w.pages) pages.add(`p. ${w.pages}${edition}`);
        else if (w.section) sections.add(`${w.section}${edition}`);
      }
    }
  }
  const level = confidences.has('low') ? 'low' : confidences.has('medium') ? 'medium' : 'high';
  const parts: string[] = [];
  if (sections.size > 0) parts.push([...sections].slice(0, 3).join('; '));
  // Allowance pages are as letters cite them: never verified against the guideline text.
  for (const p of [...pages].slice(0, 2)) parts.push(`${p}, as letters cite it; ${NOT_VERIFIED} (confidence ${level === 'high' ? 'medium' : level})`);
  const evidence =
    level === 'high' && pages.size === 0
      ? 'regulation text seen in a source (confidence high)'
      : `quoted by up to ${letters} published IMR letters (confidence ${level})`;
  return `_Source: ${parts.join('; ')}. ${evidence}._`;
}

function cap(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
