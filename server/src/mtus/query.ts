// The query index of the MTUS knowledge base: map-based look-ups of guidelines by name
// (a token trie over their aliases), of sections by normalized name, of topics by page and
// table. It only indexes data it is given; loading and merging are in load.ts.
import { joinHyphenBreaks, normalizeName, parsePageRanges, tokensOf } from './names';
import type { GuidelineMatch, KbData, KbGuideline, KbPages, KbSource, KbTopic, KbValidationError, PageHit, PageRange } from './types';

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Guideline ids whose alias ends here, default first. */
  ids: string[] | null;
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
    return id ? (this.byId.get(id) ?? null) : null;
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

  /** The topic a section name denotes within a guideline (or, failing that, another edition of it; without a guideline, in any). */
  findSection(guidelineId: string | null | undefined, name: string): KbTopic | null {
    const t = this.findSectionKey(guidelineId, normalizeName(name));
    if (t) return t;
    // A word broken at a line end (`Electro- diagnostic`): try it joined.
    const joined = joinHyphenBreaks(name);
    return joined === null ? null : this.findSectionKey(guidelineId, normalizeName(joined));
  }

  /**
   * The section a citation's topic names (`MTUS Chronic Pain Treatment Guidelines Physical
   * Medicine`: the guideline, then a section's heading without `Section(s):`), words such as
   * "guidelines for the" around it ignored. Shared by the hovers and citation-without-reference,
   * so that they agree on whether a citation names a section.
   */
  findTopicSection(guidelineId: string | null | undefined, name: string): KbTopic | null {
    if (!guidelineId) return null;
    const t = this.findSection(guidelineId, name);
    if (t) return t;
    const stripped = name.replace(/^(?:(?:MTUS|guidelines?|for|the|on|of)\b[\s,]*)+/i, '').replace(/\s+(?:guidelines?|section|chapter)$/i, '');
    return stripped && stripped !== name ? this.findSection(guidelineId, stripped) : null;
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
   * When no topic of this guideline has the page, the other editions' topics that have it
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
    // Narrowest first; equal widths keep data order.
    out.sort((a, b) => a.range.last - a.range.first - (b.range.last - b.range.first));
    return out;
  }

  /** Whether this guideline itself (not its other editions) has any page data. */
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
