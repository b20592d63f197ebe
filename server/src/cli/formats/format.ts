// An output format: written piece by piece as each file's result is known, so memory does not
// grow with the number of files. `file` is pure (it runs on worker threads); `separator` is
// written between two non-empty pieces.
import type { FileReport } from '../report';

export interface RunSummary {
  files: number;
  items: number;
  errors: number;
  /** Files found in folders (or by globs) that are not letters, left out. */
  skipped: number;
  /** Inputs that could not be checked (SARIF lists them as notifications). */
  inputProblems: { file?: string; message: string }[];
  /** With --library: files unchanged since the library was written (not read again), and files removed from it. */
  unchanged?: number;
  removed?: number;
}

export interface Formatter {
  /** Written first ('' for nothing). */
  head(): string;
  /** One file's piece ('' for nothing); no trailing line break. */
  file(report: FileReport): string;
  separator: string;
  /** Written last ('' for nothing). */
  tail(summary: RunSummary): string;
}

/** What --library did: `letters.sqlite: 120 files written, 880 unchanged (not read again), 2 removed`. */
export const libraryLine = (file: string, s: RunSummary): string =>
  `${file}: ${s.files} ${s.files === 1 ? 'file' : 'files'} written, ${s.unchanged ?? 0} unchanged (not read again), ${s.removed ?? 0} removed`;

/** How many files found in folders were left out as not letters: `3 files skipped: not a determination`. */
export const skippedLine = (n: number): string => `${n} ${n === 1 ? 'file' : 'files'} skipped: not a determination`;
