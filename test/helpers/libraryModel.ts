// The library's answers computed the plain way, in memory, over every letter summary: the model
// the database's queries (server/src/library/libraryQueries.ts) must agree with. These were the
// server's own functions before the library moved to SQLite (issue 23).
import { wordsOf } from '../../server/src/workspace/indexedItem';
import { letterOutcome, monthOf } from '../../server/src/library/letterFacets';
import { groupLetters as groupLettersFromCounts } from '../../server/src/library/letterGroups';
import {
  type LetterGroupRef,
  type LetterGrouping,
  type LetterGroupsResult,
  type LetterItemSummary,
  type LetterSummary,
  type LettersFilter,
  type LettersSummary,
  type LettersSummaryRow,
} from '../../server/src/protocol';

function itemMatcher(filter: LettersFilter | undefined): ((i: LetterItemSummary) => boolean) | undefined {
  const terms = filter?.text ? wordsOf(filter.text) : [];
  const guideline = filter?.guideline;
  const section = filter?.section?.toLowerCase();
  const { treatment, bodyPart } = filter ?? {};
  if (terms.length === 0 && guideline === undefined && section === undefined && treatment === undefined && bodyPart === undefined) return undefined;
  return (i) => {
    if (treatment !== undefined && i.treatment !== treatment) return false;
    if (bodyPart !== undefined && i.bodyPart !== bodyPart) return false;
    if (terms.length > 0) {
      const words = wordsOf(i.name);
      if (!terms.every((t) => words.some((w) => w.startsWith(t)))) return false;
    }
    if (guideline !== undefined || section !== undefined) {
      const refs = (i.maximusGuidelines ?? []).filter((r) => guideline === undefined || r.guideline === guideline);
      if (refs.length === 0) return false;
      if (section !== undefined && !refs.some((r) => (r.sections ?? []).some((s) => s.toLowerCase() === section))) return false;
    }
    return true;
  };
}

/** A letter that passes a filter: as it is (`letter`), and as shown (`shown`: only its matching items). */
export interface LetterMatch {
  letter: LetterSummary;
  shown: LetterSummary;
}

/**
 * Letters that pass the filter. Item-level facets (text, guideline, section, treatment, body part)
 * keep only the matching items of a letter; letter-level ones (outcome, specialty, month, the
 * letter left out) keep whole letters.
 */
export function matchLetters(letters: Iterable<LetterSummary>, filter: LettersFilter | undefined): LetterMatch[] {
  const out: LetterMatch[] = [];
  const specialty = filter?.specialty?.toLowerCase();
  const matches = itemMatcher(filter);
  for (const l of letters) {
    if (filter?.outcome && letterOutcome(l) !== filter.outcome) continue;
    if (specialty !== undefined && (l.specialty ?? '').toLowerCase() !== specialty) continue;
    if (filter?.month && monthOf(l.decisionDate) !== filter.month) continue;
    if (filter?.exclude && filter.exclude === `${l.uri}#${l.letter}`) continue;
    if (!matches) {
      out.push({ letter: l, shown: l });
      continue;
    }
    const items = l.items.filter(matches);
    if (items.length > 0) out.push({ letter: l, shown: items.length === l.items.length ? l : { ...l, items } });
  }
  return out;
}

/** The letters as shown after the filter. */
export const filterLetters = (letters: Iterable<LetterSummary>, filter: LettersFilter | undefined): LetterSummary[] =>
  matchLetters(letters, filter).map((m) => m.shown);

export function groupKeysOf({ letter: l, shown }: LetterMatch, by: LetterGrouping): string[] {
  switch (by) {
    case 'outcome':
      return [letterOutcome(l)];
    case 'specialty':
      return [l.specialty ?? ''];
    case 'month':
      return [monthOf(l.decisionDate) ?? ''];
    case 'guideline': {
      const names: string[] = [];
      for (const i of shown.items) for (const r of i.maximusGuidelines ?? []) if (!names.includes(r.guideline)) names.push(r.guideline);
      return names.length > 0 ? names : [''];
    }
  }
}

export function isInGroup(m: LetterMatch, group: LetterGroupRef): boolean {
  return groupKeysOf(m, group.by).includes(group.key);
}

/** The groups as the old in-memory index counted them; labels and order are the server's (`letterGroups.ts`), the counts are what the SQL must match. */
export function groupLetters(letters: readonly LetterMatch[], by: LetterGrouping): LetterGroupsResult {
  const counts = new Map<string, { key: string; letters: number; items: number }>();
  let items = 0;
  for (const m of letters) {
    const n = m.shown.items.length;
    items += n;
    for (const key of groupKeysOf(m, by)) {
      const g = counts.get(key) ?? { key, letters: 0, items: 0 };
      g.letters++;
      g.items += n;
      counts.set(key, g);
    }
  }
  return groupLettersFromCounts([...counts.values()], by, { letters: letters.length, items });
}

/** Figures of the letters: per MAXIMUS guideline, per section cited, per reviewer specialty, per decision month. */
export function summarizeLibrary(letters: Iterable<LetterSummary>): LettersSummary {
  const totals = { letters: 0, items: 0, upheld: 0, overturned: 0, other: 0, files: 0 };
  const files = new Set<string>();
  const tables = {
    guideline: new Map<string, LettersSummaryRow>(),
    section: new Map<string, LettersSummaryRow>(),
    specialty: new Map<string, LettersSummaryRow>(),
    month: new Map<string, LettersSummaryRow>(),
  };
  const count = (m: Map<string, LettersSummaryRow>, label: string, filter: LettersFilter, decision: string) => {
    let r = m.get(label);
    if (!r) m.set(label, (r = { label, upheld: 0, overturned: 0, other: 0, filter }));
    if (decision === 'Upheld') r.upheld++;
    else if (decision === 'Overturned') r.overturned++;
    else r.other++;
  };
  for (const l of letters) {
    totals.letters++;
    files.add(l.uri);
    const month = monthOf(l.decisionDate);
    for (const i of l.items) {
      totals.items++;
      if (i.decision === 'Upheld') totals.upheld++;
      else if (i.decision === 'Overturned') totals.overturned++;
      else totals.other++;
      const guidelines = new Set((i.maximusGuidelines ?? []).map((r) => r.guideline));
      for (const g of guidelines) count(tables.guideline, g, { guideline: g }, i.decision);
      const sections = new Set<string>();
      for (const r of i.maximusGuidelines ?? []) for (const s of r.sections ?? []) sections.add(s);
      for (const s of sections) count(tables.section, s, { section: s }, i.decision);
      count(tables.specialty, l.specialty ?? '(not stated)', l.specialty ? { specialty: l.specialty } : {}, i.decision);
      if (month) count(tables.month, month, { month }, i.decision);
    }
  }
  totals.files = files.size;
  const total = (r: LettersSummaryRow) => r.upheld + r.overturned + r.other;
  const byCount = (m: Map<string, LettersSummaryRow>) => [...m.values()].sort((a, b) => total(b) - total(a) || a.label.localeCompare(b.label));
  return {
    totals,
    charts: [
      { id: 'guideline', title: 'Per MAXIMUS guideline', rows: byCount(tables.guideline) },
      { id: 'section', title: 'Per section cited', rows: byCount(tables.section) },
      { id: 'specialty', title: 'Per reviewer specialty', rows: byCount(tables.specialty) },
      { id: 'month', title: 'Per decision month', rows: [...tables.month.values()].sort((a, b) => a.label.localeCompare(b.label)) },
    ],
  };
}
