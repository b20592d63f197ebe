// Facets of a letter summary: its outcome and decision month, shared by the filter
// (library.ts), the view's groups (letterGroups.ts) and the summary (librarySummary.ts).
import type { LetterOutcome, LetterSummary } from '../protocol';

/**
 * A letter with an item lacking a valid decision (none, or a misspelt `Uphled`) needs a
 * decision, whatever its other items say: counted as "All upheld" it would hide the mistake.
 */
export function letterOutcome(l: LetterSummary): LetterOutcome {
  let up = 0;
  let over = 0;
  for (const i of l.items) {
    if (i.decision === 'Upheld') up++;
    else if (i.decision === 'Overturned') over++;
    else return 'undecided';
  }
  if (up > 0 && over === 0) return 'upheld';
  if (over > 0 && up === 0) return 'overturned';
  return up > 0 && over > 0 ? 'mixed' : 'undecided';
}

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/** `YYYY-MM` of a header date as letters write it (`04/03/2015`, `April 3, 2015`, `2015-04-03`); undefined when unreadable. */
export function monthOf(date: string | undefined): string | undefined {
  if (!date) return undefined;
  let m = /^(\d{4})-(\d{2})-\d{2}/.exec(date);
  if (m) return `${m[1]}-${m[2]}`;
  m = /^(\d{1,2})\/\d{1,2}\/(\d{4})/.exec(date);
  if (m) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = /^([A-Za-z]{3})[a-z]*\.?\s+\d{1,2},?\s+(\d{4})/.exec(date);
  if (m && MONTHS[m[1].toLowerCase()]) return `${m[2]}-${MONTHS[m[1].toLowerCase()]}`;
  return undefined;
}

