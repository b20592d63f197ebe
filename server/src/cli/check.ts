// Checking one file, the same on the main thread (--jobs 1) and on a worker thread: read it,
// parse it, run the rules, format its piece. Only the piece and counts travel back.
import { knowledgeBaseFor } from '../config/knowledgeBaseFile';
import { checkText } from '../pipeline/checkText';
import type { Level } from '../rules/rule';
import type { Format } from './args';
import { FORMATTERS } from './formats';
import { readInput } from './input';
import { reportFor } from './report';
import type { Failure } from '../util/failure';
import type { LetterSummary } from '../protocol';

export interface CheckJob {
  file: string;
  /** Bytes, as the folder walk's stat gave them (which thread checks the file depends on it). */
  size?: number;
  format: Format;
  /** Effective levels: .imr.json rules with --rule flags over them. */
  levels: Record<string, Level>;
  /** Validated by the main thread before the first job that names it. */
  knowledgeBaseFile?: string;
  /** The letters' library summaries are wanted too (--library), for the file at this URI. */
  libraryUri?: string;
}

/** A file checked; one that could not be read (`reason`: why); or one that is not a letter (`notLetter`: why). */
export type CheckOutcome = { ok: true; piece: string; items: number; errors: number; letters?: LetterSummary[] } | Failure | { ok: false; notLetter: string };

export async function checkFile(job: CheckJob): Promise<CheckOutcome> {
  const input = await readInput(job.file);
  if ('reason' in input) return { ok: false, reason: input.reason };
  if ('notLetter' in input) return { ok: false, notLetter: input.notLetter };
  // Levels and knowledge-base file were resolved by the main thread from the team file (ignored files never get here).
  const checked = checkText(input.text, {
    levels: job.levels,
    knowledgeBaseFile: job.knowledgeBaseFile ?? '',
    kb: knowledgeBaseFor(job.knowledgeBaseFile),
    ignored: false,
  });
  const { model } = checked;
  const findings = checked.findings();
  const report = reportFor(job.file, model, findings, job.format === 'csv' ? checked.summaries(job.file) : undefined);
  const outcome: CheckOutcome = {
    ok: true,
    piece: FORMATTERS[job.format].file(report),
    items: report.items.length,
    errors: findings.filter((f) => f.severity === 'error').length,
  };
  if (job.libraryUri) outcome.letters = checked.summaries(job.libraryUri);
  return outcome;
}
