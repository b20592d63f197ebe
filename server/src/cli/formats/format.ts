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

/** How many files found in folders were left out as not letters: `3 files skipped: not a determination`. */
export const skippedLine = (n: number): string => `${n} ${n === 1 ? 'file' : 'files'} skipped: not a determination`;
