// A disputed item as the workspace index lists it, and how a search query matches it.
import { type Range, SymbolKind } from 'vscode-languageserver-types';
import { decisionLabel, UNNAMED_ITEM } from '../model/helpers';
import type { DisputedItem } from '../model/types';
import type { LetterSummary } from '../protocol';
import type { IndexSymbol, StoredItems } from './indexTypes';

export interface IndexedItem {
  name: string;
  decision: string;
  range: Range;
  /** Lower-case words of the name, for prefix matching. */
  words: string[];
  decisionWord: string;
}

/** Lower-case letter/digit words: `cervical/thoracic spine #8` -> cervical, thoracic, spine, 8. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

export function indexItem(item: DisputedItem, range: (span: { start: number; end: number }) => Range): IndexedItem {
  const named = item.name.span.end > item.name.span.start && item.name.text.trim().length > 0;
  const name = named ? item.name.text : UNNAMED_ITEM;
  const decision = decisionLabel(item);
  return {
    name,
    decision,
    range: range(named ? item.name.span : item.header),
    words: wordsOf(name),
    decisionWord: item.decision.kind === 'absent' ? '' : item.decision.text.toLowerCase(),
  };
}

/** The word of a decision label a query may match (`Uphled (not a decision)` -> uphled). */
const decisionWordOf = (decision: string): string => (decision === 'no decision' ? '' : decision.replace(/ \(not a decision\)$/, '').toLowerCase());

/** The items of letter summaries: the same name and range objects, plus the words to match. */
export function itemsOf(letters: readonly LetterSummary[]): IndexedItem[] {
  const out: IndexedItem[] = [];
  for (const l of letters) {
    for (const i of l.items) {
      out.push({ name: i.name, decision: i.decision, range: i.range, words: wordsOf(i.name), decisionWord: decisionWordOf(i.decision) });
    }
  }
  return out;
}

/** The items of a stored file (libraryDb.ts keeps their names, decisions and ranges). */
export function storedItemsOf(stored: StoredItems): IndexedItem[] {
  return stored.items.map(([name, decision, sl, sc, el, ec]) => ({
    name,
    decision,
    range: { start: { line: sl, character: sc }, end: { line: el, character: ec } },
    words: wordsOf(name),
    decisionWord: decisionWordOf(decision),
  }));
}

/** -1: no match; 0: the first query word starts the name; 1: elsewhere. */
export function matchScore(item: IndexedItem, terms: string[]): number {
  if (terms.length === 0) return 1;
  let inName = 0;
  for (const t of terms) {
    if (item.words.some((w) => w.startsWith(t))) inName++;
    else if (!(t.length >= 3 && item.decisionWord.startsWith(t))) return -1;
  }
  if (inName === 0) return -1;
  return item.words[0]?.startsWith(terms[0]) ? 0 : 1;
}

/** The items of a file as the index keeps them. */
export interface IndexedFile {
  uri: string;
  fileName: string;
  items: IndexedItem[];
}

/**
 * Items whose name has, for every query word, a word starting with it (case-insensitive):
 * `physical therapy` finds `Physical therapy for cervical/thoracic spine #8` and
 * `Additional physical therapy ...`. A query word of three letters or more may also match
 * the decision (`therapy overturned`), as long as one word matches the name. An empty
 * query returns every item. At most `limit` results: best first (the first query word
 * starting the name), then by file and position.
 */
export function searchItems(files: Iterable<IndexedFile>, q: string, limit: number): IndexSymbol[] {
  const terms = wordsOf(q);
  const hits: { score: number; item: IndexedItem; file: IndexedFile }[] = [];
  for (const file of files) {
    for (const item of file.items) {
      const score = matchScore(item, terms);
      if (score >= 0) hits.push({ score, item, file });
    }
  }
  hits.sort(
    (a, b) =>
      a.score - b.score ||
      (a.file.uri < b.file.uri ? -1 : a.file.uri > b.file.uri ? 1 : 0) ||
      a.item.range.start.line - b.item.range.start.line ||
      a.item.range.start.character - b.item.range.start.character,
  );
  return hits.slice(0, Math.max(0, limit)).map(({ item, file }) => ({
    name: item.name,
    kind: SymbolKind.Object,
    containerName: `${item.decision} · ${file.fileName}`,
    location: { uri: file.uri, range: item.range },
  }));
}
