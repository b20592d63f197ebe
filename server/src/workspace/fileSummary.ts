// A letter file's summaries read from disk: read, parse, check and summarise, as one job. The
// workspace index runs it on its worker threads (indexPool.ts, indexWorker.ts) so that a
// folder of 10,000 letters is read off the thread that serves typing.
import { readFileSync } from 'node:fs';
import { decodeText } from '../util/decodeText';
import { checkConfigFor, checkText, type UserCheckSettings } from '../pipeline/checkText';
import type { LetterSummary } from '../protocol';
import { looksBinary } from '../util/binary';

export interface FileSummaryJob {
  path: string;
  uri: string;
  /** A file larger than this is no letter for the index. */
  maxBytes: number;
}

/**
 * A file's letters as they travel from a reading thread through the index to the library's
 * thread: each letter's summary as the store keeps it (JSON, without its URI); the store answers
 * the workspace symbols of its items (library/librarySymbols.ts). One string a letter, not a tree of objects: the main thread
 * passes them on without reading them, and at 100,000 letters the trees it unpacked and packed
 * again were most of its garbage (the heap it grew to) and a share of its work.
 */
export interface LetterRecords {
  json: string[];
}

export const NO_RECORDS: LetterRecords = { json: [] };

export function letterRecords(letters: readonly LetterSummary[]): LetterRecords {
  if (letters.length === 0) return NO_RECORDS;
  return { json: letters.map(({ uri: _uri, ...summary }) => JSON.stringify(summary)) };
}

/**
 * `letters` with no JSON: read, and not a letter. Not `ok`: the file could not be read, or (`retry`) its
 * thread was stopped before it answered (new settings): to be read again.
 */
export type FileSummaryOutcome = { ok: true; letters: LetterRecords } | { ok: false; reason: string; retry?: true };

/** What the summaries depend on besides the file and its team file: the user's rule levels and knowledge-base file. */
export type FileSummarySettings = UserCheckSettings;

/**
 * Cheap test before parsing a file from disk: decision words, or the 2013 notice's outcome
 * sentence. Not whether a text is a letter (parse/looksLikeLetter.ts): whether it may list items.
 */
export function mayListItems(text: string): boolean {
  if (looksBinary(text)) return false;
  return /\b(?:Upheld|Overturned)\b/i.test(text) || /\bmedically\s+necessary\b/i.test(text);
}

/**
 * Why a letter file could not be read, in words (the library lists it so): a PDF reader's own
 * reason ("no text layer: run OCR first"), or the system's error code. Never the file's text.
 */
export function cannotRead(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code) return `cannot read the file (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code})`;
  return e instanceof Error && e.message ? e.message : 'cannot read the file';
}

const MB = 1024 * 1024;
/**
 * A file over the library's size cap: its size and the cap. The cap is the index's own (2 MB for
 * a text letter, what its threads' heap is sized for), not imr.maxFileSizeMB.
 */
export const tooLarge = (size: number, limit: number): string =>
  `larger than the library's limit (${(size / MB).toFixed(1)} MB; limit ${+(limit / MB).toFixed(1)} MB)`;

/** Reads synchronously: it runs on a thread of its own (indexWorker.ts), where that is the cheapest read. */
export function summarizeFile(job: FileSummaryJob, settings: FileSummarySettings): FileSummaryOutcome {
  let bytes: Buffer;
  try {
    bytes = readFileSync(job.path);
  } catch (e) {
    return { ok: false, reason: cannotRead(e) };
  }
  if (bytes.length > job.maxBytes) return { ok: true, letters: NO_RECORDS };
  const text = decodeText(bytes);
  if (!mayListItems(text)) return { ok: true, letters: NO_RECORDS };
  // The file's team file (rules, ignore, knowledgeBaseFile) applies here as in the editor and imr-check.
  const checked = checkText(text, checkConfigFor(job.path, settings));
  if (!checked.model.isLetter || checked.model.items.length === 0) return { ok: true, letters: NO_RECORDS };
  return { ok: true, letters: letterRecords(checked.summaries(job.uri)) };
}
