// The one pipeline: a letter file's text -> its letters and model -> findings -> library summaries,
// under what applies to the file (rule levels, the team file's `ignore`, the knowledge base).
// Every path that checks a text calls it: the editor's analysis and the fixes it verifies, the
// library's index on the main thread and on its worker threads, and every format of imr-check.
// They used to each resolve the knowledge base themselves, and two disagreed (the index parsed
// with the bundled base and summarised with the user's, and knew nothing of a team's file).
import { knowledgeBaseFor } from '../config/knowledgeBaseFile';
import { loadTeamConfigFor, type TeamConfig } from '../config/teamConfig';
import type { Determination, Letter } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';
import type { LetterCache } from '../parse/letterCache';
import { parseDetermination } from '../parse/parser';
import type { LetterSummary } from '../protocol';
import { type Finding, runRules } from '../rules/engine';
import type { Level } from '../rules/rule';
import { summarizeLetters } from '../library/library';

/** The user's side of what applies: `imr.rules` and `imr.knowledgeBaseFile` ('' for none). */
export interface UserCheckSettings {
  rules: Record<string, Level>;
  knowledgeBaseFile: string;
}

/** What applies to one file: the user's settings over its team's `.imr.json`. */
export interface CheckConfig {
  /** Rule levels: the team file's, with the user's on top. */
  levels: Record<string, Level>;
  /** The knowledge-base file in force (absolute, or as the setting names it); '' for the bundled base. */
  knowledgeBaseFile: string;
  kb: KnowledgeBase;
  /** The team file's `ignore` globs match the file: it gets no problems. */
  ignored: boolean;
}

/**
 * What applies to the file at `file` (null: untitled or virtual, no team file): its team file's
 * rules under the user's, and the user's knowledge-base file, else the team file's, else the
 * bundled base. Cheap after the first call per folder and per knowledge-base file (both cached).
 */
export function checkConfigFor(file: string | null, user: UserCheckSettings): CheckConfig {
  const team = file ? loadTeamConfigFor(file) : null;
  const knowledgeBaseFile = knowledgeBaseFileOf(team, user);
  return {
    levels: team?.source ? { ...team.rules, ...user.rules } : user.rules,
    knowledgeBaseFile,
    kb: knowledgeBaseFor(knowledgeBaseFile || undefined),
    ignored: !!file && !!team?.source && team.ignore(file),
  };
}

/** No settings, no team file: the bundled knowledge base at the default levels (tests, and an index without a library). */
export const BUNDLED_DEFAULTS = (): CheckConfig => checkConfigFor(null, { rules: {}, knowledgeBaseFile: '' });

/**
 * What a stored summary depends on besides its file and team file: the server's version and the
 * user's settings (the stored index is dropped when it differs). The key of the library's cache.
 */
export const summaryContext = (serverVersion: string, user: UserCheckSettings): string =>
  `${serverVersion}|${user.knowledgeBaseFile}|${JSON.stringify(user.rules)}`;

/** The knowledge-base file in force for the file at `file` ('' for the bundled base), without reading it. */
export function knowledgeBaseFileFor(file: string | null, user: UserCheckSettings): string {
  return knowledgeBaseFileOf(file ? loadTeamConfigFor(file) : null, user);
}

const knowledgeBaseFileOf = (team: TeamConfig | null, user: UserCheckSettings): string => user.knowledgeBaseFile || team?.knowledgeBaseFile || '';

/** A text checked: its model now, its findings and summaries on first use (then kept). */
export interface CheckedText {
  model: Determination;
  config: CheckConfig;
  findings(): Finding[];
  /** The library's summaries of the file at `uri`: one per letter that lists items. */
  summaries(uri: string): LetterSummary[];
}

/** `letters`: the file's letters from an earlier version, so that an edit re-reads only the letter edited. */
export function checkText(text: string, config: CheckConfig, letters?: LetterCache<Letter>): CheckedText {
  const model = parseDetermination(text, config.kb, letters);
  let findings: Finding[] | null = null;
  const checked: CheckedText = {
    model,
    config,
    findings: () => (findings ??= config.ignored ? [] : runRules(model, config.kb, config.levels)),
    summaries: (uri) => summarizeLetters(uri, model, config.kb, checked.findings()),
  };
  return checked;
}
