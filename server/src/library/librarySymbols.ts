// Workspace symbols (`workspace/symbol`) of the letters in the library, answered from its database:
// the server keeps no item of a stored file in memory (issue 23), and a restart needs none read.
// The words of item names are indexed (item_words); a candidate is an item whose every query word
// starts a word of its name or its decision, and the index's own test (indexedItem.ts matchScore)
// then decides and ranks, so a stored file's items match exactly as an open document's do.
import * as path from 'node:path';
import type { SupportedValueType as SQLInputValue } from 'node:sqlite';
import { type Range, SymbolKind } from 'vscode-languageserver-types';
import type { RankedSymbol } from '../workspace/indexTypes';
import { matchScore, queryTerms } from '../workspace/indexedItem';
import { smallest } from '../util/smallest';
import type { LibraryDb } from './libraryDb';

/** Above every character a word holds: `word >= t AND word < t || TOP` is "starts with t", through the index. */
const TOP = '\u{10FFFF}';

interface Candidate {
  id: number;
  key: string;
  uri: string;
  name: string;
  decision: string;
  letter: number;
  position: number;
  score: number;
}

/** Best first, then by file, letter and position (the order of the items in their file). */
function byRank(a: Candidate, b: Candidate): number {
  return a.score - b.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.letter - b.letter || a.position - b.position;
}

/**
 * The stored items matching `q` (indexedItem.ts searchItems: every query word starts a word of
 * the name, or of the decision when three letters or more, one at least in the name), best
 * `limit` first, each with its score and its file's key, so the index can merge them with the
 * documents it holds itself.
 */
export function librarySymbols(db: LibraryDb, q: string, limit: number): RankedSymbol[] {
  const terms = queryTerms(q);
  const parts: string[] = [];
  const args: SQLInputValue[] = [];
  for (const w of terms.words) {
    // A superset, narrowed by matchScore: a decision's word is the decision as written, lower case.
    parts.push(
      '(i.id IN (SELECT item_id FROM item_words WHERE word >= ? AND word < ?) OR (length(?) >= 3 AND lower(i.decision) >= ? AND lower(i.decision) < ?))',
    );
    args.push(w, w + TOP, w, w, w + TOP);
  }
  const sql = `SELECT i.id AS id, f.key AS key, f.uri AS uri, i.name AS name, i.decision AS decision, l.letter AS letter, i.position AS position
    FROM items i JOIN letters l ON l.id = i.letter_id JOIN files f ON f.id = l.file_id
    ${parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : 'ORDER BY f.key, l.letter, i.position LIMIT ?'}`;
  if (parts.length === 0) args.push(limit);
  const rows = db.prepare(sql).iterate(...args) as Iterable<Candidate>;
  function* scored(): Iterable<Candidate> {
    for (const r of rows) {
      const score = matchScore(r.name, r.decision, terms);
      if (score >= 0) yield { ...r, score };
    }
  }
  const range = db.prepare(
    "SELECT json_extract(l.summary, '$.items[' || (i.position - 1) || '].range') AS range FROM items i JOIN letters l ON l.id = i.letter_id WHERE i.id = ?",
  );
  return smallest(scored(), limit, byRank).map((c) => ({
    score: c.score,
    key: c.key,
    symbol: {
      name: c.name,
      kind: SymbolKind.Object,
      containerName: `${c.decision} · ${path.basename(c.key)}`,
      location: { uri: c.uri, range: JSON.parse((range.get(c.id) as { range: string }).range) as Range },
    },
  }));
}
