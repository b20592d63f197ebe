// A knowledge-base file named by the `imr.knowledgeBaseFile` setting or by a team's `.imr.json`,
// read once per path and kept until it changes: shared by imr-check, the language server and
// the index's threads, so all check a letter against the same entries.
import { readFileSync } from 'node:fs';
import { defaultKnowledgeBase, loadKnowledgeBase, parseUserKnowledgeBaseFile } from '../mtus/load';
import type { KnowledgeBase } from '../mtus/query';
import type { KbValidationError } from '../mtus/types';

/** A knowledge-base file read: the knowledge base and what was wrong with it (no document text). */
export interface KnowledgeBaseFileRead {
  kb: KnowledgeBase;
  /** Each problem with the JSON path of the bad value ('$': the whole file). */
  problems: KbValidationError[];
  /** Set when the file could not be read at all (the bundled base applies). */
  unreadable?: string;
}

const reads = new Map<string, KnowledgeBaseFileRead>();

/** The knowledge base for a job; a file that cannot be read or parsed falls back to the bundled one. */
export function knowledgeBaseFor(file: string | undefined): KnowledgeBase {
  return file ? readKnowledgeBaseFile(file).kb : defaultKnowledgeBase();
}

/** The file read (once, then kept until `forgetKnowledgeBaseFile`). */
export function readKnowledgeBaseFile(file: string): KnowledgeBaseFileRead {
  let r = reads.get(file);
  if (!r) {
    r = read(file);
    reads.set(file, r);
  }
  return r;
}

function read(file: string): KnowledgeBaseFileRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const unreadable = `cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    return { kb: defaultKnowledgeBase(), problems: [], unreadable };
  }
  // A syntax error discards the file; a bad entry only itself (listed in loadErrors).
  const parsed = parseUserKnowledgeBaseFile(text);
  if (parsed.value === undefined) return { kb: defaultKnowledgeBase(), problems: parsed.errors };
  const kb = loadKnowledgeBase(parsed.value);
  return { kb, problems: [...kb.loadErrors] };
}

/** Reads a user knowledge-base file: the knowledge base and what was wrong, as messages naming the file. */
export function loadKnowledgeBaseFile(file: string): { kb: KnowledgeBase; errors: string[] } {
  const r = readKnowledgeBaseFile(file);
  if (r.unreadable) return { kb: r.kb, errors: [r.unreadable] };
  return { kb: r.kb, errors: r.problems.map((e) => (e.path === '$' ? `${file}: ${e.message}` : `${file}: ${e.path} ${e.message}`)) };
}

/** A changed file is read again on next use. */
export function forgetKnowledgeBaseFile(file: string): void {
  reads.delete(file);
}
