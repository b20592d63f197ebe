// Names and shapes shared by the client and the server for PDF letters (issue 13, items 4-5).
// Pure data and string helpers: the client bundles this file too, so nothing here may import
// Node or VS Code modules. (To be merged with the protocol module of the server restructure.)

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
