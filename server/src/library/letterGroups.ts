// The IMR Letters view's groups (`imr/letterGroups`): the letters grouped by outcome, by the
// guideline the MAXIMUS reviewer cited, by reviewer specialty or by decision month, with counts.
// The same keys select a group's letters for `imr/letters` ({ group }), so a group opened in the
// view lists exactly the letters its count says. Letter-level groups (outcome, specialty, month)
// go by the whole letter, as the filter's facets do; guideline groups by the items shown.
import {
  LETTER_OUTCOMES,
  type LetterGroup,
  type LetterGroupRef,
  type LetterGrouping,
  type LetterGroupsResult,
  type LetterOutcome,
  type LettersFilter,
} from '../protocol';
import { letterOutcome, monthOf } from './letterFacets';
import type { LetterMatch } from './library';

const OUTCOME_ORDER: readonly string[] = LETTER_OUTCOMES;
const OUTCOME_LABELS: Record<LetterOutcome, string> = { upheld: 'All upheld', overturned: 'All overturned', mixed: 'Mixed', undecided: 'Needs a decision' };
const NONE_LABELS: Record<Exclude<LetterGrouping, 'outcome'>, string> = {
  guideline: '(no guideline cited)',
  specialty: '(specialty not stated)',
  month: '(no decision date)',
};

/** The keys of the groups a letter is in (several for guidelines; `''`: none). */
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

/** The groups of `letters` (already filtered) under one grouping, with their counts. */
export function groupLetters(letters: readonly LetterMatch[], by: LetterGrouping): LetterGroupsResult {
  const groups = new Map<string, LetterGroup>();
  let items = 0;
  for (const m of letters) {
    const n = m.shown.items.length;
    items += n;
    for (const key of groupKeysOf(m, by)) {
      let g = groups.get(key);
      if (!g) {
        g = { key, label: labelOf(by, key), letters: 0, items: 0 };
        const filter = groupFilter(by, key);
        if (filter) g.filter = filter;
        groups.set(key, g);
      }
      g.letters++;
      g.items += n;
    }
  }
  return { letters: letters.length, items, groups: [...groups.values()].sort(compareGroups(by)) };
}
