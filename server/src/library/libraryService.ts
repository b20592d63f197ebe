// The letter library as the server runs it: its database (libraryStore.ts: SQLite on a thread of
// its own, in the workspace storage folder), the summaries the workspace index asks for
// (library.ts), `imr/lettersChanged` while files come and go, and the answers to `imr/letters`,
// `imr/letterGroups` and `imr/lettersSummary`, which are queries. ImrServer wires it in a few lines.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { CheckedText } from '../pipeline/checkText';
import {
  LETTER_FACETS,
  LETTER_GROUPINGS,
  LETTER_ITEM_FIELDS,
  type LetterGroupsParams,
  type LetterGroupsResult,
  type LetterItemField,
  type LetterItemSummary,
  type LettersChangedParams,
  type LetterSummary,
  type LettersFilter,
  type LettersParams,
  type LettersSummary,
  type LettersSummaryParams,
} from '../protocol';
import { ALL_RULES } from '../rules/engine';
import type { FileSummaryOutcome, FileSummarySettings, LetterRecords } from '../workspace/fileSummary';
import { PDF_FILE } from '../workspace/folderWalk';
import { FILES_PER_THREAD, IndexPool } from '../workspace/indexPool';
import { LIBRARY_DB_FILE, type StoredFile } from './libraryDb';
import type { DecisionCounts } from './libraryQueries';
import type { StoredPage } from './libraryOps';
import { LibraryStore } from './libraryStore';
import { OpenedLibraries } from './openedLibraries';
import type { IndexLibrary, RankedSymbol, StoredItems, WorkspaceIndex } from '../workspace/workspaceIndex';
import { isObject } from '../util/isObject';

/** Progress notifications are sent at most this often while files are indexed. */
export const LETTERS_CHANGED_DELAY_MS = 150;

export interface LibraryHost {
  /** A text checked under what applies to the file at `uri` (the pipeline, pipeline/checkText.ts). */
  check(uri: string, text: string): CheckedText;
  /** What the summaries depend on besides the file (server version, knowledge base, rule levels). */
  context(): string;
  /** The user's side for the index's threads (each resolves a file's team file itself). */
  settings(): FileSummarySettings;
  notify(params: LettersChangedParams): void;
  /** One line in the output channel (the store rebuilt, and why: never a letter's text). */
  log(message: string): void;
}

const FILTER_KEYS = ['text', ...LETTER_FACETS, 'exclude'];
/** Stored files per message from the library's thread when it opens: neither thread holds them all in one piece. */
const STORED_PAGE = 2000;
const isCount = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0);
const isItemFields = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((f) => (LETTER_ITEM_FIELDS as readonly unknown[]).includes(f)));

/** The letters with only the item keys asked for (name, decision and range always). */
function project(letters: LetterSummary[], fields: readonly LetterItemField[]): LetterSummary[] {
  return letters.map((l) => ({
    ...l,
    items: l.items.map((i) => {
      const out: LetterItemSummary = { name: i.name, decision: i.decision, range: i.range };
      for (const f of fields) if (i[f] !== undefined) (out as unknown as Record<string, unknown>)[f] = i[f];
      return out;
    }),
  }));
}

const isGrouping = (v: unknown) => (LETTER_GROUPINGS as readonly unknown[]).includes(v);
const isFilter = (f: unknown) => f === undefined || (isObject(f) && FILTER_KEYS.every((k) => f[k] === undefined || typeof f[k] === 'string'));
const isGroupRef = (g: unknown) => g === undefined || (isObject(g) && isGrouping(g.by) && typeof g.key === 'string');
const isLibraryId = (v: unknown) => v === undefined || typeof v === 'string';

/** `imr/letters` params: nothing, `{}`, or a filter of strings, a group, and paging of whole numbers. */
export function isLettersParams(p: unknown): boolean {
  // `imr/lettersSummary` takes the same params (it ignores the group, paging and itemFields).
  if (p === undefined || p === null) return true;
  return (
    isObject(p) && isLibraryId(p.library) && isCount(p.offset) && isCount(p.limit) && isItemFields(p.itemFields) && isFilter(p.filter) && isGroupRef(p.group)
  );
}

/** `imr/letterGroups` params: a grouping and an optional filter. */
export const isLetterGroupsParams = (p: unknown): boolean => isObject(p) && isLibraryId(p.library) && isGrouping(p.groupBy) && isFilter(p.filter);

/** The severity stored with each rule code: its level in the user's settings, else its default. */
function severities(settings: FileSummarySettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of ALL_RULES) out[rule.code] = settings.rules[rule.code] ?? rule.defaultSeverity;
  return out;
}

export class LibraryService implements IndexLibrary {
  private readonly store = new LibraryStore();
  /** Files are read on these threads (none in unit tests: the index reads them itself). */
  private readonly pool = new IndexPool();
  private readonly threads = this.pool.available();
  private index: WorkspaceIndex | undefined;
  private context = '';
  private timer: NodeJS.Timeout | undefined;
  private awaitingIdle = false;
  private opening: Promise<void> | undefined;
  /** The store's files not yet asked for by the index (what is left once it is idle was deleted meanwhile). */
  private unclaimed = new Map<string, StoredFile>();
  private pruned = false;
  /** The store was checked for damage (once a session, `check`). */
  private checked = false;
  /** The database file (undefined: in memory). */
  file: string | undefined;
  /** Library files opened beside it (`imr/openLibrary`): a request with `library` is theirs. */
  readonly opened = new OpenedLibraries();

  constructor(private readonly host: LibraryHost) {}

  /** The index this library follows (made after the library: it takes it as an option). */
  attach(index: WorkspaceIndex): void {
    this.index = index;
  }

  /** initialize: where the store lives (none: memory only). */
  start(storagePath: unknown): void {
    this.file = typeof storagePath === 'string' && storagePath ? path.join(storagePath, LIBRARY_DB_FILE) : undefined;
    this.context = this.host.context();
    this.pool.setSettings(this.host.settings());
    this.store.setSeverities(severities(this.host.settings()));
    this.opening = this.open();
    this.changed();
  }

  private async open(): Promise<void> {
    if (this.file) {
      await fsp.mkdir(path.dirname(this.file), { recursive: true }).catch(() => undefined);
      // The JSON store of earlier versions, replaced by the database.
      await fsp.rm(path.join(path.dirname(this.file), 'letters-index.json'), { force: true }).catch(() => undefined);
    }
    const { opened } = await this.store.open(this.file, this.context);
    if (opened.state === 'rebuilt') this.host.log(`IMR letter library: the store ${this.file ?? ''} was rebuilt: ${opened.reason}.`);
    for (let after: number | null = 0; after !== null;) {
      const page = (await this.store.request({ op: 'stored', after, limit: STORED_PAGE })) as StoredPage;
      for (const f of page.files) this.unclaimed.set(f.key, f);
      after = page.last;
    }
  }

  private ready(): Promise<void> {
    return (this.opening ??= this.open());
  }

  /** Settings changed: when the rule levels or the knowledge base did, every file is read again. */
  settingsChanged(): void {
    this.store.setSeverities(severities(this.host.settings()));
    const context = this.host.context();
    if (context === this.context) return;
    this.context = context;
    this.unclaimed.clear();
    void this.ready().then(() => this.store.request({ op: 'context', context }).catch(() => undefined));
    this.pool.setSettings(this.host.settings());
    this.index?.reindexAll();
  }

  /** A knowledge-base file changed: the letters that use it (`which`) are read again, on fresh threads (each thread keeps the files it read). */
  knowledgeBaseChanged(which: (path: string) => boolean): void {
    void this.pool.close();
    this.index?.reindexAll(which);
  }

  async letters(p: LettersParams | null | undefined): Promise<LetterSummary[]> {
    const page = p?.library ? await this.opened.letters(p.library, p) : await this.workspaceLetters(p);
    return p?.itemFields ? project(page, p.itemFields) : page;
  }

  private async workspaceLetters(p: LettersParams | null | undefined): Promise<LetterSummary[]> {
    await this.ready();
    return (await this.store.request({ op: 'letters', params: p })) as LetterSummary[];
  }

  /** The view's groups and their counts, over every letter that passes the filter. */
  async groups(p: LetterGroupsParams): Promise<LetterGroupsResult> {
    if (p.library) return this.opened.groups(p.library, p);
    await this.ready();
    const result = (await this.store.request({ op: 'groups', params: p })) as LetterGroupsResult;
    const left = this.index?.notInLibrary() ?? [];
    if (left.length > 0) result.notInLibrary = left;
    const capped = this.index?.capped();
    if (capped) result.capped = { indexed: capped.listed, found: capped.found };
    return result;
  }

  /** The summary's figures, over every letter that passes the filter. */
  async summary(p: LettersSummaryParams | null | undefined): Promise<LettersSummary> {
    if (p?.library) return this.opened.summary(p.library, p);
    await this.ready();
    return (await this.store.request({ op: 'summary', params: p })) as LettersSummary;
  }

  /**
   * How the items passing each filter were decided (the similar requests of a document's items),
   * one message to the library's thread; null until the index has first read every file (the
   * counts would only be partial), or when the library cannot answer. Later re-reads (a file saved
   * or closed) change a count by a letter at most, and do not hide it.
   */
  async decisions(filters: LettersFilter[]): Promise<DecisionCounts[] | null> {
    if (!this.pruned) return null;
    await this.ready();
    return (await this.store.request({ op: 'decisions', filters }).catch(() => null)) as DecisionCounts[] | null;
  }

  /** Workspace symbols of the stored files; none when the library cannot answer (the index still has its open documents'). */
  async symbols(query: string, limit: number): Promise<RankedSymbol[]> {
    await this.ready().catch(() => undefined);
    return (await this.store.request({ op: 'symbols', query, limit }).catch(() => [])) as RankedSymbol[];
  }

  /** The files with letters, in path order. */
  async uris(): Promise<string[]> {
    await this.ready();
    return (await this.store.request({ op: 'uris' })) as string[];
  }

  async shutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.pool.close();
    await this.opening?.catch(() => undefined);
    await Promise.all([this.store.close(), this.opened.shutdown()]);
  }

  // ---------------------------------------------------------------- IndexLibrary

  summarize(uri: string, checked: CheckedText): LetterSummary[] {
    // An open document's findings are those its diagnostics computed: the same object, not a second run.
    return checked.summaries(uri);
  }

  check(uri: string, text: string): CheckedText {
    return this.host.check(uri, text);
  }

  summarizeFile(filePath: string, uri: string, maxBytes: number): Promise<FileSummaryOutcome> | undefined {
    // A PDF's reading already runs on the PDF reader's threads.
    if (!this.threads || PDF_FILE.test(filePath)) return undefined;
    return this.pool.summarize({ path: filePath, uri, maxBytes });
  }

  writable(): Promise<void> {
    return this.store.writable();
  }

  parallelism(): number {
    // Enough in flight that every thread has its files queued while the main thread stats the next.
    return this.threads ? this.pool.threads * FILES_PER_THREAD * 2 : 1;
  }

  idle(): void {
    void this.pool.close();
    // What the index wrote is in the store file once it is complete (another window, an analyst's
    // sqlite3), with the query indexes a first index went without: asked before the "indexed" report's count, so said after them.
    void this.store.request({ op: 'complete' }).catch(() => undefined);
  }

  load(): Promise<void> {
    return this.ready();
  }

  stored(key: string, size: number, mtimeMs: number): StoredItems | undefined {
    const f = this.unclaimed.get(key);
    if (!f) return undefined;
    this.unclaimed.delete(key);
    return f.size === size && f.mtime === mtimeMs ? f : undefined;
  }

  save(key: string, uri: string, stat: { size: number; mtimeMs: number } | undefined, letters: LetterRecords): void {
    this.unclaimed.delete(key);
    const file = (this.index?.relativePath(key) ?? path.basename(key)).split(path.sep).join('/');
    this.store.write({ key, uri, file, size: stat?.size ?? null, mtime: stat?.mtimeMs ?? null, letters: letters.json });
  }

  forget(key: string): void {
    this.unclaimed.delete(key);
    this.store.write({ key });
  }

  /** `imr/lettersChanged` at most every 150 ms, and once more, at once, when indexing ends. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.report(), LETTERS_CHANGED_DELAY_MS);
  }

  /** Indexing ended: said now, not when the progress timer next fires (the view left "indexing" up to 150 ms late). */
  private changedNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.report();
  }

  private async report(): Promise<void> {
    this.timer = undefined;
    const index = this.index;
    if (!index) return;
    await this.ready().catch(() => undefined);
    const indexing = index.indexing();
    if (indexing && !this.awaitingIdle) {
      this.awaitingIdle = true;
      void index.ready().then(() => {
        this.awaitingIdle = false;
        this.changedNow();
      });
    }
    // The first time the index is idle, the stored files it never met (deleted, or outside the folders now) leave the store.
    if (!indexing && !this.pruned) {
      this.pruned = true;
      for (const k of [...this.unclaimed.keys()]) if (!index.knows(k)) this.forget(k);
      this.unclaimed.clear();
    }
    const letters = (await this.store.request({ op: 'count' }).catch(() => 0)) as number;
    this.host.notify({ indexing, letters, queued: index.queued() });
    if (!indexing && !this.checked) {
      this.checked = true;
      void this.checkStore(index);
    }
  }

  /**
   * The store read page by page, once the index is first complete (not when it is opened: at
   * 100,000 letters that made a restart 15% longer). A damaged one was made anew: every file is read again.
   */
  private async checkStore(index: WorkspaceIndex): Promise<void> {
    const damage = (await this.store.request({ op: 'check' }).catch(() => null)) as string | null;
    if (!damage) return;
    this.host.log(`IMR letter library: the store ${this.file ?? ''} was rebuilt: ${damage}.`);
    index.reindexAll();
  }
}
