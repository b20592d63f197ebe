// The open documents and what the server keeps of each: one record per document, made when
// it is first analysed and dropped when it closes.
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Analysis, type AnalysisConfig, analyse } from './analysis';
import type { Letter } from '../model/types';
import { LetterCache } from '../parse/letterCache';

export interface DocumentState {
  /** The analysis of the latest version asked for. */
  analysis: Analysis | null;
  /** The document's letters, so an edit in a multi-letter file re-reads only the letter edited. */
  letters: LetterCache<Letter>;
  /** Version whose diagnostics were last published: opening fires both open and change events. */
  publishedVersion: number | null;
  /** Status-bar counts last sent: typing rarely changes them, so most runs send nothing. */
  statusSent: string | null;
  /** The pending diagnostics run while typing. */
  timer: NodeJS.Timeout | undefined;
  /** The "not checked" message has been shown (once per document). */
  declinedShown: boolean;
}

export class DocumentStore {
  /** The LSP text-synchronisation of the open documents. */
  readonly documents = new TextDocuments(TextDocument);
  private readonly states = new Map<string, DocumentState>();

  constructor(private readonly config: AnalysisConfig) {}

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  state(uri: string): DocumentState {
    let s = this.states.get(uri);
    if (!s)
      this.states.set(
        uri,
        (s = { analysis: null, letters: new LetterCache(), publishedVersion: null, statusSent: null, timer: undefined, declinedShown: false }),
      );
    return s;
  }

  /** The analysis made last for an open document, if any (never makes one, nor a record). */
  lastAnalysis(uri: string): Analysis | null {
    return this.states.get(uri)?.analysis ?? null;
  }

  /** The analysis of the document's current version: computed once per version, shared by every feature. */
  analysis(doc: TextDocument): Analysis {
    const s = this.state(doc.uri);
    if (!s.analysis || s.analysis.version !== doc.version) s.analysis = analyse(doc, s.letters, this.config);
    return s.analysis;
  }

  /** Settings or the knowledge base changed: findings (and models, for the knowledge base) must be recomputed. */
  invalidate(): void {
    for (const s of this.states.values()) {
      s.analysis = null;
      s.letters = new LetterCache();
    }
  }

  /** The document closed: forget everything about it. */
  close(uri: string): void {
    clearTimeout(this.states.get(uri)?.timer);
    this.states.delete(uri);
  }
}
