// Reading one input: the only place the CLI touches a letter's bytes. A reader per kind of
// file: text, and PDF through the shared PDF reader (PDFium in a limited worker thread).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { notALetterReason } from '../parse/looksLikeLetter';
import { readPdfText } from '../pdf/reader';
import { LETTER_FILE, PDF_FILE } from '../workspace/folderWalk';
import { looksBinary } from '../util/binary';
import { decodeText } from '../util/decodeText';
import { type Failure, failure } from '../util/failure';

/** The text of a letter; a file that cannot be read (why); or one that is readable but not a letter (`notLetter`: why). */
export type InputResult = { ok: true; text: string } | Failure | { ok: false; notLetter: string };

type Reader = (file: string) => Promise<InputResult>;

/** Short reasons of the file system, in words. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'a link that leads to itself',
  EISDIR: 'a folder',
};
export const inWords = (reason: string): string => REASONS[reason] ?? reason;

const readText: Reader = async (file) => {
  let text: string;
  try {
    // Synchronous on purpose: on a worker thread (or the CLI's single thread) nothing else
    // waits, and fs.promises.readFile's open/fstat/read/close hops cost more than the read.
    text = decodeText(readFileSync(file));
  } catch (e) {
    return failure(`cannot read '${file}': ${inWords((e as NodeJS.ErrnoException).code ?? (e as Error).message)}`);
  }
  // Messages name the file and the reason only: never the document text.
  if (looksBinary(text)) return failure(`skipped '${file}': binary content`);
  const notLetter = notALetterReason(file, text);
  return notLetter ? { ok: false, notLetter } : { ok: true, text };
};

const readPdf: Reader = async (file) => {
  const r = await readPdfText(file);
  if (!r.ok) return failure(`cannot read PDF '${file}': ${r.reason}`);
  // A folder of downloads holds other PDFs too: the same rule as for text says which are not letters.
  const notLetter = notALetterReason(file, r.text);
  return notLetter ? { ok: false, notLetter } : { ok: true, text: r.text };
};

/** A PDF saved under another name (`letter.txt`) is still read as a PDF: its first bytes say so. */
function startsLikePdf(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(5);
    return readSync(fd, head, 0, 5, 0) === 5 && head.toString('latin1') === '%PDF-';
  } catch {
    return false; // the text reader reports the unreadable file
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function readInput(file: string): Promise<InputResult> {
  return PDF_FILE.test(file) || startsLikePdf(file) ? readPdf(file) : readText(file);
}

/** File names found in folders (a file named on the command line is read whatever its name). */
export const isLetterFileName = (name: string): boolean => LETTER_FILE.test(name) || PDF_FILE.test(name);
