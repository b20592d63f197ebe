// Loading the MTUS knowledge base: the bundled data (server/data/mtus-kb.json, shipped as
// dist/mtus-kb.json beside the bundles and read on first use), merged with a user's
// additions and corrections once validate.ts has checked them.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { KnowledgeBase } from './query';
import type { KbData, KbGuideline, KbTopic, KbValidationError } from './types';
import { validateUserKnowledgeBase } from './validate';

/**
 * Where the shipped data is: beside the bundle (dist/server.js, dist/cli.js) or, running from
 * source (tests, tsx), in server/data. Read from a file rather than bundled: 220 KB of JSON
 * compiled into the server's JavaScript was parsed at every start, hover or not.
 */
const DATA_FILES = [path.join(__dirname, 'mtus-kb.json'), path.join(__dirname, '..', '..', 'data', 'mtus-kb.json')];
let shipped: KbData | undefined;

export function bundledData(): KbData {
  if (shipped) return shipped;
  for (const file of DATA_FILES) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    try {
      return (shipped = JSON.parse(text) as KbData);
    } catch (e) {
      process.stderr.write(`IMR: the MTUS knowledge base ${file} is not valid JSON (${(e as Error).message}).\n`);
      break;
    }
  }
  // A broken installation: hover and citation checks know nothing, everything else works.
  process.stderr.write(`IMR: no MTUS knowledge base loaded (looked for ${DATA_FILES.join(', ')}).\n`);
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
 * The bundled knowledge base, with a user's additions/corrections merged in when `extra`
 * (the parsed JSON of the file named in the `imr.knowledgeBaseFile` setting) is given.
 * Invalid user entries are skipped and reported in `loadErrors`.
 */
export function loadKnowledgeBase(extra?: unknown): KnowledgeBase {
  const base = bundledData();
  if (extra === undefined || extra === null) return new KnowledgeBase(base);
  const { data, errors } = validateUserKnowledgeBase(extra, base);
  const guidelines = base.guidelines.map((g) => ({ ...g }));
  const gIndex = new Map(guidelines.map((g, i) => [g.id, i]));
  for (const g of data.guidelines) {
    const i = gIndex.get(g.id!);
    if (i === undefined) {
      gIndex.set(g.id!, guidelines.length);
      guidelines.push(fillGuideline(g));
    } else guidelines[i] = { ...guidelines[i], ...g } as KbGuideline;
  }
  const topics = base.topics.map((t) => ({ ...t }));
  const tIndex = new Map(topics.map((t, i) => [t.id, i]));
  for (const t of data.topics) {
    const i = tIndex.get(t.id!);
    if (i === undefined) {
      tIndex.set(t.id!, topics.length);
      topics.push(fillTopic(t));
    } else topics[i] = { ...topics[i], ...t } as KbTopic;
  }
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
    const msg = e instanceof Error ? e.message : String(e);
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
