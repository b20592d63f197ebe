// The shapes around the workspace index: its options, what it asks of the letter library, and
// the symbols it answers (kept apart from workspaceIndex.ts, which holds the index's work).
import type { Location, WorkspaceSymbol } from 'vscode-languageserver-types';
import type { CheckedText } from '../pipeline/checkText';
import type { LetterSummary } from '../protocol';
import type { FileSummaryOutcome, LetterRecords } from './fileSummary';

export interface WorkspaceIndexOptions {
  /** Files (and open documents) larger than this are not indexed. Default 2 MB. */
  maxBytes?: number;
  /** Pause after the last `update` of an open document before it is re-parsed. Default 300 ms. */
  openDocumentDelayMs?: number;
  /** Longest run of background work between turns of the event loop. Default 2 ms. */
  sliceMs?: number;
  /** The letter library (library/libraryService.ts): summaries per file, in its database. */
  library?: IndexLibrary;
}

/** What the index asks of the letter library; without one it keeps item names only. */
export interface IndexLibrary {
  /** The summaries of a checked file (one per letter). */
  summarize(uri: string, checked: CheckedText): LetterSummary[];
  /** An open document's text checked under what applies to it (default: the bundled base, default levels). */
  check?(uri: string, text: string): CheckedText;
  /** Resolves once the stored summaries are read (before the first file is). */
  load(): Promise<void>;
  /** What the store holds of a file whose size and modification time are unchanged: its letter count. */
  stored(key: string, size: number, mtimeMs: number): StoredItems | undefined;
  /** Stores a file's letters (none: not a letter); `stat` undefined: an open document's text, not reusable on restart. */
  save(key: string, uri: string, stat: { size: number; mtimeMs: number } | undefined, letters: LetterRecords): void;
  forget(key: string): void;
  /** The workspace symbols of the files it stores (`save`d with letters): the best `limit` for `query`, ranked. */
  symbols(query: string, limit: number): Promise<RankedSymbol[]>;
  /** A file's entry was added, replaced or removed. */
  changed(): void;
  /**
   * Reads, parses and summarises a file off the main thread (indexPool.ts); undefined when it
   * cannot (a PDF, no threads): the index then reads the file itself.
   */
  summarizeFile?(path: string, uri: string, maxBytes: number): Promise<FileSummaryOutcome> | undefined;
  /** How many files the index may have in flight at once (default 1). */
  parallelism?(): number;
  /** Resolves once the library has taken the files saved so far, up to a bounded backlog: the index reads no faster than the library writes. */
  writable?(): Promise<void>;
  /** Nothing is left to read (the threads can end). */
  idle?(): void;
}

/** What the store holds of a file: its letter count (its items are asked of the library: `symbols`). */
export interface StoredItems {
  letters: number;
}

/** A workspace symbol with its rank: the score of its match (0: the first query word starts the name) and its file's key. */
export interface RankedSymbol {
  score: number;
  key: string;
  symbol: IndexSymbol;
}

/** A workspace symbol with a full location: valid as both `WorkspaceSymbol` and `SymbolInformation`. */
export type IndexSymbol = WorkspaceSymbol & { location: Location };
