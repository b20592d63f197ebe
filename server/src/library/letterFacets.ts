// Facets of a letter summary: its outcome and decision month, shared by the filter
// (library.ts), the view's groups (letterGroups.ts) and the summary (librarySummary.ts).
import type { LetterOutcome, LetterSummary } from '../protocol';
import { isoDate, parseAnyDate } from '../util/usDate';

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

/** `YYYY-MM` of a header date as letters write it (`04/03/2015`, `April 3, 2015`, `2015-04-03`; read by util/usDate.ts); undefined when it is not a calendar date. */
export function monthOf(date: string | undefined): string | undefined {
  const d = date ? parseAnyDate(date) : null;
  return d ? isoDate(d).slice(0, 7) : undefined;
}
