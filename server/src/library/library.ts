// The letter library: what the IMR Letters view, the summary and the CSV export show of each
// letter of a file. Built once per file version from the parsed model; holds names, dates,
// guideline references and rule codes only, never the letter's text (it is stored on disk).
// Lean (protocol.ts): empty lists and absent values are left out. Its strings are not interned:
// a summary is turned into the library's JSON at once (the index's threads, imr-check) or kept for
// an open document, whose text lives anyway; on each index thread the table of distinct strings
// grew to 200,000 and cost it 3.4 s of 19.7 at 100,000 letters (util/intern.ts still serves the
// items the index keeps in memory).
import { decisionLabel, UNNAMED_ITEM } from '../model/helpers';
import { itemPage } from '../model/pages';
import type { Citation, Determination, DisputedItem, Field, HeaderKey, LetterPart } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';
import { rationaleConclusion } from '../parse/conclusion';
import type { GuidelineRef, ItemConclusion, LetterItemSummary, LetterSummary } from '../protocol';
import type { Finding } from '../rules/engine';
import { letterOutcome, monthOf } from './letterFacets';
import { bodyPartKey } from './similar';

export { letterOutcome, monthOf };

/** The item's name as the index shows it (same wording as workspace symbols). */
export function itemName(item: DisputedItem): string {
  const named = item.name.span.end > item.name.span.start && item.name.text.trim().length > 0;
  return named ? item.name.text : UNNAMED_ITEM;
}

function headerValue(letter: LetterPart, key: HeaderKey): string | undefined {
  const v = letter.header.find((h) => h.key === key)?.value?.text.trim();
  return v || undefined;
}

interface RefBuilder {
  guideline: string;
  mtus: boolean;
  sections: string[];
  pages: string[];
}

function leanRef(r: RefBuilder): GuidelineRef {
  const out: GuidelineRef = { guideline: r.guideline };
  if (r.mtus) out.mtus = true;
  if (r.sections.length > 0) out.sections = r.sections;
  if (r.pages.length > 0) out.pages = r.pages;
  return out;
}

/** Guideline references of one guideline field, one per guideline named (merged when repeated). */
export function guidelineRefs(field: Field | null, kb: KnowledgeBase): GuidelineRef[] {
  if (!field) return [];
  const refs: RefBuilder[] = [];
  const add = (guideline: string, mtus: boolean, c: Citation) => {
    let ref = refs.find((r) => r.guideline === guideline && r.mtus === mtus);
    if (!ref) refs.push((ref = { guideline, mtus, sections: [], pages: [] }));
    for (const s of c.sections) if (s.text && !ref.sections.includes(s.text)) ref.sections.push(s.text);
    for (const p of c.pages) if (!ref.pages.includes(p.part.text)) ref.pages.push(p.part.text);
  };
  for (const c of field.citations) {
    if (c.kind === 'mtus') {
      const g = c.guideline;
      const known = kb.getGuideline(g?.guidelineId);
      add(known?.title ?? (g ? [g.name.text, g.year?.text].filter(Boolean).join(' ') : 'MTUS'), true, c);
    } else if (c.kind === 'nonMtus' || c.kind === 'url') {
      add((c.source?.text ?? 'Non-MTUS').trim() || 'Non-MTUS', false, c);
    }
    // `outsideMtus` / `noCitation` sentences name no guideline.
  }
  return refs.map(leanRef);
}

/** A guideline field saying that nothing was cited ("did not cite any medical evidence"). */
const citesNothing = (field: Field | null): boolean => field?.citations.some((c) => c.kind === 'noCitation') ?? false;

function conclusionOf(item: DisputedItem): ItemConclusion | undefined {
  const r = item.fields.decisionRationale;
  if (!r || !r.value.text) return undefined;
  const c = rationaleConclusion(r.value.text, item.name.text);
  return c === 'necessary' ? 'medically necessary' : c === 'notNecessary' ? 'not medically necessary' : undefined;
}

/** Rule codes of the findings starting inside [start, end), sorted, each once. */
function codesIn(findings: readonly Finding[], inside: (at: number) => boolean): string[] {
  const codes = new Set<string>();
  for (const f of findings) if (inside(f.span.start)) codes.add(f.code);
  return [...codes].sort();
}

function itemSummary(model: Determination, item: DisputedItem, kb: KnowledgeBase, findings: readonly Finding[]): LetterItemSummary {
  const named = item.name.span.end > item.name.span.start && item.name.text.trim().length > 0;
  const out: LetterItemSummary = {
    name: itemName(item),
    decision: decisionLabel(item),
    range: model.lines.range(named ? item.name.span : item.header),
  };
  const ca = guidelineRefs(item.fields.claimsAdministratorGuideline, kb);
  const mx = guidelineRefs(item.fields.maximusGuideline, kb);
  if (ca.length > 0) out.claimsAdministratorGuidelines = ca;
  else if (citesNothing(item.fields.claimsAdministratorGuideline)) out.claimsAdministratorNoneCited = true;
  if (mx.length > 0) out.maximusGuidelines = mx;
  else if (citesNothing(item.fields.maximusGuideline)) out.maximusNoneCited = true;
  const conclusion = conclusionOf(item);
  if (conclusion) out.conclusion = conclusion;
  if (item.request?.visits !== undefined) out.requestedVisits = item.request.visits;
  const end = Math.max(item.span.end, item.span.start + 1);
  const problems = codesIn(findings, (at) => at >= item.span.start && at < end);
  if (problems.length > 0) out.problems = problems;
  const page = itemPage(model, item);
  if (page > 1) out.page = page;
  // What "similar requests" compare (similar.ts); the library stores them in columns of their own.
  if (item.request?.kind) out.treatment = item.request.kind;
  const bodyPart = bodyPartKey(item.request?.bodyPart);
  if (bodyPart) out.bodyPart = bodyPart;
  return out;
}

const HEADER_KEYS = ['caseNumber', 'decisionDate', 'dateOfInjury', 'urDenialDate', 'dateAssigned'] as const;

/** One summary per letter of the file (none when it is not a letter or lists no item). */
export function summarizeLetters(uri: string, model: Determination, kb: KnowledgeBase, findings: readonly Finding[] = []): LetterSummary[] {
  if (!model.isLetter || model.items.length === 0) return [];
  const parts: LetterPart[] = model.parts.length > 0 ? model.parts : [{ ...model, span: { start: 0, end: model.length } }];
  const single = parts.length === 1;
  const inSomeItem = (at: number) => model.items.some((i) => at >= i.span.start && at < Math.max(i.span.end, i.span.start + 1));
  const out: LetterSummary[] = [];
  parts.forEach((letter, i) => {
    if (letter.items.length === 0) return;
    const summary: LetterSummary = { uri, letter: i + 1, items: [] };
    for (const key of HEADER_KEYS) {
      const v = headerValue(letter, key);
      if (v !== undefined) summary[key] = v;
    }
    const specialty = letter.credentials?.specialty?.text.trim();
    if (specialty) summary.specialty = specialty;
    summary.items = letter.items.map((item) => itemSummary(model, item, kb, findings));
    const inLetter = (at: number) => single || (at >= letter.span.start && at < letter.span.end);
    const problems = codesIn(findings, (at) => inLetter(at) && !inSomeItem(at));
    if (problems.length > 0) summary.problems = problems;
    out.push(summary);
  });
  return out;
}
