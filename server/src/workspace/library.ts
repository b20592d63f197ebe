// The letter library: what the IMR Letters view, the summary and the CSV export show of each
// letter of a file. Built once per file version from the parsed model; holds names, dates,
// guideline references and rule codes only, never the letter's text (it is stored on disk).
import { rationaleConclusion } from '../model/conclusion';
import { letterModels } from '../model/letters';
import type { Citation, Determination, DisputedItem, Field, HeaderKey } from '../model/types';
import type { KnowledgeBase } from '../mtus/knowledgeBase';
import type { GuidelineRef, ItemConclusion, LetterItemSummary, LetterSummary, LettersFilter } from '../protocol';
import type { Finding } from '../rules/engine';
import { letterOutcome, monthOf } from './letterFacets';

export { letterOutcome, monthOf };

/** The item's name as the index shows it (same wording as workspace symbols). */
export function itemName(item: DisputedItem): string {
  const named = item.name.span.end > item.name.span.start && item.name.text.trim().length > 0;
  return named ? item.name.text : '(unnamed item)';
}

export function itemDecision(item: DisputedItem): string {
  const k = item.decision.kind;
  return k === 'Upheld' || k === 'Overturned' ? k : k === 'absent' ? 'no decision' : `${item.decision.text} (not a decision)`;
}

function headerValue(model: Determination, key: HeaderKey): string | undefined {
  const v = model.header.find((h) => h.key === key)?.value?.text.trim();
  return v ? v : undefined;
}

/** Guideline references of one guideline field, one per guideline named (merged when repeated). */
export function guidelineRefs(field: Field | null, kb: KnowledgeBase): GuidelineRef[] {
  if (!field) return [];
  const refs: GuidelineRef[] = [];
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
      const name = known?.title ?? (g ? [g.name.text, g.year?.text].filter(Boolean).join(' ') : 'MTUS');
      add(name, true, c);
    } else if (c.kind === 'nonMtus' || c.kind === 'url') {
      add((c.source?.text ?? 'Non-MTUS').trim() || 'Non-MTUS', false, c);
    }
    // `outsideMtus` / `noCitation` sentences name no guideline.
  }
  return refs;
}

function conclusionOf(item: DisputedItem): ItemConclusion {
  const r = item.fields.decisionRationale;
  if (!r || !r.value.text) return null;
  const c = rationaleConclusion(r.value.text);
  return c === 'necessary' ? 'medically necessary' : c === 'notNecessary' ? 'not medically necessary' : null;
}

/** One summary per letter of the file (none when it is not a letter or lists no item). */
export function summarizeLetters(uri: string, model: Determination, kb: KnowledgeBase, findings: readonly Finding[] = []): LetterSummary[] {
  if (!model.isLetter || model.items.length === 0) return [];
  const out: LetterSummary[] = [];
  letterModels(model).forEach((letter, i) => {
    if (letter.items.length === 0) return;
    const items: LetterItemSummary[] = letter.items.map((item) => {
      const problems = new Set<string>();
      for (const f of findings) if (f.span.start >= item.span.start && f.span.start < Math.max(item.span.end, item.span.start + 1)) problems.add(f.code);
      const named = item.name.span.end > item.name.span.start && item.name.text.trim().length > 0;
      return {
        name: itemName(item),
        decision: itemDecision(item),
        range: model.lines.range(named ? item.name.span : item.header),
        claimsAdministratorGuidelines: guidelineRefs(item.fields.claimsAdministratorGuideline, kb),
        maximusGuidelines: guidelineRefs(item.fields.maximusGuideline, kb),
        conclusion: conclusionOf(item),
        problems: [...problems].sort(),
      };
    });
    const summary: LetterSummary = { uri, letter: i + 1, items };
    const set = (k: keyof LetterSummary, v: string | undefined) => {
      if (v !== undefined) (summary as unknown as Record<string, unknown>)[k] = v;
    };
    set('caseNumber', headerValue(letter, 'caseNumber'));
    set('decisionDate', headerValue(letter, 'decisionDate'));
    set('dateOfInjury', headerValue(letter, 'dateOfInjury'));
    set('urDenialDate', headerValue(letter, 'urDenialDate'));
    set('dateAssigned', headerValue(letter, 'dateAssigned'));
    set('specialty', letter.credentials?.specialty?.text.trim() || undefined);
    out.push(summary);
  });
  return out;
}

// ------------------------------------------------------------------ facets and filter

const wordsOf = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * Letters that pass the filter. Item-level facets (text, guideline, section) keep only the
 * matching items of a letter; letter-level ones (outcome, specialty, month) keep whole letters.
 */
export function filterLetters(letters: Iterable<LetterSummary>, filter: LettersFilter | undefined): LetterSummary[] {
  const out: LetterSummary[] = [];
  const terms = filter?.text ? wordsOf(filter.text) : [];
  const guideline = filter?.guideline;
  const section = filter?.section?.toLowerCase();
  const specialty = filter?.specialty?.toLowerCase();
  const itemLevel = terms.length > 0 || guideline !== undefined || section !== undefined;
  for (const l of letters) {
    if (filter?.outcome && letterOutcome(l) !== filter.outcome) continue;
    if (specialty !== undefined && (l.specialty ?? '').toLowerCase() !== specialty) continue;
    if (filter?.month && monthOf(l.decisionDate) !== filter.month) continue;
    if (!itemLevel) {
      out.push(l);
      continue;
    }
    const items = l.items.filter((i) => {
      if (terms.length > 0) {
        const words = wordsOf(i.name);
        if (!terms.every((t) => words.some((w) => w.startsWith(t)))) return false;
      }
      if (guideline !== undefined || section !== undefined) {
        const refs = i.maximusGuidelines.filter((r) => guideline === undefined || r.guideline === guideline);
        if (refs.length === 0) return false;
        if (section !== undefined && !refs.some((r) => r.sections.some((s) => s.toLowerCase() === section))) return false;
      }
      return true;
    });
    if (items.length > 0) out.push(items.length === l.items.length ? l : { ...l, items });
  }
  return out;
}
