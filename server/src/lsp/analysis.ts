// Per-document analysis, computed once per document version and shared by every feature:
// the model, and the rule findings for the current settings. Documents that are too large
// or binary are declined (an empty model) instead of freezing the editor.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Determination, Letter } from '../model/types';
import type { KnowledgeBase } from '../mtus/query';
import type { LetterCache } from '../parse/letterCache';
import { type CheckConfig, type CheckedText, checkText } from '../pipeline/checkText';
import type { Finding } from '../rules/engine';
import type { Settings } from './settings';
import { looksBinary } from '../util/binary';

export interface Analysis {
  version: number;
  model: Determination;
  /** Why the document was not analysed, when it was not. */
  declined: string | null;
  findings(): Finding[];
  /** The pipeline's result for this version (the library's summaries of an open letter come from it). */
  checked: CheckedText;
  /** A feature's result for this version, computed on first request (outline, folding). */
  cached<T>(feature: string, compute: (model: Determination) => T): T;
}

/** What an analysis reads when it runs: the settings and knowledge base current then. */
export interface AnalysisConfig {
  readonly settings: Settings;
  kb(): KnowledgeBase;
  forDocument(uri: string): CheckConfig;
}

/** Why a text is not analysed, or null. */
function declineReason(text: string, limitMB: number): string | null {
  if (text.length > limitMB * 1024 * 256 && Buffer.byteLength(text, 'utf8') > limitMB * 1024 * 1024)
    return `larger than the ${limitMB} MB limit (setting imr.maxFileSizeMB)`;
  return looksBinary(text) ? 'binary content' : null;
}

/** `letters`: the document's letters from its earlier versions, so an edit re-reads only the letter edited. */
export function analyse(doc: TextDocument, letters: LetterCache<Letter>, config: AnalysisConfig): Analysis {
  const text = doc.getText();
  const declined = declineReason(text, config.settings.maxFileSizeMB);
  const checked = checkText(declined ? '' : text, config.forDocument(doc.uri), letters);
  const results = new Map<string, unknown>();
  return {
    version: doc.version,
    model: checked.model,
    declined,
    checked,
    findings: checked.findings,
    cached: <T>(feature: string, compute: (m: Determination) => T): T => {
      if (!results.has(feature)) results.set(feature, compute(checked.model));
      return results.get(feature) as T;
    },
  };
}

/** Model and findings of a text that is not the document at `uri` (a fix's result, to check it works). */
export function reanalyse(text: string, uri: string, config: AnalysisConfig): { model: Determination; findings: Finding[] } {
  const checked = checkText(text, config.forDocument(uri));
  return { model: checked.model, findings: checked.findings() };
}
