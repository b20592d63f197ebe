// The MTUS knowledge base: which guidelines IMR letters cite, their topics/sections, the
// pages each topic is cited at (per edition) and where every fact comes from.
//
// The facts live in `server/data/mtus-kb.json` (shipped as `dist/mtus-kb.json` beside the
// bundles and read on first use); this module only loads, validates, merges a user's additions and indexes them
// for map-based look-ups. Names are compared in a normalized form (lowercase, `&` read as
// `and`, punctuation dropped, white space collapsed) so that `Forearm, Wrist, & Hand` and
// `Forearm, Wrist, and Hand` are the same name.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export type Confidence = 'high' | 'medium' | 'low';

/** A page or page range as printed in a guideline, with where that page number comes from. */
export interface KbPages {
  /** Guideline (edition) the pages belong to. */
  guideline: string;
  /** As printed: `98-99`, `18-19; 49`. */
  pages: string;
  confidence: Confidence;
  /** True only when the page number itself was seen in a cited source. */
  verified: boolean;
  /** What the page number rests on, in words. */
  basis: string;
  source_urls: string[];
}

export interface KbGuideline {
  id: string;
  /** Editions of one guideline share a family (`cpmtg`: 2009 and 2016). */
  family: string;
  /** Year of the edition, as letters write it after the name (`2004`, `2016`). */
  edition: string;
  title: string;
  /** What the guideline is, in our own words. */
  about: string;
  regulation: string;
  /** ISO dates; effectiveTo null when still in force or unknown. */
  effectiveFrom: string | null;
  effectiveTo: string | null;
  /** How letters name it, without the year (matched in normalized form). */
  aliases: string[];
  /** Ready-to-insert citation names, most usual first (`Low Back Complaints 2004`). */
  citeAs: string[];
  /** ACOEM chapter number(s), when it is a chapter. */
  chapters: number[];
  /** The guideline's own page span, when known. */
  pageRange: KbPages | null;
  confidence: Confidence;
  confidenceBasis: string;
  source: string;
  source_urls: string[];
  /** Entries of ../shared/mtus/mtus-reference.json this guideline carries over. */
  refIds: string[];
}

export interface KbTopic {
  id: string;
  /** Guidelines (editions) this topic is a section of. */
  guidelines: string[];
  title: string;
  /** Ready-to-insert section names as letters write them, most usual first. */
  citeAs: string[];
  /** Section names as letters write them (matched in normalized form). */
  aliases: string[];
  /** Treatments and drugs the topic covers (for completion filtering and hover). */
  keywords: string[];
  /** Short summary in our own words. */
  summary: string;
  pages: KbPages[];
  /** Table numbers (`12-8`) the topic is, or contains. */
  tables: string[];
  confidence: Confidence;
  confidenceBasis: string;
  source: string;
  source_urls: string[];
  refId: string | null;
}

export interface KbSource {
  id: string;
  url: string;
  supports: string;
}

export interface KbData {
  version: string;
  guidelines: KbGuideline[];
  topics: KbTopic[];
  sources: KbSource[];
}

export interface PageRange {
  first: number;
  last: number;
}

/** One topic found for a page: the topic and the page entry that contains the page. */
export interface PageHit {
  topic: KbTopic;
  pages: KbPages;
  range: PageRange;
}

export interface KbValidationError {
  /** JSON path of the bad value, e.g. `topics[3].pages[0].pages`. */
  path: string;
  message: string;
}

const AMP_RE = /&/g;
const HYPHEN_BREAK_RE = /\p{L}- \p{L}/u;
const HYPHEN_BREAK_G_RE = /(\p{L})- (\p{L})/gu;
const NON_WORD_RE = /[^\p{L}\p{N}]+/gu;

/** Lowercase, `&` as `and`, every other non-letter/digit as a space, spaces collapsed. */
/** Names seen before: letters cite the same few dozen names over and over. */
const normalized = new Map<string, string>();

export function normalizeName(s: string): string {
  let n = normalized.get(s);
  if (n === undefined) {
    n = s.toLowerCase().replace(AMP_RE, ' and ').replace(NON_WORD_RE, ' ').trim();
    // Bounded: a 10 MB paste of random text must not grow it without end.
    if (normalized.size >= 20_000) normalized.clear();
    normalized.set(s, n);
  }
  return n;
}

/** Word tokens of a normalized name (`&` -> `and`). */
function tokensOf(name: string): string[] {
  const n = normalizeName(name);
  return n ? n.split(' ') : [];
}

/** `98-99` / `18-19; 49` / `113; 93-94` -> ranges; malformed pieces are skipped. */
export function parsePageRanges(pages: string): PageRange[] {
  const out: PageRange[] = [];
  for (const piece of pages.split(/[;,]/)) {
    const m = /^\s*(\d{1,4})\s*(?:[-\u2013]\s*(\d{1,4}))?\s*$/.exec(piece);
    if (!m) continue;
    const first = Number(m[1]);
    const last = m[2] ? Number(m[2]) : first;
    if (last >= first) out.push({ first, last });
  }
  return out;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Guideline ids whose alias ends here, default first. */
  ids: string[] | null;
}

/** A guideline name matched at a token position: how many tokens, and the candidate ids. */
export interface GuidelineMatch {
  tokens: number;
  ids: string[];
}

export class KnowledgeBase {
  readonly version: string;
  readonly guidelines: readonly KbGuideline[];
  readonly topics: readonly KbTopic[];
  readonly sources: readonly KbSource[];
  /** Problems found in a user file merged into this knowledge base (entries with errors are skipped). */
  readonly loadErrors: readonly KbValidationError[];

  private readonly byId = new Map<string, KbGuideline>();
  private readonly topicById = new Map<string, KbTopic>();
  private readonly trie: TrieNode = { next: new Map(), ids: null };
  /** `guidelineId|normalized name` and `family:<family>|normalized name` -> topic. */
  /** Normalized section name -> topic, per guideline id and per `family:<family>` (nested: no key strings built per look-up). */
  private readonly sectionIndex = new Map<string, Map<string, KbTopic>>();
  /** guideline id -> topics with pages of that guideline. */
  private readonly pageIndex = new Map<string, { topic: KbTopic; pages: KbPages; ranges: PageRange[] }[]>();
  private readonly topicsByGuideline = new Map<string, KbTopic[]>();
  private readonly tableIndex = new Map<string, KbTopic>();

  constructor(data: KbData, loadErrors: KbValidationError[] = []) {
    this.version = data.version;
    this.guidelines = data.guidelines;
    this.topics = data.topics;
    this.sources = data.sources;
    this.loadErrors = loadErrors;
    for (const g of data.guidelines) this.byId.set(g.id, g);
    for (const g of data.guidelines) {
      for (const alias of g.aliases) this.addAlias(alias, g.id);
    }
    for (const t of data.topics) {
      this.topicById.set(t.id, t);
      for (const gid of t.guidelines) {
        const g = this.byId.get(gid);
        const list = this.topicsByGuideline.get(gid) ?? [];
        list.push(t);
        this.topicsByGuideline.set(gid, list);
        for (const name of [t.title, ...t.aliases]) {
          const key = normalizeName(name);
          if (!key) continue;
          this.indexSection(gid, key, t);
          if (g) this.indexSection('family:' + g.family, key, t);
        }
      }
      for (const p of t.pages) {
        const ranges = parsePageRanges(p.pages);
        if (ranges.length === 0) continue;
        const list = this.pageIndex.get(p.guideline) ?? [];
        list.push({ topic: t, pages: p, ranges });
        this.pageIndex.set(p.guideline, list);
      }
      for (const table of t.tables) {
        for (const gid of t.guidelines) {
          const key = gid + '|' + table;
          if (!this.tableIndex.has(key)) this.tableIndex.set(key, t);
        }
        if (!this.tableIndex.has('|' + table)) this.tableIndex.set('|' + table, t);
      }
    }
  }

  private addAlias(alias: string, id: string): void {
    const toks = tokensOf(alias);
    if (toks.length === 0) return;
    let node = this.trie;
    for (const t of toks) {
      let n = node.next.get(t);
      if (!n) {
        n = { next: new Map(), ids: null };
        node.next.set(t, n);
      }
      node = n;
    }
    if (!node.ids) node.ids = [];
    if (!node.ids.includes(id)) node.ids.push(id);
  }

  getGuideline(id: string | null | undefined): KbGuideline | null {
    return id ? this.byId.get(id) ?? null : null;
  }

  getTopic(id: string): KbTopic | null {
    return this.topicById.get(id) ?? null;
  }

  /** Topics that are sections of the guideline (in data order). */
  topicsOf(guidelineId: string): readonly KbTopic[] {
    return this.topicsByGuideline.get(guidelineId) ?? [];
  }

  /** Editions of the same guideline (same family), oldest first. */
  editionsOf(guidelineId: string): KbGuideline[] {
    const g = this.byId.get(guidelineId);
    if (!g) return [];
    return this.guidelines.filter((x) => x.family === g.family).sort((a, b) => a.edition.localeCompare(b.edition));
  }

  /**
   * Longest guideline name starting at `tokens[at]` (normalized word tokens), not
   * reaching `end`. Returns null when no alias starts there.
   */
  matchGuideline(tokens: readonly string[], at: number, end: number = tokens.length, hyphenBreak?: ArrayLike<boolean | number>): GuidelineMatch | null {
    let node: TrieNode | undefined = this.trie;
    let best: GuidelineMatch | null = null;
    const stop = Math.min(end, tokens.length);
    for (let i = at; i < stop && node; i++) {
      let next: TrieNode | undefined = node.next.get(tokens[i]);
      // A word broken at a line end (`Treat- ment`): try it joined.
      if (!next && hyphenBreak && hyphenBreak[i] && i + 1 < stop) {
        next = node.next.get(tokens[i] + tokens[i + 1]);
        if (next) i++;
      }
      node = next;
      if (node?.ids) best = { tokens: i - at + 1, ids: node.ids };
    }
    return best;
  }

  /** Picks the edition named by `year` among candidates, else the first (default). */
  pickEdition(ids: readonly string[], year: string | null | undefined): string | null {
    if (ids.length === 0) return null;
    if (year) {
      for (const id of ids) if (this.byId.get(id)?.edition === year) return id;
    }
    return ids[0];
  }

  /** Resolves a guideline name as written (with or without its year) to a guideline id. */
  resolveGuideline(name: string, year?: string | null): string | null {
    let toks = tokensOf(name);
    let y = year ?? null;
    if (!y && toks.length > 1 && /^(19|20)\d\d$/.test(toks[toks.length - 1])) {
      y = toks[toks.length - 1];
      toks = toks.slice(0, -1);
    }
    if (toks[0] === 'mtus' && toks.length > 1) toks = toks.slice(1);
    const m = this.matchGuideline(toks, 0);
    if (!m || m.tokens !== toks.length) return null;
    return this.pickEdition(m.ids, y);
  }

  /** The topic a section name denotes within a guideline (or, failing that, another edition of it). */
  findSection(guidelineId: string | null | undefined, name: string): KbTopic | null {
    const t = this.findSectionKey(guidelineId, normalizeName(name));
    if (t || !HYPHEN_BREAK_RE.test(name)) return t;
    // A word broken at a line end (`Electro- diagnostic`): try it joined.
    return this.findSectionKey(guidelineId, normalizeName(name.replace(HYPHEN_BREAK_G_RE, '$1$2')));
  }

  /** The first topic indexed under a name wins. */
  private indexSection(scope: string, key: string, topic: KbTopic): void {
    let names = this.sectionIndex.get(scope);
    if (!names) this.sectionIndex.set(scope, (names = new Map()));
    if (!names.has(key)) names.set(key, topic);
  }

  private findSectionKey(guidelineId: string | null | undefined, key: string): KbTopic | null {
    if (!key) return null;
    if (guidelineId) {
      const t = this.sectionIndex.get(guidelineId)?.get(key);
      if (t) return t;
      const g = this.byId.get(guidelineId);
      if (g) return this.sectionIndex.get('family:' + g.family)?.get(key) ?? null;
      return null;
    }
    for (const g of this.guidelines) {
      const t = this.sectionIndex.get(g.id)?.get(key);
      if (t) return t;
    }
    return null;
  }

  /** True when a name (as written) is a section of the guideline (used to split comma lists). */
  isSectionName(guidelineId: string | null, name: string): boolean {
    if (!guidelineId) return false;
    return this.findSection(guidelineId, name) !== null;
  }

  /**
   * Topics whose pages in this guideline contain the page, narrowest range first.
   * Falls back to the other editions of the guideline when it has no page data itself
   * (the hover then says which edition the pages belong to).
   */
  topicsForPage(guidelineId: string, first: number, last: number = first): PageHit[] {
    const hits = this.pageHitsIn(guidelineId, first, last);
    if (hits.length > 0) return hits;
    const g = this.byId.get(guidelineId);
    if (!g) return [];
    const out: PageHit[] = [];
    for (const other of this.guidelines) {
      if (other.family === g.family && other.id !== g.id) out.push(...this.pageHitsIn(other.id, first, last));
    }
    return out;
  }

  private pageHitsIn(guidelineId: string, first: number, last: number): PageHit[] {
    const list = this.pageIndex.get(guidelineId);
    if (!list) return [];
    const out: PageHit[] = [];
    for (const e of list) {
      for (const r of e.ranges) {
        if (first >= r.first && last <= r.last) {
          out.push({ topic: e.topic, pages: e.pages, range: r });
          break;
        }
      }
    }
    out.sort((a, b) => a.range.last - a.range.first - (b.range.last - b.range.first));
    // Prefer a topic that is a section of this guideline over a whole-chapter entry of equal width.
    return out;
  }

  /** Whether this guideline (its family, when it has no own data) has any page data. */
  hasPageData(guidelineId: string): boolean {
    return (this.pageIndex.get(guidelineId)?.length ?? 0) > 0;
  }

  /** The topic that is (or contains) `Table 12-8`, preferring the given guideline. */
  findTable(table: string, guidelineId?: string | null): KbTopic | null {
    if (guidelineId) {
      const t = this.tableIndex.get(guidelineId + '|' + table);
      if (t) return t;
    }
    return this.tableIndex.get('|' + table) ?? null;
  }

  /** The guideline's own page span, only when that span was seen in a source (verified). */
  verifiedPageRange(guidelineId: string): PageRange | null {
    const g = this.byId.get(guidelineId);
    if (!g || !g.pageRange || !g.pageRange.verified) return null;
    const r = parsePageRanges(g.pageRange.pages);
    return r.length === 1 ? r[0] : null;
  }

  /** The guideline whose chapter number this is (ACOEM `Chapter 12`, `Table 12-8`). */
  guidelineForChapter(chapter: number): KbGuideline | null {
    for (const g of this.guidelines) if (g.chapters.includes(chapter)) return g;
    return null;
  }
}

// ------------------------------------------------------------------ validation

const CONFIDENCE = new Set(['high', 'medium', 'low']);
const ID_RE = /^[a-z0-9][a-z0-9._-]*$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly errors: KbValidationError[] = [];
  err(path: string, message: string): void {
    this.errors.push({ path, message });
  }
  str(o: Record<string, unknown>, key: string, path: string, required: boolean, allowEmpty = true): string | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.err(`${path}.${key}`, 'is required (a string)');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.err(`${path}.${key}`, `must be a string, not ${describe(v)}`);
      return undefined;
    }
    if (!allowEmpty && v.trim() === '') {
      this.err(`${path}.${key}`, 'must not be empty');
      return undefined;
    }
    return v;
  }
  strArray(o: Record<string, unknown>, key: string, path: string): string[] | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.err(`${path}.${key}`, `must be an array of strings, not ${describe(v)}`);
      return undefined;
    }
    const out: string[] = [];
    v.forEach((x, i) => {
      if (typeof x !== 'string') this.err(`${path}.${key}[${i}]`, `must be a string, not ${describe(x)}`);
      else out.push(x);
    });
    return out;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function checkPages(c: Checker, v: unknown, path: string, guidelineIds: Set<string> | null): KbPages | null {
  if (!isObj(v)) {
    c.err(path, `must be an object like {"guideline": "cpmtg-2009", "pages": "98-99", "confidence": "low", "verified": false}, not ${describe(v)}`);
    return null;
  }
  const before = c.errors.length;
  const guideline = c.str(v, 'guideline', path, true, false);
  if (guideline && guidelineIds && !guidelineIds.has(guideline)) c.err(`${path}.guideline`, `names no known guideline: "${guideline}"`);
  const pages = c.str(v, 'pages', path, true, false);
  if (pages !== undefined && parsePageRanges(pages).length !== pages.split(/[;,]/).filter((p) => p.trim()).length) {
    c.err(`${path}.pages`, `must be pages like "98-99" or "18-19; 49", not "${pages}"`);
  }
  const confidence = c.str(v, 'confidence', path, true);
  if (confidence !== undefined && !CONFIDENCE.has(confidence)) c.err(`${path}.confidence`, `must be "high", "medium" or "low", not "${confidence}"`);
  const verified = v.verified;
  if (verified !== undefined && typeof verified !== 'boolean') c.err(`${path}.verified`, `must be true or false, not ${describe(verified)}`);
  if (verified === true && confidence !== 'high') c.err(`${path}.verified`, 'can be true only with confidence "high" (the page was seen in a cited source)');
  const basis = c.str(v, 'basis', path, false);
  const urls = c.strArray(v, 'source_urls', path);
  if (verified === true && (!urls || urls.length === 0)) c.err(`${path}.source_urls`, 'a verified page needs at least one source URL');
  if (c.errors.length > before) return null;
  return {
    guideline: guideline!,
    pages: pages!,
    confidence: confidence as Confidence,
    verified: verified === true,
    basis: basis ?? 'added by the user (no source given)',
    source_urls: urls ?? [],
  };
}

function checkCommon(c: Checker, o: Record<string, unknown>, path: string) {
  const confidence = c.str(o, 'confidence', path, false);
  if (confidence !== undefined && !CONFIDENCE.has(confidence)) c.err(`${path}.confidence`, `must be "high", "medium" or "low", not "${confidence}"`);
  return {
    confidence: (confidence as Confidence | undefined) ?? undefined,
    confidenceBasis: c.str(o, 'confidenceBasis', path, false),
    source: c.str(o, 'source', path, false),
    source_urls: c.strArray(o, 'source_urls', path),
  };
}

interface ValidatedUserData {
  guidelines: Partial<KbGuideline>[];
  topics: Partial<KbTopic>[];
}

/**
 * Validates a user knowledge-base file (the JSON value, already parsed). The file has the
 * shape `{ "guidelines": [...], "topics": [...] }`; an entry whose `id` is already known
 * corrects that entry (only the fields given change), a new `id` adds one. Returns every
 * problem with the JSON path of the bad value; entries with problems are left out.
 */
export function validateUserKnowledgeBase(value: unknown, base: KbData = bundledData()): { data: ValidatedUserData; errors: KbValidationError[] } {
  const c = new Checker();
  const data: ValidatedUserData = { guidelines: [], topics: [] };
  if (!isObj(value)) {
    c.err('$', `must be a JSON object with "guidelines" and/or "topics" arrays, not ${describe(value)}`);
    return { data, errors: c.errors };
  }
  for (const key of Object.keys(value)) {
    if (!['guidelines', 'topics', 'version', '$schema', '$comment', 'sources'].includes(key)) c.err(key, 'is not a known key (expected "guidelines" and/or "topics")');
  }
  const knownG = new Set(base.guidelines.map((g) => g.id));
  const knownT = new Set(base.topics.map((t) => t.id));
  const gIds = new Set(knownG);
  if (value.guidelines !== undefined && !Array.isArray(value.guidelines)) c.err('guidelines', `must be an array, not ${describe(value.guidelines)}`);
  if (value.topics !== undefined && !Array.isArray(value.topics)) c.err('topics', `must be an array, not ${describe(value.topics)}`);
  const guidelines = Array.isArray(value.guidelines) ? value.guidelines : [];
  const topics = Array.isArray(value.topics) ? value.topics : [];
  // Guideline ids first, so that topics and pages may name guidelines added by the same file.
  guidelines.forEach((g) => {
    if (isObj(g) && typeof g.id === 'string' && ID_RE.test(g.id)) gIds.add(g.id);
  });
  guidelines.forEach((g, i) => {
    const path = `guidelines[${i}]`;
    const before = c.errors.length;
    if (!isObj(g)) {
      c.err(path, `must be an object, not ${describe(g)}`);
      return;
    }
    const id = c.str(g, 'id', path, true, false);
    if (id !== undefined && !ID_RE.test(id)) c.err(`${path}.id`, `must be lowercase letters, digits, '.', '_' or '-' (like "acoem-2004-ch12"), not "${id}"`);
    const isNew = id !== undefined && !knownG.has(id);
    const title = c.str(g, 'title', path, isNew, false);
    const aliases = c.strArray(g, 'aliases', path);
    if (isNew && (!aliases || aliases.length === 0)) c.err(`${path}.aliases`, 'a new guideline needs at least one alias (the name as letters write it)');
    const citeAs = c.strArray(g, 'citeAs', path);
    const edition = c.str(g, 'edition', path, false);
    if (edition !== undefined && edition !== '' && !/^(19|20)\d\d$/.test(edition)) c.err(`${path}.edition`, `must be a year like "2016", not "${edition}"`);
    const family = c.str(g, 'family', path, false);
    const about = c.str(g, 'about', path, false);
    const regulation = c.str(g, 'regulation', path, false);
    const from = g.effectiveFrom;
    const to = g.effectiveTo;
    for (const [k, v] of [['effectiveFrom', from], ['effectiveTo', to]] as const) {
      if (v !== undefined && v !== null && (typeof v !== 'string' || !DATE_RE.test(v))) c.err(`${path}.${k}`, `must be a date "YYYY-MM-DD" or null, not ${describe(v)}`);
    }
    let chapters: number[] | undefined;
    if (g.chapters !== undefined) {
      if (!Array.isArray(g.chapters) || g.chapters.some((n) => typeof n !== 'number' || !Number.isInteger(n))) c.err(`${path}.chapters`, 'must be an array of chapter numbers');
      else chapters = g.chapters as number[];
    }
    let pageRange: KbPages | null | undefined;
    if (g.pageRange !== undefined && g.pageRange !== null) pageRange = checkPages(c, { guideline: id ?? '', ...(g.pageRange as object) }, `${path}.pageRange`, null) ?? undefined;
    else if (g.pageRange === null) pageRange = null;
    const common = checkCommon(c, g, path);
    if (c.errors.length > before) return;
    const out: Partial<KbGuideline> = { id: id! };
    if (title !== undefined) out.title = title;
    if (aliases) out.aliases = aliases;
    if (citeAs) out.citeAs = citeAs;
    if (edition !== undefined) out.edition = edition;
    if (family !== undefined) out.family = family;
    if (about !== undefined) out.about = about;
    if (regulation !== undefined) out.regulation = regulation;
    if (from !== undefined) out.effectiveFrom = from as string | null;
    if (to !== undefined) out.effectiveTo = to as string | null;
    if (chapters) out.chapters = chapters;
    if (pageRange !== undefined) out.pageRange = pageRange;
    Object.assign(out, stripUndefined(common));
    data.guidelines.push(out);
  });
  topics.forEach((t, i) => {
    const path = `topics[${i}]`;
    const before = c.errors.length;
    if (!isObj(t)) {
      c.err(path, `must be an object, not ${describe(t)}`);
      return;
    }
    const id = c.str(t, 'id', path, true, false);
    if (id !== undefined && !ID_RE.test(id)) c.err(`${path}.id`, `must be lowercase letters, digits, '.', '_' or '-', not "${id}"`);
    const isNew = id !== undefined && !knownT.has(id);
    const title = c.str(t, 'title', path, isNew, false);
    const guidelineList = c.strArray(t, 'guidelines', path);
    if (isNew && (!guidelineList || guidelineList.length === 0)) c.err(`${path}.guidelines`, 'a new topic needs the id(s) of the guideline(s) it belongs to');
    guidelineList?.forEach((gid, j) => {
      if (!gIds.has(gid)) c.err(`${path}.guidelines[${j}]`, `names no known guideline: "${gid}"`);
    });
    const aliases = c.strArray(t, 'aliases', path);
    const topicCiteAs = c.strArray(t, 'citeAs', path);
    const keywords = c.strArray(t, 'keywords', path);
    const tables = c.strArray(t, 'tables', path);
    tables?.forEach((tb, j) => {
      if (!/^\d{1,2}-\d{1,2}$/.test(tb)) c.err(`${path}.tables[${j}]`, `must be a table number like "12-8", not "${tb}"`);
    });
    const summary = c.str(t, 'summary', path, false);
    let pages: KbPages[] | undefined;
    if (t.pages !== undefined) {
      if (!Array.isArray(t.pages)) c.err(`${path}.pages`, `must be an array of page entries, not ${describe(t.pages)}`);
      else {
        pages = [];
        t.pages.forEach((p, j) => {
          const ok = checkPages(c, p, `${path}.pages[${j}]`, gIds);
          if (ok) pages!.push(ok);
        });
      }
    }
    const common = checkCommon(c, t, path);
    if (c.errors.length > before) return;
    const out: Partial<KbTopic> = { id: id! };
    if (title !== undefined) out.title = title;
    if (guidelineList) out.guidelines = guidelineList;
    if (aliases) out.aliases = aliases;
    if (topicCiteAs) out.citeAs = topicCiteAs;
    if (keywords) out.keywords = keywords;
    if (tables) out.tables = tables;
    if (summary !== undefined) out.summary = summary;
    if (pages) out.pages = pages;
    Object.assign(out, stripUndefined(common));
    data.topics.push(out);
  });
  return { data, errors: c.errors };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Reads the text of a user knowledge-base file: JSON syntax errors come back with their
 * line and column, then `validateUserKnowledgeBase` runs on the value.
 */
export function parseUserKnowledgeBaseFile(text: string): { value: unknown; errors: KbValidationError[] } {
  try {
    const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return { value, errors: validateUserKnowledgeBase(value).errors };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    let where = '';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split(/\r\n|\r|\n/).length;
      const col = pos - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) ;
      where = ` (line ${line}, column ${col})`;
    }
    return { value: undefined, errors: [{ path: '$', message: `is not valid JSON${where}: ${msg}` }] };
  }
}

// ------------------------------------------------------------------ loading

/**
 * Where the shipped data is: beside the bundle (dist/server.js, dist/cli.js) or, running from
 * source (tests, tsx), in server/data. Read from a file rather than bundled: 220 KB of JSON
 * compiled into the server's JavaScript was parsed at every start, hover or not.
 */
const DATA_FILES = [path.join(__dirname, 'mtus-kb.json'), path.join(__dirname, '..', '..', 'data', 'mtus-kb.json')];
let shipped: KbData | undefined;

function bundledData(): KbData {
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
 * (the parsed JSON of the file named in the `imr.mtus.knowledgeBaseFile` setting) is given.
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
