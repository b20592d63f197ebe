// The letter library kept on disk in the extension's workspace storage, so a reopened
// workspace shows its letters without reading every file again. Per file: its size and
// modification time (the entry is used only while both are unchanged) and its letter
// summaries: names, dates, guideline references and rule codes, never the letter's text.
// Written atomically (temp file + rename) and debounced; a store of another format version,
// another knowledge base or rule levels (`context`), or one that cannot be read is dropped
// and rebuilt. Without a storage path the store lives in memory only (nothing is written).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { LetterSummary } from '../protocol';
import { shareStrings } from './library';

export const STORE_FORMAT_VERSION = 4; // 2: lean summaries (empty keys left out); 3: "none cited" marked; 4: items' pages
export const STORE_FILE = 'letters-index.json';

export interface StoredEntry {
  size: number;
  mtimeMs: number;
  letters: LetterSummary[];
}

interface StoreFile {
  format: number;
  context: string;
  entries: Record<string, StoredEntry>;
}

export class IndexStore {
  private entries = new Map<string, StoredEntry>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  /** Nothing is written before the stored index was read: it would overwrite it with an empty one. */
  private loaded = false;
  /** What the last load found: 'none' (no file), 'loaded', 'rebuilt' (corrupt / other version). */
  loadState: 'memory' | 'none' | 'loaded' | 'rebuilt' = 'memory';

  constructor(
    private folder: string | undefined,
    private context = '',
    private readonly delayMs = 1000,
  ) {}

  /** Where to keep the store (set before the first load: the server learns it in initialize). */
  setFolder(folder: string | undefined): void {
    this.folder = folder;
  }

  get file(): string | undefined {
    return this.folder ? path.join(this.folder, STORE_FILE) : undefined;
  }

  /** Reads the stored index; anything wrong with it means starting empty (and overwriting it). */
  async load(): Promise<void> {
    const file = this.file;
    try {
      if (file) await this.read(file);
    } finally {
      this.loaded = true;
      if (this.dirty) this.markDirty(true);
    }
  }

  private async read(file: string): Promise<void> {
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch {
      this.loadState = 'none';
      return;
    }
    try {
      // A reviver interning every string took twice as long as parsing and sharing after.
      const data = JSON.parse(text) as StoreFile;
      if (data?.format !== STORE_FORMAT_VERSION || data.context !== this.context || typeof data.entries !== 'object' || data.entries === null)
        throw new Error('stale');
      for (const [k, e] of Object.entries(data.entries)) {
        if (typeof e?.size === 'number' && typeof e.mtimeMs === 'number' && Array.isArray(e.letters))
          this.entries.set(k, { ...e, letters: shareStrings(e.letters) });
      }
      this.loadState = 'loaded';
    } catch {
      this.entries.clear();
      this.loadState = 'rebuilt';
      this.markDirty();
    }
  }

  /** The stored summaries of a file, if its size and modification time are unchanged. */
  get(key: string, size: number, mtimeMs: number): LetterSummary[] | undefined {
    const e = this.entries.get(key);
    return e && e.size === size && e.mtimeMs === mtimeMs ? e.letters : undefined;
  }

  set(key: string, size: number, mtimeMs: number, letters: LetterSummary[]): void {
    const e = this.entries.get(key);
    if (e && e.size === size && e.mtimeMs === mtimeMs && e.letters === letters) return;
    this.entries.set(key, { size, mtimeMs, letters });
    this.markDirty();
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.markDirty();
  }

  /** The knowledge base or rule levels changed: every stored summary is stale. */
  setContext(context: string): void {
    if (context === this.context) return;
    this.context = context;
    if (!this.loaded) return; // load() compares it with the stored one
    this.entries.clear();
    this.markDirty();
  }

  get size(): number {
    return this.entries.size;
  }

  private markDirty(again = false): void {
    if (!this.folder) return;
    this.dirty = true;
    if (this.timer || (!this.loaded && !again)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delayMs);
    this.timer.unref?.();
  }

  /** Writes now if anything changed (also on shutdown). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty || !this.folder || !this.loaded) return this.writing;
    this.dirty = false;
    const folder = this.folder;
    const context = this.context;
    // The entries as they are now (the map may change while the file is written).
    const entries = [...this.entries];
    this.writing = this.writing.then(async () => {
      const file = path.join(folder, STORE_FILE);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        await fsp.mkdir(folder, { recursive: true });
        await writeStore(tmp, context, entries);
        await fsp.rename(tmp, file);
      } catch {
        // An unwritable storage folder only costs the next start a full index.
        await fsp.rm(tmp, { force: true }).catch(() => undefined);
      }
    });
    return this.writing;
  }
}

/** Chunks of this many characters are written at a time. */
const WRITE_CHUNK = 256 * 1024;

/**
 * The store file (`StoreFile` as JSON), written entry by entry in chunks: 10,000 letters make
 * a 15 MB file, and one JSON.stringify of it held that much again in the server's memory.
 */
async function writeStore(file: string, context: string, entries: [string, StoredEntry][]): Promise<void> {
  const handle = await fsp.open(file, 'w');
  try {
    let chunk = `{"format":${STORE_FORMAT_VERSION},"context":${JSON.stringify(context)},"entries":{`;
    for (let i = 0; i < entries.length; i++) {
      const [key, e] = entries[i];
      chunk += `${i > 0 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(e)}`;
      if (chunk.length >= WRITE_CHUNK) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    await handle.write(`${chunk}}}`);
  } finally {
    await handle.close();
  }
}
