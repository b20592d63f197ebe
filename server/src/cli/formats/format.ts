// An output format: written piece by piece as each file's result is known, so memory does not
// grow with the number of files. `file` is pure (it runs on worker threads); `separator` is
// written between two non-empty pieces.
import type { FileReport } from '../report';

export interface RunSummary {
  files: number;
  items: number;
  errors: number;
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
