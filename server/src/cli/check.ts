// Checking one file, the same on the main thread (--jobs 1) and on a worker thread: read it,
// parse it, run the rules, format its piece. Only the piece and counts travel back.
import { readFileSync } from 'node:fs';
import { parseDetermination } from '../parse/parser';
import { defaultKnowledgeBase, loadKnowledgeBase, parseUserKnowledgeBaseFile } from '../mtus/load';
import type { KnowledgeBase } from '../mtus/query';
import { runRules } from '../rules/engine';
import type { Level } from '../rules/rule';
import type { Format } from './args';
import { FORMATTERS } from './formats';
import { readInput } from './input';
import { reportFor } from './report';

export interface CheckJob {
  file: string;
  format: Format;
  /** Effective levels: .imr.json rules with --rule flags over them. */
  levels: Record<string, Level>;
  /** Validated by the main thread before the first job that names it. */
  knowledgeBaseFile?: string;
}

export type CheckOutcome = { ok: true; piece: string; items: number; errors: number } | { ok: false; error: string };

const kbs = new Map<string, KnowledgeBase>();

/** The knowledge base for a job; a file that cannot be read or parsed falls back to the bundled one. */
export function knowledgeBaseFor(file: string | undefined): KnowledgeBase {
  if (!file) return defaultKnowledgeBase();
  let kb = kbs.get(file);
  if (!kb) {
    kb = loadKnowledgeBaseFile(file).kb;
    kbs.set(file, kb);
  }
  return kb;
}

/** Reads a user knowledge-base file: the knowledge base and what was wrong (no document text). */
export function loadKnowledgeBaseFile(file: string): { kb: KnowledgeBase; errors: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { kb: defaultKnowledgeBase(), errors: [`cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
  }
  const parsed = parseUserKnowledgeBaseFile(text);
  if (parsed.value === undefined) return { kb: defaultKnowledgeBase(), errors: parsed.errors.map((e) => `${file}: ${e.message}`) };
  const kb = loadKnowledgeBase(parsed.value);
  return { kb, errors: kb.loadErrors.map((e) => `${file}: ${e.path} ${e.message}`) };
}

export async function checkFile(job: CheckJob): Promise<CheckOutcome> {
  const input = await readInput(job.file);
  if ('error' in input) return { ok: false, error: input.error };
  const kb = knowledgeBaseFor(job.knowledgeBaseFile);
  const model = parseDetermination(input.text, kb);
  const findings = runRules(model, kb, job.levels);
  const report = reportFor(job.file, model, findings);
  return { ok: true, piece: FORMATTERS[job.format].file(report), items: report.items.length, errors: findings.filter((f) => f.severity === 'error').length };
}
