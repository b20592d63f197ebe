// Workspace symbols (`workspace/symbol`): the disputed items of every determination letter in
// the workspace folders, open or not, searchable by the words of the item name.
//
// The index runs in the background and never blocks typing:
// - folders are walked asynchronously; letter files are read, parsed and summarised on the
//   library's worker threads (indexPool.ts), several in flight, at low priority; without them
//   (PDFs, unit tests) one at a time here; the event loop turns at least every 2 ms of this
//   work, so requests and edits are served in between;
// - an open document's text (`update`) takes precedence over the file on disk; it is parsed
//   lazily (after a pause in typing, or when a query needs it), never on every keystroke;
// - a file the library stores is kept as its key: the library's database (library/) holds its summaries and
//   answers its symbols; other documents keep item names, decisions and ranges here (flat, indexedItem.ts).
//
// The file system is injected (`IndexFileSystem`; nodeFileSystem.ts walks real folders): tests use an in-memory one. Files
// that do not look like letters are not indexed; letter files left out (too large, unreadable) are listed with the reason.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLED_DEFAULTS, type CheckedText, checkText } from '../pipeline/checkText';
import { isPdfViewUri, type NotInLibraryFile } from '../protocol';
import { cannotRead, type FileSummaryOutcome, letterRecords, mayListItems, NO_RECORDS, tooLarge } from './fileSummary';
import { LETTER_FILE } from './folderWalk';
import { type FileEntry, fileEntry, IN_LIBRARY, indexedFiles, ITEM_SLOTS, mergeRanked, type PackedItems, packModelItems, searchItems } from './indexedItem';
import { DEFAULT_MAX_BYTES, type IndexFileSystem, walkOf } from './nodeFileSystem';
import type { IndexLibrary, IndexSymbol, StoredItems, WorkspaceIndexOptions } from './indexTypes';
import { Fifo } from '../util/fifo';
import { InFlight } from '../util/inFlight';
import { fileNameOf, insideAny, inWalkedFolder, isInside, keyOf, normalizePath, toPath } from './paths';

export type { IndexLibrary, IndexSymbol, RankedSymbol, StoredItems, WorkspaceIndexOptions } from './indexTypes';

/** Files of a folder walk queued at a time (the walk goes on once they are read). */
const WALK_BATCH = 64;
/** A folder to walk (`files`: its walk, once started). */
type ScanTask = { type: 'scan'; root: string; files?: AsyncIterator<string> };
type Task = ScanTask | { type: 'file'; key: string; path: string };

/** An open document's text, or a function returning its current version checked (null: nothing to index). */
export type DocumentSource = string | (() => CheckedText | null);

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Background work runs in slices of at most this long between turns of the event loop: a
 * request or an edit waits at most that long. One turn per file cost a reopened workspace of
 * 10,000 letters (read from the stored index, ~0.1 ms a file) a tenth of its time.
 */
const DEFAULT_SLICE_MS = 2;

export class WorkspaceIndex {
  private readonly files = new Map<string, FileEntry>();
  /** Letter files left out of the library, with the reason (by key). */
  private readonly leftOut = new Map<string, NotInLibraryFile>();
  private readonly roots = new Set<string>();
  /** Keys of open documents: their text wins over the disk. */
  private readonly open = new Set<string>();
  /** Open-document texts not parsed yet (the latest text per key). */
  private readonly pendingOpen = new Map<string, { uri: string; text: DocumentSource }>();
  /** Bumped whenever a key's content changes, so a disk read that started earlier is discarded. */
  private readonly epochs = new Map<string, number>();
  /** Signature of each file's last disk read (fs.signature), letter or not. */
  private readonly signatures = new Map<string, string>();
  private readonly queue = new Fifo<Task>();
  private readonly queuedFiles = new Set<string>();
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private openTimer: NodeJS.Timeout | undefined;
  private readonly maxBytes: number;
  private readonly openDelay: number;
  private readonly sliceMs: number;
  private disposed = false;
  private readonly library: IndexLibrary | undefined;
  private libraryLoaded: Promise<void> | undefined;

  constructor(
    private readonly fs: IndexFileSystem,
    options: WorkspaceIndexOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.openDelay = options.openDocumentDelayMs ?? 300;
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.library = options.library;
  }

  // ---------------------------------------------------------------- inputs

  /** Index every letter under a workspace folder (path or `file:` URI), in the background. */
  addRoot(root: string): void {
    const p = toPath(root);
    if (!p || this.roots.has(p)) return;
    this.roots.add(p);
    this.enqueue({ type: 'scan', root: p });
  }

  /** A workspace folder was removed: forget its files (open documents stay). */
  removeRoot(root: string): void {
    const p = toPath(root);
    if (!p || !this.roots.delete(p)) return;
    for (const key of [...this.files.keys()]) {
      if (!this.open.has(key) && isInside(key, p) && !insideAny(this.roots, key)) this.forget(key);
    }
  }

  /**
   * An open document (didOpen / didChange): takes precedence over the file on disk. Read lazily,
   * after typing pauses. `source` is its text, or a function giving its model, so that the server
   * can hand over the parse it already made for that version instead of parsing again.
   */
  update(uri: string, source: DocumentSource): void {
    const key = keyOf(uri);
    this.open.add(key);
    this.bump(key);
    this.signatures.delete(key);
    this.pendingOpen.set(key, { uri, text: source });
    if (this.disposed) return;
    clearTimeout(this.openTimer);
    this.openTimer = setTimeout(() => this.flushOpen(), this.openDelay);
    this.openTimer.unref?.();
  }

  /**
   * The document was closed (or is to be forgotten): its open text no longer counts. A file
   * inside a workspace folder is read again from disk; anything else (untitled) leaves the index.
   */
  remove(uri: string): void {
    const key = keyOf(uri);
    this.open.delete(key);
    this.pendingOpen.delete(key);
    this.bump(key);
    const p = toPath(uri);
    // The open version stays listed until the disk version replaces it (or the read fails).
    if (p && this.isCandidate(p)) this.enqueueFile(key, p);
    else this.drop(key);
  }

  /** workspace/didChangeWatchedFiles, Created or Changed. Ignored while the document is open. */
  fileChanged(uri: string): void {
    const p = toPath(uri);
    if (!p) return;
    const key = keyOf(uri);
    if (this.open.has(key) || !this.isCandidate(p)) return;
    this.bump(key);
    this.enqueueFile(key, p);
  }

  /** workspace/didChangeWatchedFiles, Deleted: the file, or every file under a deleted folder. */
  fileDeleted(uri: string): void {
    const p = toPath(uri);
    if (!p) return;
    this.bump(p);
    if (this.accepts(p)) {
      this.signatures.delete(p);
      if (!this.open.has(p)) this.drop(p);
      else this.library?.forget(p);
      return;
    }
    // Possibly a folder (watchers report a deleted folder, not each file in it).
    const prefix = p.endsWith(path.sep) ? p : p + path.sep;
    for (const key of [...this.files.keys()]) {
      if (key.startsWith(prefix) && !this.open.has(key)) this.forget(key);
    }
  }

  // ---------------------------------------------------------------- queries

  /** Workspace symbols (indexedItem.ts searchItems), best first, at most `limit`: the documents held here, and the library's files but the open ones. */
  async query(q: string, limit = 500): Promise<IndexSymbol[]> {
    this.flushOpen();
    const stored = ((await this.library?.symbols(q, limit + this.open.size)) ?? []).filter((r) => !this.open.has(r.key));
    return mergeRanked([searchItems(indexedFiles(this.files), q, limit), stored], limit);
  }

  /** Resolves when every queued folder and file has been indexed (and open texts parsed). */
  ready(): Promise<void> {
    this.flushOpen();
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Whether the index met this file (a letter, or read and no letter): the library keeps its stored entry. */
  knows(key: string): boolean {
    return this.files.has(key) || this.signatures.has(key) || this.open.has(key);
  }

  /** A file's path relative to the workspace folder holding it (the library's `file` column). */
  relativePath(key: string): string {
    const root = [...this.roots].filter((r) => isInside(key, r)).sort((a, b) => b.length - a.length)[0];
    return root ? path.relative(root, key) : path.basename(key);
  }

  /** Letter files of the workspace folders left out of the library, in path order. */
  notInLibrary(): NotInLibraryFile[] {
    return [...this.leftOut]
      .filter(([key]) => insideAny(this.roots, key))
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([, f]) => f);
  }

  /** Letter files past `imr.library.maxFiles`: listed and found (the file system's count). */
  capped = (): { listed: number; found: number } | undefined => this.fs.capped?.();

  /** True while folders or files are waiting to be read. */
  indexing(): boolean {
    return this.running || this.queue.length > 0;
  }

  /** Settings or a knowledge base changed: every file on disk (`which` of them) is read again, unchanged or not. */
  reindexAll(which: (path: string) => boolean = () => true): void {
    for (const key of [...this.files.keys(), ...this.leftOut.keys()]) {
      const p = toPath(key);
      if (p && !this.open.has(key) && this.isCandidate(p) && which(p)) {
        this.signatures.delete(key);
        this.library?.forget(key); // its stored summaries no longer hold either
        this.bump(key);
        this.enqueueFile(key, p);
      }
    }
  }

  /** How much is indexed: letter files, the items held here (not the library's), tasks waiting. */
  stats(): { files: number; items: number; queued: number } {
    let slots = 0;
    for (const e of this.files.values()) slots += e.items.length;
    return { files: this.files.size, items: slots / ITEM_SLOTS, queued: this.queued() };
  }
  /** Tasks waiting (folders and files): what the library's progress reports, without counting the items. */
  queued(): number {
    return this.queue.length;
  }

  /** Stops background work (server shutdown). */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.openTimer);
    this.queue.clear();
    this.queuedFiles.clear();
    this.resolveIdle();
  }

  // ---------------------------------------------------------------- internals

  private readonly bump = (key: string): void => void this.epochs.set(key, (this.epochs.get(key) ?? 0) + 1);

  private forget(key: string): void {
    this.drop(key);
    this.signatures.delete(key);
    this.bump(key);
  }

  /** Removes a file's entry (and its letters from the library, unless `keepStored`); `left`: listed as left out, and why. */
  private drop(key: string, left?: NotInLibraryFile, keepStored = false): void {
    if (!keepStored) this.library?.forget(key);
    const wasLeftOut = this.leftOut.delete(key);
    if (left) this.leftOut.set(key, left);
    if (!this.files.delete(key) && !wasLeftOut && !left) return;
    this.library?.changed();
  }

  /** `items` null: the library stores the file (and answers its symbols). */
  private set(key: string, uri: string, fileName: string, items: PackedItems | null): void {
    this.files.set(key, items ? fileEntry(key, uri, fileName, items) : IN_LIBRARY);
    this.leftOut.delete(key);
    this.library?.changed();
  }

  /** A .txt / .imr file in a workspace folder, outside node_modules and dot-folders. */
  private accepts(p: string): boolean {
    return this.fs.accepts ? this.fs.accepts(p) : LETTER_FILE.test(p);
  }

  private isCandidate(p: string): boolean {
    return this.accepts(p) && inWalkedFolder(p, this.roots);
  }

  private flushOpen(): void {
    clearTimeout(this.openTimer);
    this.openTimer = undefined;
    for (const [key, { uri, text }] of this.pendingOpen) this.store(key, uri, text);
    this.pendingOpen.clear();
  }

  /** Reads a text (`stat`: of the file on disk, which the library may reuse on restart; none: an open document). */
  private store(key: string, uri: string, source: DocumentSource, fileName = fileNameOf(uri), stat?: { size: number; mtimeMs: number }): void {
    let checked: CheckedText | null;
    const limit = this.fs.maxBytesOf?.(key) ?? this.maxBytes; // an open letter: the same limit as on disk
    if (typeof source === 'string') {
      checked = source.length > limit || !mayListItems(source) ? null : (this.library?.check?.(uri, source) ?? checkText(source, BUNDLED_DEFAULTS()));
    } else {
      checked = source();
      if (checked && checked.model.length > limit) checked = null;
    }
    const model = checked?.model;
    if (!checked || !model?.isLetter || model.items.length === 0) {
      this.drop(key);
      // Files that are no letters are stored too (no letters), so a restart does not read them again.
      if (stat) this.library?.save(key, uri, stat, NO_RECORDS);
      return;
    }
    // The library lists the workspace folders' files (open ones with their current text, PDFs by
    // their read-only view): not untitled drafts, nor a file opened from elsewhere (workspace symbols still list both).
    const listed = uri.startsWith('file:') || isPdfViewUri(uri);
    const letters = letterRecords((listed && insideAny(this.roots, key) && this.library?.summarize(uri, checked)) || []);
    // With summaries the library answers the symbols, but an open document's are held here (a new context empties the store).
    const items = letters.json.length > 0 && !this.open.has(key) ? null : packModelItems(model.items, model.lines.range.bind(model.lines));
    this.set(key, uri, fileName, items);
    if (letters.json.length > 0 || stat) this.library?.save(key, uri, stat, letters);
  }

  /** A file the library's store holds, unchanged: listed, not read. */
  private restore(key: string, uri: string, fileName: string, stored: StoredItems): void {
    if (stored.letters === 0) this.drop(key, undefined, true);
    else this.set(key, uri, fileName, null);
  }

  private enqueueFile(key: string, p: string): void {
    if (this.queuedFiles.has(key)) return;
    this.queuedFiles.add(key);
    this.enqueue({ type: 'file', key, path: p });
  }

  private enqueue(task: Task): void {
    if (this.disposed) return;
    this.queue.push(task);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.run());
    }
  }

  private async run(): Promise<void> {
    // The stored files load while the folders are walked (a restart at 100,000 letters did one, then the other); a file waits for them.
    if (this.library) this.libraryLoaded ??= this.library.load().catch(() => undefined);
    let loaded = !this.libraryLoaded;
    // Files read on the library's threads are several in flight; read here, one at a time.
    const parallel = Math.max(1, this.library?.parallelism?.() ?? 1);
    const inflight = new InFlight(parallel);
    let sliceStart = performance.now();
    try {
      while (this.queue.length > 0 && !this.disposed) {
        const task = this.queue.shift()!;
        if (task.type === 'scan') {
          // One unreadable folder never stops the index.
          await this.scan(task).catch(() => undefined);
        } else {
          if (!loaded) {
            await this.libraryLoaded;
            loaded = true;
          }
          this.queuedFiles.delete(task.key);
          await this.library?.writable?.(); // summaries waiting for the library's thread stay few
          await inflight.start(() => this.indexFile(task.key, task.path)); // one unreadable file neither stops it
        }
        if (performance.now() - sliceStart >= this.sliceMs) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
      }
      await inflight.drained();
    } finally {
      this.running = false;
      if (this.queue.length > 0 && !this.disposed) {
        this.running = true;
        setImmediate(() => void this.run());
      } else {
        this.library?.idle?.();
        this.resolveIdle();
      }
    }
  }

  private resolveIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * A batch of a folder's files, then the rest of its walk queued behind them: the queue holds a
   * batch, not the folder's 100,000 files (their tasks, walked from the start, were most of the
   * heap a restart grew to).
   */
  private async scan(task: ScanTask): Promise<void> {
    const { root } = task;
    task.files ??= walkOf(this.fs.listFiles(root));
    for (let n = 0; n < WALK_BATCH; n++) {
      const next = await task.files.next();
      if (next.done || !this.roots.has(root) || this.disposed) return;
      const p = normalizePath(next.value);
      const key = keyOf(p);
      if (this.isCandidate(p) && !this.open.has(key)) this.enqueueFile(key, p);
    }
    this.enqueue(task);
  }

  private async indexFile(key: string, p: string): Promise<void> {
    const epoch = this.epochs.get(key) ?? 0;
    const current = (): boolean => (this.epochs.get(key) ?? 0) === epoch && !this.open.has(key) && insideAny(this.roots, p);
    if (!current()) return;
    // Size and modification time: a file unchanged since its last read (in this session, or in
    // the stored index of an earlier one) is not read again; a PDF's read is costly.
    const stat = this.fs.stat ? await this.fs.stat(p).catch(() => undefined) : undefined;
    if (!current()) return;
    const signature = stat ? `${stat.size}:${stat.mtimeMs}` : undefined;
    if (signature !== undefined && this.signatures.get(key) === signature) return;
    const uri = this.fs.uriOf?.(p) ?? pathToFileURL(p).href;
    const limit = this.fs.maxBytesOf?.(p) ?? this.maxBytes;
    const stored = stat && stat.size <= limit ? this.library?.stored(key, stat.size, stat.mtimeMs) : undefined;
    if (stored) {
      this.signatures.set(key, signature!);
      return this.restore(key, uri, path.basename(p), stored);
    }
    const size = stat ? stat.size : this.fs.size ? await this.fs.size(p).catch(() => -1) : 0;
    if (!current()) return;
    if (size < 0 || size > limit) return this.drop(key, { uri: pathToFileURL(p).href, reason: size < 0 ? cannotRead(undefined) : tooLarge(size, limit) });
    const offThread = this.library?.summarizeFile?.(p, uri, limit);
    if (offThread) return this.indexed(key, p, uri, stat, signature, await offThread, current);
    let text: string;
    try {
      text = await this.fs.readFile(p);
    } catch (e) {
      if (!current()) return;
      // Unreadable (a PDF without text, say): listed with the reason, read again only once it changes.
      if (signature !== undefined) this.signatures.set(key, signature);
      return this.drop(key, { uri: pathToFileURL(p).href, reason: cannotRead(e) });
    }
    if (!current()) return;
    // Named by the file read (a PDF's view URI ends in .pdf.txt, the file in .pdf).
    this.store(key, uri, text, path.basename(p), stat);
    if (signature !== undefined) this.signatures.set(key, signature);
  }

  /** A file's summaries from the library's threads (unreadable: read again once changed; no letters: stored, as above). */
  private indexed(
    key: string,
    p: string,
    uri: string,
    stat: { size: number; mtimeMs: number } | undefined,
    signature: string | undefined,
    outcome: FileSummaryOutcome,
    current: () => boolean,
  ): void {
    if (!current()) return;
    if (!outcome.ok && outcome.retry) return this.enqueueFile(key, p);
    if (signature !== undefined) this.signatures.set(key, signature);
    if (!outcome.ok) return this.drop(key, { uri: pathToFileURL(p).href, reason: outcome.reason });
    const letters = outcome.letters;
    if (letters.json.length === 0) this.drop(key, undefined, true);
    else this.set(key, uri, path.basename(p), null);
    if (stat || letters.json.length > 0) this.library?.save(key, uri, stat, letters);
  }
}
