// The IMR Letters view's groups (`imr/letterGroups`): the letters grouped by outcome, by the
// guideline the MAXIMUS reviewer cited, by reviewer specialty or by decision month, with counts.
// The same keys select a group's letters for `imr/letters` ({ group }, libraryQueries.ts), so a
// group opened in the view lists exactly the letters its count says. Letter-level groups (outcome,
// specialty, month) go by the whole letter, as the filter's facets do; guideline groups by the
// items shown. Counted in the database; labelled and ordered here.
import { LETTER_OUTCOMES, type LetterGroup, type LetterGrouping, type LetterGroupsResult, type LetterOutcome, type LettersFilter } from '../protocol';

const OUTCOME_ORDER: readonly string[] = LETTER_OUTCOMES;
const OUTCOME_LABELS: Record<LetterOutcome, string> = { upheld: 'All upheld', overturned: 'All overturned', mixed: 'Mixed', undecided: 'Needs a decision' };
const NONE_LABELS: Record<Exclude<LetterGrouping, 'outcome'>, string> = {
  guideline: '(no guideline cited)',
  specialty: '(specialty not stated)',
  month: '(no decision date)',
};

function groupFilter(by: LetterGrouping, key: string): LettersFilter | undefined {
  if (by === 'outcome') return { outcome: key as LetterOutcome };
  return key === '' ? undefined : { [by]: key };
}

function labelOf(by: LetterGrouping, key: string): string {
  if (by === 'outcome') return OUTCOME_LABELS[key as LetterOutcome] ?? key;
  return key === '' ? NONE_LABELS[by] : key;
}

function compareGroups(by: LetterGrouping): (a: LetterGroup, b: LetterGroup) => number {
  if (by === 'outcome') return (a, b) => OUTCOME_ORDER.indexOf(a.key) - OUTCOME_ORDER.indexOf(b.key);
  const noneLast = (a: LetterGroup, b: LetterGroup) => (a.key === '' ? 1 : 0) - (b.key === '' ? 1 : 0);
  if (by === 'month') return (a, b) => noneLast(a, b) || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);
  return (a, b) => noneLast(a, b) || b.letters - a.letters || a.label.localeCompare(b.label);
}

/** The groups from their counts (libraryQueries.ts counts them in the database), labelled, with their filters, in the view's order. */
export function groupLetters(
  counts: readonly { key: string; letters: number; items: number }[],
  by: LetterGrouping,
  totals: { letters: number; items: number },
): LetterGroupsResult {
  const groups = counts.map(({ key, letters, items }) => {
    const g: LetterGroup = { key, label: labelOf(by, key), letters, items };
    const filter = groupFilter(by, key);
    if (filter) g.filter = filter;
    return g;
  });
  return { letters: totals.letters, items: totals.items, groups: groups.sort(compareGroups(by)) };
}
