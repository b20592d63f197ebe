// The rule engine: runs every enabled rule over one model and returns findings with their
// effective severity. The editor (diagnostics, quick fixes) and the command line both call
// this, so they always report the same problems.
import { letterModels } from '../model/letters';
import type { Determination, Span } from '../model/types';
import type { KnowledgeBase } from '../mtus/knowledgeBase';
import { citationRules } from './citationRules';
import { citationWithoutReference } from './citationWithoutReference';
import { decisionConflictsWithRationale, missingDecision, unknownDecision } from './decisions';
import { headerDate } from './headerDate';
import { missingClaimsAdministratorGuideline, missingMaximusGuideline, missingRationale } from './missingFields';
import type { Fix, Level, Problem, Rule, Severity } from './rule';
import { requestExceedsAllowance } from './request-exceeds-allowance';
import { duplicateItem, misplacedField, missingSection, noItems } from './structure';

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
  citationWithoutReference,
  ...citationRules,
  requestExceedsAllowance,
];

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function effectiveLevel(rule: Rule, levels: Record<string, Level>): Level {
  return levels[rule.code] ?? rule.defaultSeverity;
}

export function runRules(model: Determination, kb: KnowledgeBase, levels: Record<string, Level> = {}): Finding[] {
  if (!model.isLetter) return [];
  const findings: Finding[] = [];
  for (const rule of ALL_RULES) {
    const level = effectiveLevel(rule, levels);
    if (level === 'off') continue;
    let problems: Problem[];
    try {
      const models = rule.scope === 'letter' ? letterModels(model) : [model];
      problems = models.flatMap((m) => rule.check({ model: m, file: model, kb }));
    } catch (e) {
      // A broken rule must not take the others (or the server) down with it.
      problems = [];
    }
    for (const p of problems) findings.push({ code: rule.code, severity: level, message: p.message, span: p.span, fixes: p.fixes ?? [] });
  }
  return findings.sort((a, b) => a.span.start - b.span.start || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
