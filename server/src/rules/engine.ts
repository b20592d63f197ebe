// The rule engine: runs every enabled rule over one model and returns findings with their
// effective severity. The editor (diagnostics, quick fixes) and the command line both call
// this, so they always report the same problems.
import type { Determination, Span } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';
import { letterModels } from '../model/letters';
import { citationWithoutReference } from './citation-without-reference';
import { decisionConflictsWithRationale } from './decision-conflicts-with-rationale';
import { duplicateItem } from './duplicate-item';
import { headerDate } from './header-date';
import { misplacedField } from './misplaced-field';
import { missingClaimsAdministratorGuideline } from './missing-claims-administrator-guideline';
import { missingDecision } from './missing-decision';
import { missingMaximusGuideline } from './missing-maximus-guideline';
import { missingRationale } from './missing-rationale';
import { missingSection } from './missing-section';
import { noItems } from './no-items';
import { pageOutOfRange } from './page-out-of-range';
import { type Fix, LEVELS, type Level, type Problem, type Related, type Rule, type Severity } from './rule';
import { unknownDecision } from './unknown-decision';
import { unknownGuideline } from './unknown-guideline';
import { unknownSection } from './unknown-section';
import { requestExceedsAllowance } from './request-exceeds-allowance';
import { dateOfInjuryMismatch } from './date-of-injury-mismatch';
import { patientDetailsMismatch } from './patient-details-mismatch';
import { rationaleAboutOtherItem } from './rationale-about-other-item';

export const ALL_RULES: readonly Rule[] = [
  // Field rules in field order: fix-all inserts missing fields at one point in this order.
  missingClaimsAdministratorGuideline,
  missingMaximusGuideline,
  missingRationale,
  missingDecision,
  unknownDecision,
  decisionConflictsWithRationale,
  missingSection,
  noItems,
  duplicateItem,
  misplacedField,
  headerDate,
  // What a QA editor catches: text carried over from another item or another case.
  rationaleAboutOtherItem,
  dateOfInjuryMismatch,
  patientDetailsMismatch,
  citationWithoutReference,
  // The knowledge-base rules: hints by default (the knowledge base is incomplete).
  unknownGuideline,
  unknownSection,
  pageOutOfRange,
  requestExceedsAllowance,
];

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  /** Left out when the problem points nowhere else. */
  related?: Related[];
}

/** Findings at one offset: the most severe first (LEVELS is mildest first). */
const severityRank = (s: Severity) => -LEVELS.indexOf(s);

export function effectiveLevel(rule: Rule, levels: Record<string, Level>): Level {
  return levels[rule.code] ?? rule.defaultSeverity;
}

/** The message of a rule that threw: its code and the error's kind, never its message (it may quote the letter). */
export const ruleFailed = (code: string, e: unknown): string =>
  `rule ${code} failed (${e instanceof Error ? e.name : typeof e}); the other rules ran. Please report this.`;

export function runRules(model: Determination, kb: KnowledgeBase, levels: Record<string, Level> = {}): Finding[] {
  if (!model.isLetter) return [];
  const findings: Finding[] = [];
  for (const rule of ALL_RULES) {
    const level = effectiveLevel(rule, levels);
    if (level === 'off') continue;
    const problems: Problem[] = [];
    const report = (p: Problem) => void problems.push(p);
    try {
      for (const m of rule.scope === 'letter' ? letterModels(model) : [model]) rule.check({ model: m, file: model, kb, report });
    } catch (e) {
      // A broken rule must not take the others (or the server) down with it, nor pass silently:
      // its half-made problems are dropped and one error says which rule failed, at the file's
      // start. Only the error's kind is named: a message may quote the letter's text.
      problems.length = 0;
      findings.push({ code: rule.code, severity: 'error', message: ruleFailed(rule.code, e), span: { start: 0, end: 0 }, fixes: [] });
    }
    for (const p of problems) {
      const finding: Finding = { code: rule.code, severity: level, message: p.message, span: p.span, fixes: p.fixes ?? [] };
      if (p.related?.length) finding.related = p.related;
      findings.push(finding);
    }
  }
  return findings.sort((a, b) => a.span.start - b.span.start || severityRank(a.severity) - severityRank(b.severity));
}
