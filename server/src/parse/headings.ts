// Section headings of every known layout, matched against a line's visible text.
import type { SectionKind } from '../model/types';

export interface HeadingPattern {
  kind: SectionKind;
  /** Matches the whole visible line (or, with `continues`, its first part). */
  pattern: RegExp;
  /** The heading breaks across lines: keep taking lines until one ends with a colon. */
  continues?: boolean;
}

export const HEADING_PATTERNS: readonly HeadingPattern[] = [
  { kind: 'determinationProcess', pattern: /^HOW THE IMR FINAL DETERMINATION WAS MADE:?$/i },
  { kind: 'determinationProcess', pattern: /^Medical Qualifications of the Expert Reviewer:?$/i },
  { kind: 'clinicalCaseSummary', pattern: /^(CLINICAL )?CASE SUMMARY:?$/i },
  { kind: 'documentsReviewed', pattern: /^DOCUMENTS REVIEWED( FOR DETERMINATION)?:?$/i },
  { kind: 'issues', pattern: /^IMR ISSUES,? DECISIONS,? AND RATIONALES:?$/i },
  { kind: 'issues', pattern: /^IMR DECISION\(S\) AND RATIONALE\(S\):?$/i },
  { kind: 'issues', pattern: /^INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE:?$/ },
  { kind: 'issueAtDispute', pattern: /^ISSUES? AT DISPUTE:?$/i },
  // Capitals only: the rest of the heading, never a sentence run onto it.
  { kind: 'guidelinesRelied', pattern: /^MEDICAL TREATMENT GUIDELINE\(S\) RELIED UPON\b[^a-z]*$/, continues: true },
  { kind: 'rationale', pattern: /^RATIONALE FOR WHY THE REQUESTED TREATMENT\b[^a-z]*$/, continues: true },
  { kind: 'reviewerQualifications', pattern: /^MEDICAL REVIEWER QUALIFICATIONS:?$/i },
];

/**
 * In the 2013 notice the decision heading is run onto the end of a sentence by the
 * PDF extraction ("... appropriate. INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE").
 */
export const RUN_ON_HEADING = /(?:^|[.:]\s+)(INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE)\s*$/;

/** The patterns by the (lower-cased) letter every heading starts with: most lines are ruled out by one look. */
const BY_FIRST_LETTER = new Map<number, HeadingPattern[]>();
for (const h of HEADING_PATTERNS) {
  // Every pattern starts with a letter after `^`, or `^(` when an optional word leads (CLINICAL
  // CASE SUMMARY: both start with C).
  const first = h.pattern.source.replace(/^\^\(?/, '').charCodeAt(0) | 0x20;
  BY_FIRST_LETTER.set(first, [...(BY_FIRST_LETTER.get(first) ?? []), h]);
}

/** Whether a line beginning with this character can be a heading (a look before reading the line). */
export function mayStartHeading(firstChar: number): boolean {
  return BY_FIRST_LETTER.has(firstChar | 0x20);
}

export function matchHeading(text: string): HeadingPattern | null {
  if (text.length > 120 || text.length < 8) return null;
  const candidates = BY_FIRST_LETTER.get(text.charCodeAt(0) | 0x20);
  if (candidates) for (const h of candidates) if (h.pattern.test(text)) return h;
  return null;
}
