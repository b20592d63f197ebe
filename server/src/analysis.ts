// Per-document analysis, computed once per document version and shared by every feature:
// the model, and the rule findings for the current settings. Documents that are too large
// or binary are declined (an empty model) instead of freezing the editor.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LetterCache } from './parse/letterCache';
import { type ParsedLetter, parseDetermination } from './parse/parser';
import type { Determination } from './model/types';
import type { KnowledgeBase } from './mtus/query';
import { type Finding, runRules } from './rules/engine';
import type { Settings } from './settings';

export interface Analysis {
  version: number;
  model: Determination;
  /** Why the document was not analysed, when it was not. */
  declined: string | null;
  findings(): Finding[];
  /** A feature's result for this version, computed on first request (outline, folding). */
  cached<T>(feature: string, compute: (model: Determination) => T): T;
}

/** NUL in the first 8 KB: not text a person wrote. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

export class Analyzer {
  private readonly cache = new Map<string, Analysis>();
  /** Per document: its letters, so an edit in a multi-letter file re-reads only the letter edited. */
  private readonly letters = new Map<string, LetterCache<ParsedLetter>>();

  constructor(
    private settings: () => Settings,
    private kb: () => KnowledgeBase,
  ) {}

  /** Settings or the knowledge base changed: findings (and models, for the KB) must be recomputed. */
  invalidate(): void {
    this.cache.clear();
    this.letters.clear();
  }

  get(doc: TextDocument): Analysis {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    const analysis = this.analyse(doc);
    this.cache.set(doc.uri, analysis);
    return analysis;
  }

  /** Model and findings of a text that is not a document (a fix's result, to check it works). */
  reanalyse(text: string): { model: Determination; findings: Finding[] } {
    const model = parseDetermination(text, this.kb());
    return { model, findings: runRules(model, this.kb(), this.settings().rules) };
  }

  delete(uri: string): void {
    this.cache.delete(uri);
    this.letters.delete(uri);
  }

  private analyse(doc: TextDocument): Analysis {
    const text = doc.getText();
    const limitMB = this.settings().maxFileSizeMB;
    let declined: string | null = null;
    if (text.length > limitMB * 1024 * 256 && Buffer.byteLength(text, 'utf8') > limitMB * 1024 * 1024) declined = `larger than the ${limitMB} MB limit (setting imr.maxFileSizeMB)`;
    else if (looksBinary(text)) declined = 'binary content';
    let letters = this.letters.get(doc.uri);
    if (!letters) this.letters.set(doc.uri, (letters = new LetterCache()));
    const model = parseDetermination(declined ? '' : text, this.kb(), letters);
    let findings: Finding[] | null = null;
    const results = new Map<string, unknown>();
    return {
      version: doc.version,
      model,
      declined,
      findings: () => (findings ??= runRules(model, this.kb(), this.settings().rules)),
      cached: <T>(feature: string, compute: (m: Determination) => T): T => {
        if (!results.has(feature)) results.set(feature, compute(model));
        return results.get(feature) as T;
      },
    };
  }
}
