// The team configuration file `.imr.json`: committed beside a team's letters so that the
// editor and the pipeline check with the same rules.
//
//   { "rules": { "header-date": "off" }, "ignore": ["drafts/**"], "knowledgeBaseFile": "kb.json" }
//
// - Found from a letter's folder upward; the nearest file applies (files further up are not
//   merged in: what applies to a letter can be read in one file).
// - `ignore` globs are relative to the config file's folder (picomatch, `dot: true`).
// - JSONC, as VS Code's settings and `.markdownlint-cli2.jsonc`: comments and trailing commas.
// - A bad entry is reported with what is wrong and where (1-based line and column; a
//   misspelt rule code with the nearest known one) and left out; the valid entries apply.
//   A file that is not JSON at all (or not an object) is reported and the defaults apply.
// - Cached per folder; `invalidate(path)` drops what a changed `.imr.json` (or folder) decided.
//
// The editor side: `loadTeamConfigFor(letter)` gives the rules to put under the user's
// `imr.rules`, `ignore(letter)`, the knowledge-base file, and `errors` to publish as
// diagnostics on `source` (1-based here: subtract 1 for LSP positions); on a watched
// `**/.imr.json` change call `invalidate(changedPath)` and re-check the open letters.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
// The ESM build: its UMD build requires its own files at run time, which a bundle cannot follow.
import { findNodeAtLocation, getNodeValue, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser/lib/esm/main.js';
import picomatch from 'picomatch';
import { ALL_RULES } from '../rules/engine';
import { LEVELS, type Level } from '../rules/rule';
import { didYouMean } from '../util/nearest';
import { lastAtOrBefore } from '../util/search';

export const CONFIG_FILE_NAME = '.imr.json';

const KEYS = ['$schema', 'rules', 'ignore', 'knowledgeBaseFile'];

export interface TeamConfigError {
  message: string;
  /** 1-based, in the config file. */
  line: number;
  column: number;
}

export interface TeamConfig {
  /** Rule levels by code (empty when no file applies or it is invalid). */
  rules: Record<string, Level>;
  /** True when `file` matches one of the `ignore` globs. */
  ignore(file: string): boolean;
  /** Absolute path of the knowledge-base file, resolved against the config file's folder. */
  knowledgeBaseFile?: string;
  /** The `.imr.json` that applies (absolute), when there is one. */
  source?: string;
  /** What is wrong with `source`: each bad entry, left out (the others apply), or why none applies. */
  errors: TeamConfigError[];
  /** True when nothing of `source` could be used (unreadable, not JSON, not an object): the defaults apply. */
  defaultsApply?: boolean;
  /** The globs as written (for --print-config). */
  ignorePatterns: string[];
}

const NONE: TeamConfig = Object.freeze({ rules: {}, ignore: () => false, errors: [], ignorePatterns: [] }) as TeamConfig;

/** Folder -> the config that applies to files in it. */
const byFolder = new Map<string, TeamConfig>();
/** Config file -> its parsed config (shared by every folder below it). */
const byFile = new Map<string, TeamConfig>();

/** The configuration that applies to `filePath` (a letter; absolute or relative to the cwd). */
export function loadTeamConfigFor(filePath: string): TeamConfig {
  return configForFolder(path.dirname(path.resolve(filePath)));
}

function configForFolder(dir: string): TeamConfig {
  const cached = byFolder.get(dir);
  if (cached) return cached;
  const candidate = path.join(dir, CONFIG_FILE_NAME);
  let found: TeamConfig;
  if (isFile(candidate)) found = configFile(candidate);
  else {
    const parent = path.dirname(dir);
    found = parent === dir ? NONE : configForFolder(parent);
  }
  byFolder.set(dir, found);
  return found;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function configFile(file: string): TeamConfig {
  let c = byFile.get(file);
  if (!c) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      text = '';
      c = invalid(file, [{ message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, line: 1, column: 1 }]);
    }
    c ??= parseTeamConfig(text, file);
    byFile.set(file, c);
  }
  return c;
}

/**
 * Drops cached decisions about `changed`: a `.imr.json` (created, changed or deleted) or a
 * folder. Every folder at or below its folder is looked up again on next use.
 */
export function invalidate(changed: string): void {
  const abs = path.resolve(changed);
  const dir = path.basename(abs) === CONFIG_FILE_NAME ? path.dirname(abs) : abs;
  for (const f of [...byFile.keys()]) if (f === abs || isInside(f, dir)) byFile.delete(f);
  for (const d of [...byFolder.keys()]) if (d === dir || isInside(d, dir)) byFolder.delete(d);
}

/** Forgets everything (tests; a workspace change). */
export function invalidateAll(): void {
  byFile.clear();
  byFolder.clear();
}

const isInside = (p: string, dir: string) => p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

function invalid(source: string, errors: TeamConfigError[]): TeamConfig {
  return { ...NONE, source, errors, defaultsApply: true };
}

/** What becomes of the file's settings when it has errors, for messages: `(the defaults apply)`. */
export function consequenceOf(c: TeamConfig): string {
  return c.defaultsApply ? 'the defaults apply' : 'this entry is left out; the others apply';
}

/** Parses and validates the text of a `.imr.json` at `source` (used for paths and messages). */
export function parseTeamConfig(text: string, source: string): TeamConfig {
  const at = positions(text);
  const errors: TeamConfigError[] = [];
  const err = (offset: number, message: string) => errors.push({ message, ...at(offset) });
  const syntax: ParseError[] = [];
  const root = parseTree(text, syntax, { disallowComments: false, allowTrailingComma: true });
  // One message per place: the parser's recovery often adds a second one at the same offset.
  const seen = new Set<number>();
  for (const e of syntax) {
    if (seen.has(e.offset)) continue;
    seen.add(e.offset);
    err(
      e.offset,
      `JSON syntax: ${printParseErrorCode(e.error)
        .replace(/(?<=[a-z])(?=[A-Z])/g, ' ')
        .toLowerCase()}`,
    );
  }
  // A syntax error leaves what follows it unreadable: nothing of the file is trusted.
  if (syntax.length > 0 || !root) {
    if (!root && syntax.length === 0) err(0, 'the file is empty: expected an object');
    return invalid(source, errors);
  }
  if (root.type !== 'object') {
    err(root.offset, 'expected an object such as { "rules": { ... } }');
    return invalid(source, errors);
  }
  for (const prop of root.children ?? []) {
    const key = prop.children?.[0];
    if (key && !KEYS.includes(key.value))
      err(key.offset, `unknown key '${key.value}'${didYouMean(key.value, KEYS.slice(1))} (known: rules, ignore, knowledgeBaseFile)`);
  }
  const rules = readRules(findNodeAtLocation(root, ['rules']), err);
  const patterns = readIgnore(findNodeAtLocation(root, ['ignore']), err);
  let knowledgeBaseFile: string | undefined;
  const kbNode: Node | undefined = findNodeAtLocation(root, ['knowledgeBaseFile']);
  if (kbNode) {
    if (kbNode.type !== 'string' || kbNode.value === '') err(kbNode.offset, "'knowledgeBaseFile' must be a non-empty path (relative to this file's folder)");
    else knowledgeBaseFile = path.resolve(path.dirname(source), getNodeValue(kbNode) as string);
  }
  const base = path.dirname(source);
  const isMatch = patterns.length > 0 ? picomatch(patterns, { dot: true }) : null;
  return {
    rules,
    ignore(file: string) {
      if (!isMatch) return false;
      const rel = path.relative(base, path.resolve(file));
      if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
      // Globs are written with '/', whatever the platform.
      return isMatch(rel.split(path.sep).join('/'));
    },
    knowledgeBaseFile,
    source,
    errors,
    ignorePatterns: patterns,
  };
}

type ReportAt = (offset: number, message: string) => void;

/** The valid entries of `rules`; each bad one is reported and left out. */
function readRules(node: Node | undefined, err: ReportAt): Record<string, Level> {
  const rules: Record<string, Level> = {};
  if (!node) return rules;
  if (node.type !== 'object') {
    err(node.offset, "'rules' must be an object of rule code -> level");
    return rules;
  }
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v) continue;
    const problem = ruleEntryProblem(String(k.value), v.type === 'string' ? String(v.value) : undefined);
    if (problem) err(problem.at === 'code' ? k.offset : v.offset, problem.message);
    else rules[k.value] = v.value as Level;
  }
  return rules;
}

/**
 * What is wrong with one rule setting, `code` = `level` (undefined: not a string), or null.
 * Shared with `imr-check --rule`, so a typo reads the same in the file and on the command line.
 */
export function ruleEntryProblem(code: string, level: string | undefined): { at: 'code' | 'level'; message: string } | null {
  if (!KNOWN_CODES.has(code)) return { at: 'code', message: `unknown rule '${code}'${didYouMean(code, [...KNOWN_CODES])}` };
  if (level === undefined || !(LEVELS as readonly string[]).includes(level)) {
    const given = level === undefined ? '' : `'${level}' is not a level; `;
    return { at: 'level', message: `rule '${code}': ${given}level must be one of ${LEVELS.join(', ')}` };
  }
  return null;
}

/** The valid globs of `ignore`; each bad one is reported and left out. */
function readIgnore(node: Node | undefined, err: ReportAt): string[] {
  const patterns: string[] = [];
  if (!node) return patterns;
  if (node.type !== 'array') {
    err(node.offset, "'ignore' must be an array of globs");
    return patterns;
  }
  for (const g of node.children ?? []) {
    if (g.type !== 'string' || g.value === '') err(g.offset, "'ignore': each entry must be a non-empty glob string");
    else patterns.push(g.value);
  }
  return patterns;
}

/** Offset -> 1-based line and column (UTF-16 code units, as editors count). */
function positions(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return (offset) => {
    const lo = lastAtOrBefore(starts.length, (i) => starts[i], offset);
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}

/** Rule codes the validator accepts: an unknown one is a typo that would silently do nothing. */
const KNOWN_CODES = new Set<string>(ALL_RULES.map((r) => r.code));

/** What `--print-config` shows: plain data. */
export function describeTeamConfig(c: TeamConfig): {
  source: string | null;
  rules: Record<string, Level>;
  ignore: string[];
  knowledgeBaseFile: string | null;
  errors: TeamConfigError[];
} {
  return { source: c.source ?? null, rules: c.rules, ignore: c.ignorePatterns, knowledgeBaseFile: c.knowledgeBaseFile ?? null, errors: c.errors };
}
