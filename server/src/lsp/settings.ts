// Server settings (the `imr.*` configuration section), with defaults that hold for clients
// that send no configuration at all.
import { isLevel, type Level } from '../rules/rule';

export interface Settings {
  /** Per-rule level, by rule code; rules not named keep their default severity. */
  rules: Record<string, Level>;
  /** Check while typing, or only when the document is saved (and opened). */
  run: 'onType' | 'onSave';
  /** Documents larger than this (in MB) are declined with a message. */
  maxFileSizeMB: number;
  /** A JSON file of extra or corrected MTUS knowledge-base entries. */
  knowledgeBaseFile: string;
  /** `imr.library.maxFiles`: letter files the library indexes per workspace folder (the view says when there are more). */
  libraryMaxFiles: number;
  /** `imr.codeLens.similarDecisions`: the code lens above each item on how similar requests were decided. */
  similarDecisionsLens: boolean;
}

/** The default covers a firm's archive, or a year of the Division's published decisions (issue 23). */
export const DEFAULT_LIBRARY_MAX_FILES = 200_000;

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  run: 'onType',
  maxFileSizeMB: 10,
  knowledgeBaseFile: '',
  libraryMaxFiles: DEFAULT_LIBRARY_MAX_FILES,
  similarDecisionsLens: true,
};

/** `imr.library.maxFiles`, as VS Code sends it (`library: { maxFiles }`) or flat; a whole number of at least 1. */
function libraryMaxFilesOf(r: Record<string, unknown>): number {
  const library = r.library && typeof r.library === 'object' ? (r.library as Record<string, unknown>) : {};
  const v = library.maxFiles ?? r['library.maxFiles'];
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : DEFAULT_LIBRARY_MAX_FILES;
}

/** `imr.codeLens.similarDecisions`, nested as VS Code sends it or flat; on unless it is `false`. */
function similarDecisionsLensOf(r: Record<string, unknown>): boolean {
  const codeLens = r.codeLens && typeof r.codeLens === 'object' ? (r.codeLens as Record<string, unknown>) : {};
  return (codeLens.similarDecisions ?? r['codeLens.similarDecisions']) !== false;
}

/** Accepts whatever the client sent; anything malformed falls back to the default. */
export function normalizeSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, Level> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [code, level] of Object.entries(r.rules as Record<string, unknown>)) {
      if (isLevel(level)) rules[code] = level;
    }
  }
  const size = typeof r.maxFileSizeMB === 'number' && r.maxFileSizeMB > 0 ? r.maxFileSizeMB : DEFAULT_SETTINGS.maxFileSizeMB;
  return {
    rules,
    run: r.run === 'onSave' ? 'onSave' : 'onType',
    maxFileSizeMB: size,
    knowledgeBaseFile: typeof r.knowledgeBaseFile === 'string' ? r.knowledgeBaseFile : '',
    libraryMaxFiles: libraryMaxFilesOf(r),
    similarDecisionsLens: similarDecisionsLensOf(r),
  };
}
