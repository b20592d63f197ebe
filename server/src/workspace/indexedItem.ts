// The disputed items of a file as the workspace index keeps them, and how a search query matches
// them (workspace symbols).
//
// Open documents, and those the library does not store (an untitled draft, a letter opened from
// outside the workspace folders, every document when there is no library), have their items in
// memory here, kept flat: one array per file, ITEM_SLOTS slots an item (name, decision, and the
// four numbers of its range), the decision labels shared. The library answers for its other files
// from its database (library/librarySymbols.ts), with the same match and rank (queryTerms,
// matchScore, byRankedOrder). Objects per item (a range of three objects, the words of the name)
// cost the server ~3.5 KB a letter, 350 MB at 100,000 letters (issue 23); this is ~100 bytes an
// item. The words are found when a query asks, and only in names that contain the query's words.
import { type Range, SymbolKind } from 'vscode-languageserver-types';
import { decisionLabel, UNNAMED_ITEM } from '../model/helpers';
import type { DisputedItem } from '../model/types';
import { intern } from '../util/intern';
import { smallest } from '../util/smallest';
import type { IndexSymbol, RankedSymbol } from './indexTypes';
import { fileNameOf } from './paths';
import { pathToFileURL } from 'node:url';

/** A file's items, flat: name, decision label, start line, start character, end line, end character, then the next item. */
export type PackedItems = (string | number)[];
export const ITEM_SLOTS = 6;

/** Lower-case letter/digit words: `cervical/thoracic spine #8` -> cervical, thoracic, spine, 8. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

function pack(out: PackedItems, name: string, decision: string, range: Range): void {
  out.push(name, decision, range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The items of a parsed letter (an open document without a library summary). */
export function packModelItems(items: readonly DisputedItem[], range: (span: { start: number; end: number }) => Range): PackedItems {
  const out: PackedItems = [];
  for (const item of items) {
    const named = item.name.span.end > item.name.span.start && item.name.text.trim().length > 0;
    pack(out, named ? item.name.text : UNNAMED_ITEM, decisionLabel(item), range(named ? item.name.span : item.header));
  }
  return internPacked(out); // a name is a slice of the letter's text: the copy kept holds nothing else
}

/** Shares the names and decisions of a list the index keeps (from another thread, each arrives a copy of its own). */
function internPacked(items: PackedItems): PackedItems {
  for (let i = 0; i < items.length; i += ITEM_SLOTS) {
    items[i] = intern(items[i] as string);
    items[i + 1] = intern(items[i + 1] as string);
  }
  return items;
}

const rangeAt = (items: PackedItems, i: number): Range => ({
  start: { line: items[i + 2] as number, character: items[i + 3] as number },
  end: { line: items[i + 4] as number, character: items[i + 5] as number },
});

/** The word of a decision label a query may match (`Uphled (not a decision)` -> uphled); labels are few, so each is worked out once. */
const decisionWords = new Map<string, string>();
function decisionWordOf(decision: string): string {
  let word = decisionWords.get(decision);
  if (word === undefined) {
    word = decision === 'no decision' ? '' : decision.replace(/ \(not a decision\)$/, '').toLowerCase();
    // Bounded: a label is a decision as written, and a misspelt one could be anything.
    if (decisionWords.size < 1000) decisionWords.set(decision, word);
  }
  return word;
}

/** A query's words, each as a test of a name: some word of the name starts with it (case-insensitive). */
export interface QueryTerms {
  words: string[];
  inName: RegExp[];
  /** The first query word starts the name's first word. */
  first: RegExp | undefined;
}

export function queryTerms(q: string): QueryTerms {
  const words = wordsOf(q);
  return {
    words,
    // Regular expressions, not the name's words: no string is made for each of 230,000 names a
    // query reads. A word is letters and digits only: nothing in it to escape.
    inName: words.map((w) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${w}`, 'iu')),
    first: words.length > 0 ? new RegExp(`^[^\\p{L}\\p{N}]*${words[0]}`, 'iu') : undefined,
  };
}

/** -1: no match; 0: the first query word starts the name; 1: elsewhere. */
export function matchScore(name: string, decision: string, terms: QueryTerms): number {
  if (terms.words.length === 0) return 1;
  let inName = 0;
  for (let i = 0; i < terms.words.length; i++) {
    const t = terms.words[i];
    if (terms.inName[i].test(name)) inName++;
    else if (!(t.length >= 3 && decisionWordOf(decision).startsWith(t))) return -1;
  }
  if (inName === 0) return -1;
  return terms.first!.test(name) ? 0 : 1;
}

/** A file of the index: its items, and its URI and file name (asked for the files that match). */
export interface IndexedFile {
  /** The file's path (its URI for a document that is no file): results of the same score come in this order. */
  key: string;
  items: PackedItems;
  uri(): string;
  fileName(): string;
}

/** A letter file in the index: its items, and its URI and file name only where they are not the ones its key gives. */
export interface FileEntry {
  uri?: string;
  fileName?: string;
  items: PackedItems;
}

/** A file the library stores: its entry holds nothing (one object shared by all of them). */
export const IN_LIBRARY: FileEntry = Object.freeze({ items: Object.freeze([]) as unknown as PackedItems });

export function fileEntry(key: string, uri: string, fileName: string, items: PackedItems): FileEntry {
  const ownUri = uri === pathToFileURL(key).href ? undefined : uri;
  return { uri: ownUri, fileName: fileName === fileNameOf(uri) ? undefined : fileName, items };
}

/** The index's files as searchItems reads them. */
export function* indexedFiles(files: ReadonlyMap<string, FileEntry>): Iterable<IndexedFile> {
  for (const [key, e] of files) {
    if (e === IN_LIBRARY) continue;
    const uri = () => e.uri ?? pathToFileURL(key).href;
    yield { key, items: e.items, uri, fileName: () => e.fileName ?? fileNameOf(uri()) };
  }
}

/**
 * Items whose name has, for every query word, a word starting with it (case-insensitive):
 * `physical therapy` finds `Physical therapy for cervical/thoracic spine #8` and
 * `Additional physical therapy ...`. A query word of three letters or more may also match
 * the decision (`therapy overturned`), as long as one word matches the name. An empty
 * query returns every item. At most `limit` results: best first (the first query word
 * starting the name), then by file and position.
 */
export function searchItems(files: Iterable<IndexedFile>, q: string, limit: number): RankedSymbol[] {
  const terms = queryTerms(q);
  function* hits(): Iterable<Hit> {
    for (const file of files) {
      const items = file.items;
      for (let i = 0; i < items.length; i += ITEM_SLOTS) {
        const score = matchScore(items[i] as string, items[i + 1] as string, terms);
        if (score >= 0) yield { score, at: i, file };
      }
    }
  }
  return smallest(hits(), limit, byRank).map(({ score, at, file }) => ({
    score,
    key: file.key,
    symbol: {
      name: file.items[at] as string,
      kind: SymbolKind.Object,
      containerName: `${file.items[at + 1] as string} · ${file.fileName()}`,
      location: { uri: file.uri(), range: rangeAt(file.items, at) },
    },
  }));
}

/** The best `limit` of ranked symbols from several sources (the index's own documents, the library's files), in searchItems' order. */
export function mergeRanked(lists: readonly RankedSymbol[][], limit: number): IndexSymbol[] {
  return smallest(lists.flat(), limit, byRankedOrder).map((r) => r.symbol);
}

/** searchItems' order: best first, then by file and position. */
export function byRankedOrder(a: RankedSymbol, b: RankedSymbol): number {
  const start = (r: RankedSymbol) => r.symbol.location.range.start;
  return a.score - b.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || start(a).line - start(b).line || start(a).character - start(b).character;
}

interface Hit {
  score: number;
  /** Its first slot in its file's items. */
  at: number;
  file: IndexedFile;
}

/** Best first, then by file and position. */
function byRank(a: Hit, b: Hit): number {
  const slot = (h: Hit, n: number) => h.file.items[h.at + n] as number;
  return a.score - b.score || (a.file.key < b.file.key ? -1 : a.file.key > b.file.key ? 1 : 0) || slot(a, 2) - slot(b, 2) || slot(a, 3) - slot(b, 3);
}
