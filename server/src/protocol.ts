// The protocol between the extension (client/src) and the language server beyond LSP itself:
// every custom request, notification and command name, and the shapes they carry. Both sides
// import this one module, so a name cannot be spelt two ways. No imports: the client bundles it.

/** The language of IMR determination letters (package.json `contributes.languages`). */
export const LANGUAGE_ID = 'imr-determination';

/** The configuration section of every setting (`imr.rules`, `imr.run`, ...). */
export const SETTINGS_SECTION = 'imr';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Request `imr/cleanUp`: the edits that clean up PDF text in a document (also its formatter). */
export const CLEAN_UP_REQUEST = 'imr/cleanUp';
export interface CleanUpParams {
  uri: string;
}
export type CleanUpResponse = { range: Range; newText: string }[];

/** Notification `imr/status`, server to client: the status-bar counts of a document, sent when they change. */
export const STATUS_NOTIFICATION = 'imr/status';

export interface StatusCounts {
  /** False for a text that is not a letter: the client hides the item. */
  isLetter: boolean;
  /** Letters in the file (a QA batch holds several). */
  letters: number;
  items: number;
  upheld: number;
  overturned: number;
  /** Items whose decision is missing or is not `Upheld` / `Overturned`. */
  undecided: number;
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  /** errors + warnings + information. */
  problems: number;
  /** Short text for the status bar: `IMR: 2 items · 1 upheld · 1 overturned · 0 problems`. */
  text: string;
  /** Longer text for the item's tooltip (it says what a click does). */
  tooltip: string;
}

export interface StatusParams extends StatusCounts {
  uri: string;
  version: number;
}

/** Commands the extension registers (package.json `contributes.commands`); the server's quick fixes name `disableRule`. */
export const COMMANDS = {
  /** Text editor command: applies `imr/cleanUp` as one undo step. */
  cleanUpText: 'imr.cleanUpText',
  /** Argument: a rule code. Sets `imr.rules.<code>` to `off`. */
  disableRule: 'imr.disableRule',
  restartServer: 'imr.restartServer',
} as const;

// ---- PDF letters: their read-only views (client/src/pdfView.ts, server/src/pdf/pdfDocuments.ts)

/**
 * Scheme of the read-only text view of a PDF: `imr-pdf:` + the PDF's file path + `.txt`. The
 * suffix makes VS Code's own Save As propose `001.pdf.txt` beside the PDF, never the PDF itself.
 */
export const PDF_SCHEME = 'imr-pdf';
export const PDF_VIEW_SUFFIX = '.txt';

/** Client -> server: the text of a PDF, read by the server's PDF reader (the client never parses PDFs). */
export const PDF_TEXT_REQUEST = 'imr/pdfText';
export interface PdfTextParams {
  /** The PDF's `file:` URI, or its `imr-pdf:` view URI. */
  uri: string;
}
export interface PdfTextResult {
  text: string;
  pages: number;
}

/** Commands of the PDF view (contributed in package.json). */
export const OPEN_PDF_COMMAND = 'imr.openPdf';
/** The same command under the Explorer context menu's wording ("Open as IMR Determination"). */
export const OPEN_PDF_FROM_EXPLORER_COMMAND = 'imr.openPdfFromExplorer';
export const SAVE_LETTER_TEXT_COMMAND = 'imr.saveLetterTextAs';

/** `file:///a/b.pdf` -> `imr-pdf:/a/b.pdf.txt` (as VS Code's Uri.toString spells it); other URIs: null. */
export function pdfViewUri(fileUri: string): string | null {
  const m = /^file:(\/\/[^/]*)?(\/.*)$/i.exec(fileUri);
  if (!m) return null;
  const authority = m[1] && m[1] !== '//' ? m[1] : '';
  return `${PDF_SCHEME}:${authority}${m[2]}${PDF_VIEW_SUFFIX}`;
}

/** `imr-pdf:/a/b.pdf.txt` (or `imr-pdf:///a/b.pdf.txt`) -> `file:///a/b.pdf`; other URIs: null. */
export function pdfFileUri(viewUri: string): string | null {
  const m = /^imr-pdf:(\/\/[^/]*)?(\/.*)$/i.exec(viewUri);
  if (!m) return null;
  const authority = m[1] && m[1] !== '//' ? m[1].slice(2) : '';
  return `file://${authority}${stripSuffix(m[2])}`;
}

export function stripSuffix(p: string): string {
  return p.toLowerCase().endsWith(PDF_VIEW_SUFFIX) ? p.slice(0, -PDF_VIEW_SUFFIX.length) : p;
}

export const isPdfViewUri = (uri: string): boolean => uri.toLowerCase().startsWith(`${PDF_SCHEME}:`);
