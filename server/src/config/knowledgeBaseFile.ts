// A knowledge-base file named by a team's `.imr.json`, read once per path and kept: shared by
// imr-check and the language server, so both check a letter against the same entries.
import { readFileSync } from 'node:fs';
import { defaultKnowledgeBase, loadKnowledgeBase, parseUserKnowledgeBaseFile } from '../mtus/load';
import type { KnowledgeBase } from '../mtus/query';

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

/** A changed file is read again on next use. */
export function forgetKnowledgeBaseFile(file: string): void {
  kbs.delete(file);
}
