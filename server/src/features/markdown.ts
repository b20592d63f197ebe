// Markdown shared by hover and completion: guidelines, topics, pages with their source and
// verification, edition notes, items and decisions. Text quoted from a letter or the data
// goes through `md` so that it shows as written.
import type { Citation, DisputedItem, Field } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';
import type { KbGuideline, KbPages, KbTopic } from '../mtus/types';
import type { LetterDate } from './letterDate';

export const NOT_VERIFIED = 'not verified against the guideline text';
/** Said of a page whose number was seen in a cited source. */
export const VERIFIED = 'seen in a source';

/**
 * The first sentence of a summary: the one-line summary of short hovers (section hovers show
 * the whole summary). Cut at a word, with an ellipsis, when even that is long.
 */
export function firstSentence(summary: string, max = 190): string {
  const m = /^(.+?[.!?])(?=\s+[A-Z(]|\s*$)/s.exec(summary.trim());
  let out = m ? m[1] : summary.trim();
  if (out.length > max) {
    const cut = out.lastIndexOf(' ', max - 1);
    out = out.slice(0, cut > 40 ? cut : max - 1).replace(/[\s,;:(-]+$/, '') + '…';
  }
  return out;
}

/** `**Title**` and what the guideline is, when it applied, its regulation, and its own page span with source. */
export function guidelineMarkdown(g: KbGuideline, kb: KnowledgeBase, date?: LetterDate | null, yearWritten?: string): string {
  const out: string[] = [guidelineHeading(g)];
  if (g.pageRange) out.push(`The guideline's pages: ${pagesLine(g.pageRange, kb)}`);
  if (yearWritten && g.edition && yearWritten !== g.edition)
    out.push(`The letter writes ${md(yearWritten)}; the knowledge base has no edition of that year, so the ${g.edition} edition is shown.`);
  const note = date ? editionNote(kb, g.id, g.id, date) : null;
  if (note) out.push(note);
  out.push(`_Source: ${md(g.confidenceBasis)} (confidence ${g.confidence})${g.source_urls.length ? ' · ' + links(g.source_urls) : ''}_`);
  return out.join('\n\n');
}

export function guidelineHeading(g: KbGuideline, basis?: string, withAbout = true): string {
  const when = g.effectiveFrom ? `in force ${formatIso(g.effectiveFrom)} – ${g.effectiveTo ? formatIso(g.effectiveTo) : 'today'}` : '';
  const bits = [g.id === 'acoem-mtus-2017' || g.id === 'mtus-regulations' ? 'MTUS' : 'MTUS guideline', g.regulation, when].filter(Boolean).join(' · ');
  return `**${md(g.title)}**${basis ? ` _(${basis})_` : ''}  \n${bits}${withAbout && g.about ? `\n\n${md(g.about)}` : ''}`;
}

/**
 * A topic: title and summary, its pages (each with source and verification), the edition
 * note, and its own confidence when the page lines do not already say it. In a hover
 * (`inHover`) the guideline heading is above it; elsewhere (completion documentation) the
 * guideline(s) it belongs to are named under the title.
 */
export function topicMarkdown(t: KbTopic, kb: KnowledgeBase, citedGuidelineId?: string | null, date?: LetterDate | null, inHover = false): string {
  const out: string[] = [];
  const of = inHover
    ? []
    : t.guidelines
        .map((id) => kb.getGuideline(id))
        .filter((g): g is KbGuideline => !!g)
        .map((g) => g.title);
  const lines: string[] = [`**Section: ${md(t.title)}**${of.length ? ` _(${md(of.join('; '))})_` : ''}${t.summary ? ` — ${md(t.summary)}` : ''}`];
  lines.push(...t.pages.map((p) => pagesLine(p, kb)));
  const confidence = `_Confidence ${t.confidence}: ${md(t.confidenceBasis)}${t.source_urls.length && t.pages.length === 0 ? ' · ' + links(t.source_urls) : ''}_`;
  if (t.pages.length === 0) lines.push(`No page numbers of this section are recorded. ${confidence}`);
  else if (t.pages.some((p) => p.basis !== t.confidenceBasis || p.confidence !== t.confidence)) lines.push(confidence);
  out.push(lines.join('  \n'));
  const note = citedGuidelineId && t.pages.length > 0 ? editionNote(kb, citedGuidelineId, t.pages[0].guideline, date ?? null) : null;
  if (note) out.push(note);
  return out.join('\n\n');
}

/**
 * A page entry on one line, with where its number comes from and its confidence:
 * `pp. 98-99 (2009 edition), as commonly cited in IMR letters (2013-2017); not verified
 * against the guideline text (confidence medium) · [dir.ca.gov](...)`. Only a page seen in
 * a source (`verified`) goes without the "not verified" label.
 */
export function pagesLine(p: KbPages, kb: KnowledgeBase): string {
  const g = kb.getGuideline(p.guideline);
  const ed = g?.edition && kb.editionsOf(g.id).length > 1 ? ` (${g.edition} edition)` : '';
  const word = /[-;,]/.test(p.pages) ? 'pp.' : 'p.';
  const basis = p.basis ? md(p.basis) : 'no source recorded';
  const link = p.source_urls.length ? ` · ${links(p.source_urls, 1)}` : '';
  if (p.verified) return `${word} ${md(p.pages)}${ed}, ${basis} (${VERIFIED}; confidence ${p.confidence})${link}`;
  return `${word} ${md(p.pages)}${ed}, ${basis}; ${NOT_VERIFIED} (confidence ${p.confidence})${link}`;
}

function links(urls: string[], max = 2): string {
  return urls
    .filter((u) => /^https?:\/\//.test(u))
    .slice(0, max)
    .map((u) => {
      let host = u;
      try {
        host = new URL(u).hostname.replace(/^www\./, '');
      } catch {
        /* keep the URL */
      }
      return `[${md(host)}](${u.replace(/[()]/g, (ch) => encodeURIComponent(ch))})`;
    })
    .join(', ');
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

export function formatIso(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  return `${Number(m[3])} ${month[0].toUpperCase()}${month.slice(1)} ${m[1]}`;
}

/**
 * Which edition pages belong to, when the guideline has editions with different
 * pagination: the pages' edition, the cited edition when it differs, and the edition in
 * force on the letter's date. Null for single-edition guidelines.
 */
export function editionNote(kb: KnowledgeBase, citedId: string, pagesId: string, date: LetterDate | null): string | null {
  const editions = kb.editionsOf(citedId);
  if (editions.length < 2) return null;
  const cited = kb.getGuideline(citedId)!;
  const pagesEd = kb.getGuideline(pagesId) ?? cited;
  const inForce = date ? editions.find((e) => (!e.effectiveFrom || e.effectiveFrom <= date.iso) && (!e.effectiveTo || date.iso <= e.effectiveTo)) : undefined;
  const newer = editions.filter((e) => e.edition > pagesEd.edition);
  const from = (e: KbGuideline) => (e.effectiveFrom ? ` (from ${formatIso(e.effectiveFrom)})` : '');
  let text = `these are ${pagesEd.edition}-edition page numbers`;
  if (pagesEd.id !== cited.id) {
    text += `; the letter cites the ${cited.edition} edition`;
    if (!date || !inForce) text += `${from(cited)}, which is paginated differently`;
    else if (inForce.id === cited.id) text += ` (in force on the letter's date, ${date.label}), which is paginated differently`;
    else if (inForce.id === pagesEd.id)
      text += `, which is paginated differently; the ${pagesEd.edition} edition was in force on the letter's date (${date.label})`;
    else text += `, which is paginated differently; on the letter's date (${date.label}) the ${inForce.edition} edition was in force`;
  } else if (date && inForce) {
    if (inForce.id === pagesEd.id) text += `; that edition was in force on the letter's date (${date.label})`;
    else text += `; on the letter's date (${date.label}) the ${inForce.edition} edition was in force${from(inForce)}, so its own page numbers may differ`;
  } else if (!date && newer.length > 0) {
    text += `; the ${newer[0].edition} edition${from(newer[0])} has different pages`;
  }
  return `_Edition:_ ${text}.`;
}

export function decisionMarkdown(kind: 'Upheld' | 'Overturned'): string {
  if (kind === 'Upheld') {
    return [
      '**Upheld** — the independent reviewer agreed with the utilization review decision.',
      'For the injured worker this means the denial (or modification) stands: the requested treatment was not found medically necessary, and the claims administrator does not have to authorize it as requested.',
      'The IMR determination is the final word on medical necessity for this request; it can be appealed only on narrow grounds (Labor Code §4610.6).',
    ].join('\n\n');
  }
  return [
    '**Overturned** — the independent reviewer disagreed with the utilization review decision.',
    'For the injured worker this means the requested treatment was found medically necessary: the denial is reversed, and the claims administrator must authorize the treatment.',
    'The IMR determination is the final word on medical necessity for this request; it can be appealed only on narrow grounds (Labor Code §4610.6).',
  ].join('\n\n');
}

export function itemMarkdown(item: DisputedItem, kb: KnowledgeBase): string {
  const out: string[] = [`**${md(item.name.text)}**`];
  const d = item.decision.kind;
  if (d === 'Upheld') out.push('Decision: **Upheld** — the utilization review denial stands; the treatment is not authorized as medically necessary.');
  else if (d === 'Overturned') out.push('Decision: **Overturned** — the treatment was found medically necessary and must be authorized.');
  else if (d === 'absent') out.push('Decision: _not written yet_ (expected `Upheld` or `Overturned` after the colon).');
  else out.push(`Decision: “${md(item.decision.text)}” (not \`Upheld\` or \`Overturned\`).`);
  const sides: [string, Field | null][] = [
    ['Claims Administrator (utilization review) cited', item.fields.claimsAdministratorGuideline],
    ['MAXIMUS expert reviewer cited', item.fields.maximusGuideline],
  ];
  for (const [label, f] of sides) {
    if (!f) {
      out.push(`${label}: _field missing_`);
      continue;
    }
    const lines = f.citations.map((c) => citationSummary(c, kb)).filter((x): x is string => !!x);
    out.push(`${label}:\n` + (lines.length ? lines.map((l) => `- ${l}`).join('\n') : '- _nothing recognised_'));
  }
  return out.join('\n\n');
}

/**
 * The item in three short lines, under a therapy request's allowances (which lead its hover):
 * the decision and what each side cited, one line a side.
 */
export function itemBriefMarkdown(item: DisputedItem, kb: KnowledgeBase): string {
  const d = item.decision.kind;
  const decision =
    d === 'Upheld' || d === 'Overturned' ? `**${d}**` : d === 'absent' ? '_not written yet_' : `“${md(item.decision.text)}” (not \`Upheld\` or \`Overturned\`)`;
  const side = (label: string, f: Field | null) => {
    if (!f) return `${label}: _field missing_`;
    const cited = f.citations.map((c) => citationSummary(c, kb)).filter((x): x is string => !!x);
    return `${label}: ${cited.length ? cited.join('; ') : '_nothing recognised_'}`;
  };
  return [
    `Decision: ${decision}`,
    side('Claims Administrator cited', item.fields.claimsAdministratorGuideline),
    side('MAXIMUS cited', item.fields.maximusGuideline),
  ].join('  \n');
}

function citationSummary(c: Citation, kb: KnowledgeBase): string | null {
  switch (c.kind) {
    case 'noCitation':
      return 'no medical evidence';
    case 'outsideMtus':
      return null;
    case 'url':
      return `web source outside the MTUS: ${md(c.source?.text ?? '')}`;
    case 'nonMtus':
      return `outside the MTUS: ${md(c.source?.text ?? '')}`;
    case 'pageReference':
      return null;
    case 'mtus': {
      const g = kb.getGuideline(c.guideline?.guidelineId);
      const name = g ? g.title : `${c.guideline?.name.text ?? 'MTUS'} (not in the knowledge base)`;
      const bits: string[] = [];
      if (c.sections.length) bits.push(`Section(s): ${c.sections.map((s) => s.text).join('; ')}`);
      else if (c.topic) bits.push(topicWords(c, kb));
      if (c.pages.length) bits.push(`page(s) ${c.pages.map((p) => p.part.text).join(', ')} as written`);
      return `MTUS ${md(name)}${bits.length ? ' — ' + md(bits.join(', ')) : ''}`;
    }
  }
}

/**
 * A citation's topic as citation-without-reference reads it: a section's heading written after the
 * guideline names that section; anything else, with no section or pages, names none.
 */
function topicWords(c: Citation, kb: KnowledgeBase): string {
  const topic = c.topic!.text;
  if (kb.findTopicSection(c.guideline?.guidelineId, topic)) return `section ${topic}`;
  return c.pages.length || c.referenceLabel ? topic : `${topic} (not a section the knowledge base knows: no section or pages named)`;
}

/** Escapes markdown in text quoted from the letter or the data. */
export function md(s: string): string {
  return s.replace(/([\\`*_{}[\]<>#|~])/g, '\\$1');
}
