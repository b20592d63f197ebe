// Per-document analysis, computed once per document version and shared by every feature:
// the model, and the rule findings for the current settings. Documents that are too large
// or binary are declined (an empty model) instead of freezing the editor.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Determination, Letter } from './model/types';
import type { KnowledgeBase } from './mtus/query';
import type { LetterCache } from './parse/letterCache';
import { parseDetermination } from './parse/parser';
import { type Finding, runRules } from './rules/engine';
import type { Level } from './rules/rule';
import type { Settings } from './settings';
import { looksBinary } from './util/binary';

export interface Analysis {
  version: number;
  model: Determination;
  /** Why the document was not analysed, when it was not. */
  declined: string | null;
  findings(): Finding[];
  /** A feature's result for this version, computed on first request (outline, folding). */
  cached<T>(feature: string, compute: (model: Determination) => T): T;
}

/** What applies to one document: the user's settings over its team's `.imr.json`. */
export interface DocumentConfig {
  /** Rule levels: the team file's, with the user's `imr.rules` on top. */
  levels: Record<string, Level>;
  kb: KnowledgeBase;
  /** The team file's `ignore` globs match the document: it gets no problems. */
  ignored: boolean;
}

/** What an analysis reads when it runs: the settings and knowledge base current then. */
export interface AnalysisConfig {
  readonly settings: Settings;
  kb(): KnowledgeBase;
  forDocument(uri: string): DocumentConfig;
}

/** Why a text is not analysed, or null. */
function declineReason(text: string, limitMB: number): string | null {
  if (text.length > limitMB * 1024 * 256 && Buffer.byteLength(text, 'utf8') > limitMB * 1024 * 1024) return `larger than the ${limitMB} MB limit (setting imr.maxFileSizeMB)`;
  return looksBinary(text) ? 'binary content' : null;
}

/** `letters`: the document's letters from its earlier versions, so an edit re-reads only the letter edited. */
export function analyse(doc: TextDocument, letters: LetterCache<Letter>, config: AnalysisConfig): Analysis {
  const text = doc.getText();
  const declined = declineReason(text, config.settings.maxFileSizeMB);
  const dc = config.forDocument(doc.uri);
  const model = parseDetermination(declined ? '' : text, dc.kb, letters);
  let findings: Finding[] | null = null;
  const results = new Map<string, unknown>();
  return {
    version: doc.version,
    model,
    declined,
    findings: () => (findings ??= dc.ignored ? [] : runRules(model, dc.kb, dc.levels)),
    cached: <T>(feature: string, compute: (m: Determination) => T): T => {
      if (!results.has(feature)) results.set(feature, compute(model));
      return results.get(feature) as T;
    },
  };
}

/** Model and findings of a text that is not the document at `uri` (a fix's result, to check it works). */
export function reanalyse(text: string, uri: string, config: AnalysisConfig): { model: Determination; findings: Finding[] } {
  const dc = config.forDocument(uri);
  const model = parseDetermination(text, dc.kb);
  return { model, findings: dc.ignored ? [] : runRules(model, dc.kb, dc.levels) };
}
