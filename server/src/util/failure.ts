// The one shape of "could not": the PDF reader, the PDF documents, the command line's input and
// its check all answer a failure this way, so a caller tests `ok` and reads `reason` whatever
// it called.

/** Why something could not be done, in words for the user: names the file and the cause, never any of its text. */
export interface Failure {
  ok: false;
  reason: string;
}

/** `{ ok: false, reason }`. */
export const failure = (reason: string): Failure => ({ ok: false, reason });
