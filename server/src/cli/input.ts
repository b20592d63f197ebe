// Reading one input: the only place the CLI touches a letter's bytes. A reader per kind of
// file, so the PDF reader (server/src/pdf/, readPdfText) plugs in as one more entry.
import { readFileSync } from 'node:fs';
import { looksBinary } from '../util/binary';

export type InputResult = { text: string } | { error: string };

type Reader = (file: string) => Promise<InputResult>;

const readText: Reader = async (file) => {
  let text: string;
  try {
    // Synchronous on purpose: on a worker thread (or the CLI's single thread) nothing else
    // waits, and fs.promises.readFile's open/fstat/read/close hops cost more than the read.
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { error: `cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  // Messages name the file and the reason only: never the document text.
  if (looksBinary(text)) return { error: `skipped '${file}': binary content` };
  return { text };
};

/**
 * By lower-case extension; anything else is read as text. The PDF reader joins here, e.g.
 *   '.pdf': async (f) => { const r = await readPdfText(f); return r.ok ? { text: r.text } : { error: `cannot read '${f}': ${r.reason}` }; }
 * (and `pdf` in LETTER_FILE_NAME below, so folders yield PDFs too).
 */
const READERS: Record<string, Reader> = {};

export function readInput(file: string): Promise<InputResult> {
  const ext = /\.[^./\\]+$/.exec(file)?.[0].toLowerCase() ?? '';
  return (READERS[ext] ?? readText)(file);
}

/** File names found in folders (a file named on the command line is read whatever its name). */
export const LETTER_FILE_NAME = /\.(txt|imr)$/i;
