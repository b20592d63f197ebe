// Names and shapes of the custom requests and notifications shared by the server and the
// client (the client imports them; it writes no 'imr/...' literal of its own).
// This file holds the letter-library part; the other custom names are merged in here.
import type { Range } from 'vscode-languageserver-types';

/** `imr/letters`: every letter of the workspace index (one entry per letter of a file), filtered. */
export const LETTERS_REQUEST = 'imr/letters';
/** `imr/lettersChanged`: the library changed (a file indexed, changed or deleted), or indexing started/finished. */
export const LETTERS_CHANGED_NOTIFICATION = 'imr/lettersChanged';

export type LetterOutcome = 'upheld' | 'overturned' | 'mixed';

export interface LettersFilter {
  /** Words of the item name (each must start a word of the name). */
  text?: string;
  /** Outcome of the whole letter: all items upheld, all overturned, or both. */
  outcome?: LetterOutcome;
  /** A guideline cited by the MAXIMUS reviewer (as `GuidelineRef.guideline`). */
  guideline?: string;
  /** A MAXIMUS section of that guideline (or of any guideline) cited for the item. */
  section?: string;
  specialty?: string;
  /** Decision month, `YYYY-MM`. */
  month?: string;
}

export interface LettersParams {
  filter?: LettersFilter;
}

export interface GuidelineRef {
  /** The name as the knowledge base calls it, or as written for a non-MTUS source. */
  guideline: string;
  mtus: boolean;
  sections: string[];
  pages: string[];
}

export type ItemConclusion = 'medically necessary' | 'not medically necessary' | null;

export interface LetterItemSummary {
  name: string;
  /** `Upheld`, `Overturned`, `no decision` or `<word> (not a decision)`. */
  decision: string;
  range: Range;
  claimsAdministratorGuidelines: GuidelineRef[];
  maximusGuidelines: GuidelineRef[];
  conclusion: ItemConclusion;
  /** Rule codes of the problems found in the item. */
  problems: string[];
}

export interface LetterSummary {
  uri: string;
  /** 1-based position of the letter within its file (a QA batch holds several). */
  letter: number;
  caseNumber?: string;
  decisionDate?: string;
  dateOfInjury?: string;
  urDenialDate?: string;
  dateAssigned?: string;
  specialty?: string;
  items: LetterItemSummary[];
}

export type LettersResult = LetterSummary[];

export interface LettersChangedParams {
  /** True while the index is still reading files. */
  indexing: boolean;
  /** Letters in the index now. */
  letters: number;
  /** Files still waiting to be read. */
  queued: number;
}

/** Initialization options the client passes for the library. */
export interface LibraryInitializationOptions {
  /** Folder for the stored index (the extension's workspace storage); absent: memory only. */
  storagePath?: string;
}

/** Client command that opens a PDF letter at a range (implemented with the PDF support). */
export const OPEN_PDF_COMMAND = 'imr.openPdf';
