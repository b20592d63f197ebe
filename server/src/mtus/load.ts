// Loading the MTUS knowledge base: the bundled data (server/data/mtus-kb.json, shipped as
// dist/mtus-kb.json beside the bundles and read on first use), merged with a user's
// additions and corrections once validate.ts has checked them.
import { dataFilePaths, readDataFile } from './dataFile';
import { KnowledgeBase } from './query';
import type { KbData, KbGuideline, KbTopic, KbValidationError } from './types';
import { validateUserKnowledgeBase } from './validate';

let shipped: KbData | undefined;

export function bundledData(): KbData {
  if (shipped) return shipped;
  const data = readDataFile('mtus-kb.json', 'MTUS knowledge base');
  if (data !== undefined) return (shipped = data as KbData);
  // A broken installation: hover and citation checks know nothing, everything else works.
  process.stderr.write(`IMR: no MTUS knowledge base loaded (looked for ${dataFilePaths('mtus-kb.json').join(', ')}).\n`);
  return (shipped = { version: 'missing', guidelines: [], topics: [], sources: [] });
}

function fillGuideline(g: Partial<KbGuideline>): KbGuideline {
  return {
    id: g.id!,
    family: g.family ?? g.id!,
    edition: g.edition ?? '',
    title: g.title ?? g.id!,
    about: g.about ?? '',
    regulation: g.regulation ?? '',
    effectiveFrom: g.effectiveFrom ?? null,
    effectiveTo: g.effectiveTo ?? null,
    aliases: g.aliases ?? [],
    citeAs: g.citeAs ?? (g.aliases && g.aliases.length > 0 ? [g.edition ? `${g.aliases[0]} ${g.edition}` : g.aliases[0]] : []),
    chapters: g.chapters ?? [],
    pageRange: g.pageRange ?? null,
    confidence: g.confidence ?? 'low',
    confidenceBasis: g.confidenceBasis ?? 'added by the user',
    source: g.source ?? 'user knowledge-base file',
    source_urls: g.source_urls ?? [],
    refIds: g.refIds ?? [],
  };
}

function fillTopic(t: Partial<KbTopic>): KbTopic {
  return {
    id: t.id!,
    guidelines: t.guidelines ?? [],
    title: t.title ?? t.id!,
    citeAs: t.citeAs ?? [t.title ?? t.id!],
    aliases: t.aliases ?? [],
    keywords: t.keywords ?? [],
    summary: t.summary ?? '',
    pages: t.pages ?? [],
    tables: t.tables ?? [],
    confidence: t.confidence ?? 'low',
    confidenceBasis: t.confidenceBasis ?? 'added by the user',
    source: t.source ?? 'user knowledge-base file',
    source_urls: t.source_urls ?? [],
    refId: t.refId ?? null,
  };
}

/**
 * `base` with `extra` merged in by id: an entry with a new id is added (filled to a whole entry),
 * one with a known id overrides the fields it gives. `base` itself is not changed.
 */
function mergeById<T extends { id: string }>(base: T[], extra: Partial<T>[], fill: (e: Partial<T>) => T): T[] {
  const out = base.map((e) => ({ ...e }));
  const index = new Map(out.map((e, i) => [e.id, i]));
  for (const e of extra) {
    const i = index.get(e.id!);
    if (i === undefined) {
      index.set(e.id!, out.length);
      out.push(fill(e));
    } else out[i] = { ...out[i], ...e } as T;
  }
  return out;
}

/**
 * The bundled knowledge base, with a user's additions/corrections merged in when `extra`
 * (the parsed JSON of the file named in the `imr.knowledgeBaseFile` setting) is given.
 * Invalid user entries are skipped and reported in `loadErrors`.
 */
export function loadKnowledgeBase(extra?: unknown): KnowledgeBase {
  const base = bundledData();
  if (extra === undefined || extra === null) return new KnowledgeBase(base);
  const { data, errors } = validateUserKnowledgeBase(extra, base);
  const guidelines = mergeById(base.guidelines, data.guidelines, fillGuideline);
  const topics = mergeById(base.topics, data.topics, fillTopic);
  const version = data.guidelines.length + data.topics.length > 0 ? `${base.version}+user` : base.version;
  return new KnowledgeBase({ version, guidelines, topics, sources: base.sources }, errors);
}

let defaultKb: KnowledgeBase | null = null;

/** The bundled knowledge base (built once). */
export function defaultKnowledgeBase(): KnowledgeBase {
  if (!defaultKb) defaultKb = new KnowledgeBase(bundledData());
  return defaultKb;
}

/** A knowledge base that knows nothing (citations still parse; nothing resolves). */
export function emptyKnowledgeBase(): KnowledgeBase {
  return new KnowledgeBase({ version: 'empty', guidelines: [], topics: [], sources: [] });
}

/**
 * Reads the text of a user knowledge-base file: JSON syntax errors come back with their
 * line and column, then `validateUserKnowledgeBase` runs on the value.
 */
export function parseUserKnowledgeBaseFile(text: string): { value: unknown; errors: KbValidationError[] } {
  try {
    const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return { value, errors: validateUserKnowledgeBase(value, bundledData()).errors };
  } catch (e) {
    // V8 quotes the text where parsing failed (`Unexpected token 'H', " HOW THE IM"... is not
    // valid JSON`): a letter named by mistake would reach the message. Only the kind of error is kept.
    const msg = (e instanceof Error ? e.message : String(e)).replace(/^Unexpected token '.*?', ".*"(?:\.\.\.)? is not valid JSON$/s, 'unexpected character');
    const m = /position (\d+)/.exec(msg);
    let where = '';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split(/\r\n|\r|\n/).length;
      const col = pos - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
      where = ` (line ${line}, column ${col})`;
    }
    return { value: undefined, errors: [{ path: '$', message: `is not valid JSON${where}: ${msg}` }] };
  }
}
