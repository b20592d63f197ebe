// Hover: what a citation refers to, read from the knowledge base.
//
// On any part of a citation (guideline name, year, section, topic, page, label, source) the
// hover names the guideline, the section or pages cited and what they cover, and, where the
// guideline has editions with different pagination (chronic pain 2009 / 2016), which
// edition the pages belong to, against the letter's date. A page number from the knowledge
// base is always shown with where it comes from and its confidence, and as "not verified
// against the guideline text" unless the page was seen in a source.
//
// VS Code caps a hover's height (about a quarter of the editor), so page and section hovers
// are short and put the essentials first: the guideline's title line; the pages and the
// topic with its summary (its first sentence, for a page); the page's verification on one
// line; the edition note. What a guideline is ("about") is shown only on the guideline name.
// On an item name: its decision and what each side cited. On Upheld / Overturned: what the
// word means for the injured worker. The markdown builders are shared with completion (markdown.ts).
import type { Citation, Determination, DisputedItem, Field, PageRef, Span, TextPart } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';
import type { KbGuideline, KbTopic, PageHit } from '../mtus/types';
import { letterAt } from '../model/letters';
import { letterDate, type LetterDate } from './letterDate';
import {
  decisionMarkdown,
  editionNote,
  firstSentence,
  guidelineHeading,
  guidelineMarkdown,
  itemBriefMarkdown,
  itemMarkdown,
  md,
  pagesLine,
  topicMarkdown,
} from './markdown';
import { requestHoverMarkdown } from './requestHover';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  span: Span;
  /** On an item's name: the item (the server adds how the library decided similar requests). */
  item?: DisputedItem;
}

// ------------------------------------------------------------------ entry point

export function getHover(file: Determination, offset: number, kb: KnowledgeBase): HoverResult | null {
  // The letter under the cursor: its items, and its date for the edition notes.
  const model = letterAt(file, offset);
  for (const item of model.items) {
    if (offset < item.span.start || offset > item.span.end) continue;
    if (item.decision.text && within(item.decision.span, offset) && (item.decision.kind === 'Upheld' || item.decision.kind === 'Overturned')) {
      return { contents: decisionMarkdown(item.decision.kind), span: item.decision.span };
    }
    if (within(item.name.span, offset)) {
      // A therapy request leads with its visits against the allowances it cites (what the hover
      // is for, within the hover's height); the item's decision and citations follow in brief.
      const request = requestHoverMarkdown(item, kb);
      return { contents: request ? `${request}\n\n---\n\n${itemBriefMarkdown(item, kb)}` : itemMarkdown(item, kb), span: item.name.span, item };
    }
    for (const field of item.allFields) {
      if (offset < field.value.span.start || offset > field.value.span.end) continue;
      const hit = citationPartAt(field, offset);
      if (hit) return { contents: citationHover(model, item, hit, kb), span: hit.span };
    }
  }
  return null;
}

function within(span: Span, offset: number): boolean {
  return offset >= span.start && offset < span.end;
}

type Role = 'guideline' | 'year' | 'section' | 'topic' | 'page' | 'label' | 'source' | 'whole';

interface PartHit {
  citation: Citation;
  role: Role;
  span: Span;
  index: number;
}

/** The smallest citation part containing the offset (the end of a part counts, for a cursor right after a word). */
function citationPartAt(field: Field, offset: number): PartHit | null {
  let best: PartHit | null = null;
  let bestExact = false;
  const consider = (citation: Citation, role: Role, part: TextPart | Span | null | undefined, index = 0) => {
    if (!part) return;
    const span = 'span' in part ? part.span : part;
    if (offset < span.start || offset > span.end) return;
    const exact = offset < span.end;
    const size = span.end - span.start;
    if (!best || (exact && !bestExact) || (exact === bestExact && size < best.span.end - best.span.start)) {
      best = { citation, role, span, index };
      bestExact = exact;
    }
  };
  for (const c of field.citations) {
    consider(c, 'whole', c.span);
    consider(c, 'guideline', c.guideline?.name);
    consider(c, 'year', c.guideline?.year);
    consider(c, 'topic', c.topic);
    consider(c, 'label', c.referenceLabel);
    consider(c, 'source', c.source);
    c.sections.forEach((s, i) => consider(c, 'section', s, i));
    c.pages.forEach((p, i) => consider(c, 'page', p.part, i));
  }
  return best;
}

// ------------------------------------------------------------------ citation hovers

function citationHover(model: Determination, item: DisputedItem, hit: PartHit, kb: KnowledgeBase): string {
  const c = hit.citation;
  switch (c.kind) {
    case 'noCitation':
      return `**No citation.** ${whoOf(c, model)} did not cite any medical evidence for its decision, so there is no guideline or page to check.`;
    case 'outsideMtus':
      return `**Outside the MTUS.** ${whoOf(c, model)} relied on recommendations that are not part of California's Medical Treatment Utilization Schedule; the source is usually named in the next citation.\n\n${searchSequenceNote(kb)}`;
    case 'url':
      return `**Web source outside the MTUS:** ${md(c.source?.text ?? '')}\n\nA web page cited as evidence. It is not part of California's Medical Treatment Utilization Schedule.\n\n${searchSequenceNote(kb)}`;
    case 'nonMtus':
      return nonMtusHover(c, hit);
    case 'mtus':
    case 'pageReference':
      return mtusHover(model, item, c, hit, kb);
  }
}

function whoOf(c: Citation, model: Determination): string {
  const t = model.text.slice(c.span.start, Math.min(c.span.end, c.span.start + 60));
  if (/Claims Administrator/i.test(t)) return 'The Claims Administrator (utilization review)';
  if (/Expert Reviewer/i.test(t)) return 'The Expert Reviewer';
  return 'The reviewer';
}

function nonMtusHover(c: Citation, hit: PartHit): string {
  const lines = [`**Outside the MTUS:** ${md(c.source?.text ?? 'a source not named')}`];
  if (hit.role === 'page') {
    const p = c.pages[hit.index];
    lines.push(`The letter cites ${pageWord(p)} ${p.part.text} of this source. The knowledge base holds no pages of sources outside the MTUS.`);
  }
  lines.push(
    /\bODG\b|Official Disability/i.test(c.source?.text ?? '')
      ? 'The Official Disability Guidelines (ODG) are a commercial evidence-based guideline. Apart from the parts the DWC adapted into the MTUS (the chronic pain and postsurgical guidelines), they are not part of the MTUS.'
      : "This source is not part of California's Medical Treatment Utilization Schedule (MTUS).",
  );
  lines.push(
    'Reviewers turn to sources outside the MTUS when the MTUS does not address the treatment or its recommendation is disputed (the medical evidence search sequence of 8 CCR §9792.21.1).',
  );
  return lines.join('\n\n');
}

function searchSequenceNote(kb: KnowledgeBase): string {
  const t = kb.getTopic('mtus-evidence-search-sequence');
  return t ? `_Medical evidence search sequence:_ ${t.summary}` : '';
}

function mtusHover(model: Determination, item: DisputedItem, c: Citation, hit: PartHit, kb: KnowledgeBase): string {
  const date = letterDate(model);
  let g = kb.getGuideline(c.guideline?.guidelineId);
  // A rationale page reference without a named guideline: the guideline the item's citations name, or the table's chapter.
  let inferred = false;
  if (!g && c.kind === 'pageReference') {
    if (c.source && !/^Table /i.test(c.source.text)) {
      return nonMtusHover({ ...c, kind: 'nonMtus' }, hit);
    }
    g = inferGuideline(item, c, kb);
    inferred = !!g;
  }
  const out: string[] = [];
  if (!g) {
    const name = c.guideline?.name.text;
    out.push(name ? `**MTUS guideline not in the knowledge base:** ${md(name)}` : '**MTUS citation**');
    out.push(
      'The knowledge base does not know this guideline name, so its sections and pages cannot be checked. A knowledge-base file named in the `imr.knowledgeBaseFile` setting can add it.',
    );
    if (c.pages.length > 0 && hit.role === 'page') out.push(`The letter cites ${pageWord(c.pages[hit.index])} ${c.pages[hit.index].part.text}.`);
    return out.join('\n\n');
  }
  switch (hit.role) {
    case 'section': {
      const name = c.sections[hit.index].text;
      out.push(guidelineHeading(g, undefined, false));
      const t = kb.findSection(g.id, name);
      if (t) out.push(topicMarkdown(t, kb, g.id, date, true));
      else out.push(`**Section “${md(name)}”** is not among the sections the knowledge base knows for this guideline.`);
      break;
    }
    case 'topic': {
      out.push(guidelineHeading(g, undefined, false));
      const t = resolveTopic(kb, g.id, c.topic!.text) ?? topicFromPages(kb, g.id, c.pages);
      if (t) out.push(topicMarkdown(t, kb, g.id, date, true));
      else out.push(`The topic “${md(c.topic!.text)}” is not in the knowledge base for this guideline.`);
      break;
    }
    case 'page':
      out.push(guidelineHeading(g, inferred ? guidelineBasis(c) : undefined, false));
      out.push(pagesMarkdown(kb, g, [c.pages[hit.index]], c, date));
      break;
    case 'label':
      out.push(guidelineHeading(g, inferred ? guidelineBasis(c) : undefined, false));
      if (c.pages.length > 0) out.push(pagesMarkdown(kb, g, c.pages, c, date));
      else out.push(c.sections.map((s) => sectionLine(kb, g!, s.text)).join('  \n'));
      break;
    case 'source': {
      // `Table 12-8`
      out.push(guidelineHeading(g, inferred ? guidelineBasis(c) : undefined, false));
      const table = /Table (\d{1,2}-\d{1,2})/i.exec(c.source?.text ?? '')?.[1];
      const t = table ? kb.findTable(table, g.id) : null;
      if (t) out.push(topicMarkdown(t, kb, g.id, date, true));
      else out.push(`The knowledge base has no entry for ${md(c.source?.text ?? 'this table')}.`);
      for (const p of c.pages) {
        if (t && kb.topicsForPage(g.id, p.first, p.last).some((h) => h.topic === t))
          out.push(`The letter cites ${pageWord(p)} ${md(p.part.text)} of this table (its pages and their source are listed above).`);
        else out.push(pagesMarkdown(kb, g, [p], c, date));
      }
      break;
    }
    case 'guideline':
    case 'year':
    case 'whole':
    default:
      out.push(guidelineMarkdown(g, kb, date, c.guideline?.year?.text));
      if (c.sections.length > 0) out.push('Cited sections:\n' + c.sections.map((s) => `- ${sectionLine(kb, g!, s.text)}`).join('\n'));
      else if (c.topic) {
        const t = resolveTopic(kb, g.id, c.topic.text) ?? topicFromPages(kb, g.id, c.pages);
        if (t) out.push(`Cited topic: **${md(t.title)}** — ${md(firstSentence(t.summary))}`);
      }
      if (c.pages.length > 0)
        out.push(
          `Cited ${c.pages.length > 1 ? 'pages' : pageWord(c.pages[0])} (as written in the letter): ${c.pages.map((p) => p.part.text).join(', ')}. Hover a page number for the topic it belongs to.`,
        );
      break;
  }
  return out.filter(Boolean).join('\n\n');
}

/** Guideline for a rationale page reference that names none: the table's chapter, else the item's cited guidelines. */
function inferGuideline(item: DisputedItem, c: Citation, kb: KnowledgeBase): KbGuideline | null {
  const table = /Table (\d{1,2})-\d{1,2}/i.exec(c.source?.text ?? '');
  if (table) return kb.guidelineForChapter(Number(table[1]));
  const ids: string[] = [];
  for (const f of [item.fields.maximusGuideline, item.fields.claimsAdministratorGuideline]) {
    for (const x of f?.citations ?? []) if (x.kind === 'mtus' && x.guideline?.guidelineId) ids.push(x.guideline.guidelineId);
  }
  for (const id of ids) {
    if (c.pages.every((p) => kb.topicsForPage(id, p.first, p.last).length > 0)) return kb.getGuideline(id);
  }
  return ids.length > 0 ? kb.getGuideline(ids[0]) : null;
}

function guidelineBasis(c: Citation): string {
  return /^Table /i.test(c.source?.text ?? '') ? 'chapter taken from the table number' : 'guideline taken from the citations of this item';
}

const resolveTopic = (kb: KnowledgeBase, guidelineId: string, name: string): KbTopic | null => kb.findTopicSection(guidelineId, name);

function topicFromPages(kb: KnowledgeBase, guidelineId: string, pages: PageRef[]): KbTopic | null {
  for (const p of pages) {
    const hits = kb.topicsForPage(guidelineId, p.first, p.last);
    if (hits.length > 0) return hits[0].topic;
  }
  return null;
}

function sectionLine(kb: KnowledgeBase, g: KbGuideline, name: string): string {
  const t = kb.findSection(g.id, name);
  return t ? `**${md(name)}** — ${md(firstSentence(t.summary))}` : `**${md(name)}** — not in the knowledge base for this guideline`;
}

function pageWord(p: PageRef): string {
  return p.first === p.last ? 'page' : 'pages';
}

/**
 * What the knowledge base says about cited pages, essentials first: the pages and the topic
 * there with its one-line summary, the page entry's source and verification on the next
 * line, other topics on the same pages by name; then, once, the edition note. Pages that
 * fall in the same topic entry (`Page(s): 98, 99`) are shown together.
 */
function pagesMarkdown(kb: KnowledgeBase, g: KbGuideline, refs: PageRef[], c: Citation, date: LetterDate | null): string {
  const named = c.topic ? resolveTopic(kb, g.id, c.topic.text) : null;
  const groups: { refs: PageRef[]; hits: PageHit[] }[] = [];
  for (const p of refs) {
    let hits = kb.topicsForPage(g.id, p.first, p.last);
    // Prefer the topic the citation names, when it is among the hits.
    if (named) hits = [...hits.filter((h) => h.topic === named), ...hits.filter((h) => h.topic !== named)];
    const same = hits.length > 0 ? groups.find((x) => x.hits[0]?.pages === hits[0].pages && x.hits[0]?.topic === hits[0].topic) : undefined;
    if (same) same.refs.push(p);
    else groups.push({ refs: [p], hits });
  }
  const out: string[] = [];
  let note: string | null = null;
  for (const { refs: ps, hits } of groups) {
    const many = ps.length > 1 || ps[0].first !== ps[0].last;
    const cited = `${many ? 'Pages' : 'Page'} ${[...new Set(ps.map((p) => md(p.part.text)))].join(', ')}`;
    const here = many ? 'these pages' : 'this page';
    if (hits.length === 0) {
      const range = kb.verifiedPageRange(g.id);
      const outside = range && g.pageRange && ps.some((p) => p.first < range.first || p.last > range.last);
      out.push(
        `**${cited}:** the knowledge base has no topic on ${here} of this guideline.${outside ? `  \nThat is outside the guideline's own pages: ${pagesLine(g.pageRange!, kb)}` : ''}`,
      );
      continue;
    }
    const main = hits[0];
    const pagesEd = kb.getGuideline(main.pages.guideline);
    const summary = md(firstSentence(main.topic.summary));
    if (pagesEd && pagesEd.id !== g.id) {
      // Pages of another edition: say so first, and show them only for comparison.
      out.push(
        `**${cited}:** no ${g.edition ? `${g.edition}-edition` : 'cited-edition'} page numbers are recorded; for comparison only, ${pagesEd.edition} edition: **${md(main.topic.title)}** — ${summary}  \n${pagesLine(main.pages, kb)}`,
      );
    } else {
      const others = [...new Set(hits.slice(1).map((h) => h.topic))].slice(0, 3).map((t) => md(t.title));
      out.push(
        `**${cited} · ${md(main.topic.title)}** — ${summary}  \n${pagesLine(main.pages, kb)}${others.length ? `  \n_Also on ${here}:_ ${others.join('; ')}` : ''}`,
      );
    }
    note ??= editionNote(kb, g.id, main.pages.guideline, date);
  }
  if (note) out.push(note);
  return out.join('\n\n');
}
