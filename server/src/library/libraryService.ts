// The letter library as the server runs it: the stored index (indexStore.ts), the summaries
// the workspace index asks for (library.ts), `imr/lettersChanged` while files come and go, and
// the answers to `imr/letters`. ImrServer wires it in a few lines.
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
  type LettersParams,
  type LettersSummary,
  type LettersSummaryParams,
} from '../protocol';
import type { FileSummaryOutcome, FileSummarySettings } from '../workspace/fileSummary';
import { PDF_FILE } from '../workspace/folderWalk';
import { FILES_PER_THREAD, IndexPool } from '../workspace/indexPool';
import { IndexStore } from './indexStore';
import { isInGroup, groupLetters } from './letterGroups';
import { filterLetters, matchLetters } from './library';
import { summarizeLibrary } from './librarySummary';
import type { IndexLibrary, WorkspaceIndex } from '../workspace/workspaceIndex';
import { isObject } from '../util/isObject';

/** Progress notifications are sent at most this often while files are indexed. */
export const LETTERS_CHANGED_DELAY_MS = 150;
/**
 * While files are indexed the store is written at most this often (each write serialises every
 * entry: once a second made the first index of 10,000 letters slower and doubled its memory);
 * it is written when indexing ends, and on shutdown.
 */
export const STORE_WRITE_DELAY_MS = 30_000;

export interface LibraryHost {
  /** A text checked under what applies to the file at `uri` (the pipeline, pipeline/checkText.ts). */
  check(uri: string, text: string): CheckedText;
  /** What the summaries depend on besides the file (server version, knowledge base, rule levels). */
  context(): string;
  /** The user's side for the index's threads (each resolves a file's team file itself). */
  settings(): FileSummarySettings;
  notify(params: LettersChangedParams): void;
}

const FILTER_KEYS = ['text', ...LETTER_FACETS];
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

/** `imr/letters` params: nothing, `{}`, or a filter of strings, a group, and paging of whole numbers. */
export function isLettersParams(p: unknown): boolean {
  // `imr/lettersSummary` takes the same params (it ignores the group, paging and itemFields).
  if (p === undefined || p === null) return true;
  return isObject(p) && isCount(p.offset) && isCount(p.limit) && isItemFields(p.itemFields) && isFilter(p.filter) && isGroupRef(p.group);
}

/** `imr/letterGroups` params: a grouping and an optional filter. */
export const isLetterGroupsParams = (p: unknown): boolean => isObject(p) && isGrouping(p.groupBy) && isFilter(p.filter);

export class LibraryService implements IndexLibrary {
  readonly store = new IndexStore(undefined, '', STORE_WRITE_DELAY_MS);
  /** Files are read on these threads (none in unit tests: the index reads them itself). */
  private readonly pool = new IndexPool();
  private readonly threads = this.pool.available();
  private index: WorkspaceIndex | undefined;
  private context = '';
  private timer: NodeJS.Timeout | undefined;
  private awaitingIdle = false;

  constructor(private readonly host: LibraryHost) {}

  /** The index this library follows (made after the library: it takes it as an option). */
  attach(index: WorkspaceIndex): void {
    this.index = index;
  }

  /** initialize: where the stored index lives (none: memory only). */
  start(storagePath: unknown): void {
    this.store.setFolder(typeof storagePath === 'string' && storagePath ? storagePath : undefined);
    this.context = this.host.context();
    this.store.setContext(this.context);
    this.pool.setSettings(this.host.settings());
    this.changed();
  }

  /** Settings changed: when the rule levels or the knowledge base did, every file is read again. */
  settingsChanged(): void {
    const context = this.host.context();
    if (context === this.context) return;
    this.context = context;
    this.store.setContext(context);
    this.pool.setSettings(this.host.settings());
    this.index?.reindexAll();
  }

  /** A knowledge-base file changed: the letters that use it (`which`) are read again, on fresh threads (each thread keeps the files it read). */
  knowledgeBaseChanged(which: (path: string) => boolean): void {
    void this.pool.close();
    this.index?.reindexAll(which);
  }

  letters(p: LettersParams | null | undefined): LetterSummary[] {
    const group = p?.group;
    const matched = matchLetters(this.index?.letters() ?? [], p?.filter);
    const all = (group ? matched.filter((m) => isInGroup(m, group)) : matched).map((m) => m.shown);
    const offset = p?.offset ?? 0;
    const page = offset > 0 || p?.limit !== undefined ? all.slice(offset, p?.limit === undefined ? undefined : offset + p.limit) : all;
    return p?.itemFields ? project(page, p.itemFields) : page;
  }

  /** The view's groups and their counts, over every letter that passes the filter. */
  groups(p: LetterGroupsParams): LetterGroupsResult {
    const result = groupLetters(matchLetters(this.index?.letters() ?? [], p.filter), p.groupBy);
    const left = this.index?.notInLibrary() ?? [];
    if (left.length > 0) result.notInLibrary = left;
    return result;
  }

  /** The summary's figures, over every letter that passes the filter. */
  summary(p: LettersSummaryParams | null | undefined): LettersSummary {
    return summarizeLibrary(filterLetters(this.index?.letters() ?? [], p?.filter));
  }

  async shutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.pool.close();
    await this.store.flush();
  }

  // ---------------------------------------------------------------- IndexLibrary

  summarize(uri: string, checked: CheckedText): LetterSummary[] {
    // An open document's findings are those its diagnostics computed: the same object, not a second run.
    return checked.summaries(uri);
  }

  check(uri: string, text: string): CheckedText {
    return this.host.check(uri, text);
  }

  summarizeFile(path: string, uri: string, maxBytes: number): Promise<FileSummaryOutcome> | undefined {
    // A PDF's reading already runs on the PDF reader's threads.
    if (!this.threads || PDF_FILE.test(path)) return undefined;
    return this.pool.summarize({ path, uri, maxBytes });
  }

  parallelism(): number {
    // Enough in flight that every thread has its files queued while the main thread stats the next.
    return this.threads ? this.pool.threads * FILES_PER_THREAD * 2 : 1;
  }

  idle(): void {
    void this.pool.close();
  }

  load(): Promise<void> {
    return this.store.load();
  }

  stored(key: string, size: number, mtimeMs: number): LetterSummary[] | undefined {
    return this.store.get(key, size, mtimeMs);
  }

  save(key: string, size: number, mtimeMs: number, letters: LetterSummary[]): void {
    this.store.set(key, size, mtimeMs, letters);
  }

  forget(key: string): void {
    this.store.delete(key);
  }

  /** `imr/lettersChanged` at most every 150 ms, and once more when indexing ends. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const index = this.index;
      if (!index) return;
      const indexing = index.indexing();
      if (indexing && !this.awaitingIdle) {
        this.awaitingIdle = true;
        void index.ready().then(() => {
          this.awaitingIdle = false;
          this.changed();
        });
      }
      if (!indexing) void this.store.flush();
      this.host.notify({ indexing, letters: index.letterCount(), queued: index.stats().queued });
    }, LETTERS_CHANGED_DELAY_MS);
  }
}
