// The figures of IMR: Show Letters Summary (`imr/lettersSummary`): totals, and upheld /
// overturned items per MAXIMUS guideline, per section cited, per reviewer specialty and per
// decision month. Counted by the server over every letter (in its database), so the client receives a few
// kilobytes of figures and names instead of the whole library.
import type { LettersSummary, LettersSummaryRow } from '../protocol';

/** The summary's charts from their rows (counted in the database, libraryQueries.ts): largest first, months in order. */
export function sortedCharts(rows: Record<'guideline' | 'section' | 'specialty' | 'month', LettersSummaryRow[]>): LettersSummary['charts'] {
  const total = (r: LettersSummaryRow) => r.upheld + r.overturned + r.other;
  const byCount = (list: LettersSummaryRow[]) => [...list].sort((a, b) => total(b) - total(a) || a.label.localeCompare(b.label));
  return [
    { id: 'guideline', title: 'Per MAXIMUS guideline', rows: byCount(rows.guideline) },
    { id: 'section', title: 'Per section cited', rows: byCount(rows.section) },
    { id: 'specialty', title: 'Per reviewer specialty', rows: byCount(rows.specialty) },
    { id: 'month', title: 'Per decision month', rows: [...rows.month].sort((a, b) => a.label.localeCompare(b.label)) },
  ];
}
