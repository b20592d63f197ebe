// A diagnostic rule is a small unit: a stable code, a default severity, a one-line
// description (used by docs and settings) and a check over the model that reports
// problems, each optionally carrying a fix.
import type { Determination, Span } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';

/**
 * The levels a rule can be set to, mildest first: the one list behind the engine, the
 * settings, `imr-check --rule` and package.json's `imr.rules` enums (a test compares them).
 */
export const LEVELS = ['off', 'hint', 'information', 'warning', 'error'] as const;
export type Level = (typeof LEVELS)[number];
export type Severity = Exclude<Level, 'off'>;

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  /** Shown in the light-bulb menu: says exactly what the edit does. */
  title: string;
  edits: TextEdit[];
  /** Safe fixes are applied by `source.fixAll`; unsafe ones only when picked. */
  safe: boolean;
}

/** Another place of the same document a problem is about (LSP `relatedInformation`). */
export interface Related {
  span: Span;
  /** What that place is: `Date of Injury in the header`. */
  message: string;
}

export interface Problem {
  span: Span;
  message: string;
  fixes?: Fix[];
  /** The other places the problem is about: the item a rationale was copied from, the header. */
  related?: Related[];
}

export interface RuleContext {
  /** What the rule checks: the file, or for a rule of `scope: 'letter'` one letter of it. */
  model: Determination;
  /** The whole file (the same as `model` unless the rule checks letter by letter). */
  file: Determination;
  kb: KnowledgeBase;
  /** Reports one problem; the engine adds the code and the effective severity. */
  report(problem: Problem): void;
}

export interface Rule {
  code: string;
  defaultSeverity: Severity;
  /** One line, for the settings schema and docs. */
  description: string;
  /** `letter`: checked once per letter of a file holding several (a QA batch); default, once per file. */
  scope?: 'file' | 'letter';
  check(ctx: RuleContext): void;
}
