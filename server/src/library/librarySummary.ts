// The figures of IMR: Show Letters Summary (`imr/lettersSummary`): totals, and upheld /
// overturned items per MAXIMUS guideline, per section cited, per reviewer specialty and per
// decision month. Computed by the server over every letter, so the client receives a few
// kilobytes of figures and names instead of the whole library.
import type { LetterSummary, LettersFilter, LettersSummary, LettersSummaryRow } from '../protocol';
import { monthOf } from './letterFacets';

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
