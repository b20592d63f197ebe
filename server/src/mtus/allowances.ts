// Visit allowances of the MTUS topics that therapy requests are judged against (Physical
// Medicine, Manual therapy & manipulation, the Acupuncture Medical Treatment Guidelines, the
// Postsurgical Treatment Guidelines), read from `server/data/mtus-allowances.json` (shipped
// as `dist/mtus-allowances.json`, read on first use like the knowledge base). Every figure
// carries where it is, its confidence and its evidence (letters of the corpus that quote
// it); a figure without evidence is `fact: false` and is shown as recalled, never relied on.
// ODG figures (outside the MTUS) are kept in their own list.
import type { Citation, Field } from '../model/types';
import type { KnowledgeBase } from './query';
import { readDataFile } from './dataFile';
import type { Confidence } from './types';

export type AllowanceWhat = 'course' | 'trial' | 'maximum' | 'frequency' | 'duration' | 'notRecommended';

export interface AllowanceWhere {
  guideline: string;
  pages?: string;
  section?: string;
}

export interface Allowance {
  id: string;
  /** `MTUS` or `ODG` (outside the MTUS, quoted beside it). */
  scheme: 'MTUS' | 'ODG';
  /** Knowledge-base topic ids the figure belongs to. */
  topics: string[];
  /** Guideline (edition) ids the figure is in. */
  guidelines: string[];
  /** The figure applies when the guideline is cited without a section (the acupuncture guidelines are one topic). */
  guidelineWide: boolean;
  what: AllowanceWhat;
  condition: string;
  /** [low, high] ranges, as the guideline gives them. */
  visits?: [number, number];
  weeks?: [number, number];
  perWeek?: [number, number];
  months?: [number, number];
  bodyParts?: string[];
  /** In our own words. */
  text: string;
  where: AllowanceWhere[];
  confidence: Confidence;
  basis: string;
  refIds: string[];
  evidence: { pattern: string; letters: number };
  /** Shown as fact: quoted by a corpus letter, or stated by a reference entry of high/medium confidence. */
  fact: boolean;
}

export interface AllowanceData {
  version: string;
  mtus: Partial<Allowance>[];
  odg: Partial<Allowance>[];
}

/** Reference entries of ../shared/mtus rated high or medium: what a figure may rest on besides letters. */
const SOURCED_REFS = new Set(['cpmtg-2009-060', 'amtg-003', 'amtg-004', 'pstg-003']);

function fill(a: Partial<Allowance>, scheme: 'MTUS' | 'ODG'): Allowance {
  const evidence = a.evidence ?? { pattern: '', letters: 0 };
  const refIds = a.refIds ?? [];
  return {
    id: a.id ?? '',
    scheme,
    topics: a.topics ?? [],
    guidelines: a.guidelines ?? [],
    guidelineWide: a.guidelineWide ?? false,
    what: a.what ?? 'course',
    condition: a.condition ?? '',
    visits: a.visits,
    weeks: a.weeks,
    perWeek: a.perWeek,
    months: a.months,
    bodyParts: a.bodyParts,
    text: a.text ?? '',
    where: a.where ?? [],
    confidence: a.confidence ?? 'low',
    basis: a.basis ?? '',
    refIds,
    evidence,
    fact: evidence.letters > 0 || refIds.some((r) => SOURCED_REFS.has(r)),
  };
}

export class Allowances {
  readonly version: string;
  readonly mtus: readonly Allowance[];
  readonly odg: readonly Allowance[];
  private readonly byTopic = new Map<string, Allowance[]>();
  private readonly odgByTopic = new Map<string, Allowance[]>();
  private readonly byGuideline = new Map<string, Allowance[]>();

  constructor(data: AllowanceData) {
    this.version = data.version;
    this.mtus = data.mtus.map((a) => fill(a, 'MTUS'));
    this.odg = data.odg.map((a) => fill(a, 'ODG'));
    for (const a of this.mtus) {
      for (const t of a.topics) push(this.byTopic, t, a);
      if (a.guidelineWide) for (const g of a.guidelines) push(this.byGuideline, g, a);
    }
    for (const a of this.odg) for (const t of a.topics) push(this.odgByTopic, t, a);
  }

  /** MTUS figures of a knowledge-base topic (data order). */
  forTopic(topicId: string): readonly Allowance[] {
    return this.byTopic.get(topicId) ?? [];
  }

  /** ODG figures letters quote beside a topic (outside the MTUS). */
  odgForTopic(topicId: string): readonly Allowance[] {
    return this.odgByTopic.get(topicId) ?? [];
  }

  /** Figures that apply when the guideline is cited without a section. */
  forGuideline(guidelineId: string): readonly Allowance[] {
    return this.byGuideline.get(guidelineId) ?? [];
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** The most visits a set of figures allows (shown-as-fact figures with a visit count), or null. */
export function largestVisits(figures: readonly Allowance[]): number | null {
  let best: number | null = null;
  for (const a of figures) {
    if (!a.fact || !a.visits || a.what === 'notRecommended') continue;
    if (best === null || a.visits[1] > best) best = a.visits[1];
  }
  return best;
}

/** One topic (or a guideline cited as a whole) of a guideline field, with its figures. */
export interface CitedAllowances {
  /** Topic id, or guideline id when cited without a section. */
  id: string;
  /** The topic's title (or the guideline's). */
  title: string;
  guidelineId: string | null;
  figures: readonly Allowance[];
  odg: readonly Allowance[];
}

/**
 * The topics a guideline field cites that have allowances: sections and topics by name,
 * pages through the knowledge base's page index (narrowest topic), a guideline cited
 * without a section when its figures are guideline-wide. Each topic once.
 */
export function citedAllowances(field: Field | null, kb: KnowledgeBase, allowances: Allowances): CitedAllowances[] {
  const out: CitedAllowances[] = [];
  if (!field) return out;
  const seen = new Set<string>();
  const addTopic = (id: string, gid: string | null) => {
    if (seen.has(id)) return;
    const figures = allowances.forTopic(id);
    const odg = allowances.odgForTopic(id);
    if (figures.length === 0 && odg.length === 0) return;
    seen.add(id);
    out.push({ id, title: kb.getTopic(id)?.title ?? id, guidelineId: gid, figures, odg });
  };
  for (const c of field.citations) {
    if (c.kind !== 'mtus' || !c.guideline?.guidelineId) continue;
    const gid = c.guideline.guidelineId;
    const before = out.length;
    let named = false;
    for (const id of topicsOf(c, gid, kb)) {
      named = true;
      addTopic(id, gid);
    }
    if (!named && out.length === before && !seen.has(gid)) {
      const figures = allowances.forGuideline(gid);
      if (figures.length > 0) {
        seen.add(gid);
        out.push({ id: gid, title: kb.getGuideline(gid)?.title ?? gid, guidelineId: gid, figures, odg: [] });
      }
    }
  }
  return out;
}

function topicsOf(c: Citation, gid: string, kb: KnowledgeBase): string[] {
  const ids: string[] = [];
  for (const s of c.sections) {
    const t = kb.findSection(gid, s.text);
    if (t) ids.push(t.id);
  }
  if (c.topic) {
    const t = kb.findSection(gid, c.topic.text);
    if (t) ids.push(t.id);
  }
  for (const p of c.pages) {
    const hit = kb.topicsForPage(gid, p.first, p.last)[0];
    if (hit) ids.push(hit.topic.id);
  }
  return ids;
}

// ------------------------------------------------------------------ loading

let shipped: Allowances | undefined;

/** The shipped allowances (read once, on first use); empty when the file is missing or broken. */
export function defaultAllowances(): Allowances {
  if (shipped) return shipped;
  const data = readDataFile('mtus-allowances.json', 'MTUS allowances');
  try {
    if (data !== undefined) return (shipped = new Allowances(data as AllowanceData));
  } catch (e) {
    // JSON of the wrong shape: as broken as no JSON.
    process.stderr.write(`IMR: the MTUS allowances are not valid (${(e as Error).message}).\n`);
  }
  // Hover and the check then say nothing about allowances; everything else works.
  return (shipped = new Allowances({ version: 'missing', mtus: [], odg: [] }));
}
