// Workspace symbols (`workspace/symbol`) of the letters in the library, answered from its database:
// the server keeps no item of a stored file in memory (issue 23), and a restart needs none read.
// The words of item names are indexed (item_words); a candidate is an item whose every query word
// starts a word of its name or its decision. SQLite ranks them (the first query word starting the
// name first, then in the order they were stored: a folder's files in path order) and only the
// best cross into JavaScript, where the index's own test (indexedItem.ts matchScore) decides each
// and they are sorted as the index sorts its own (by file and position). At 100,000 letters,
// taking every candidate into JavaScript cost half a second for `p`, the first key typed, and
// ordering them by file path in SQL 200 ms; in stored order it is the cost of finding them.
import * as path from 'node:path';
import type { SupportedValueType as SQLInputValue } from 'node:sqlite';
import { type Range, SymbolKind } from 'vscode-languageserver-types';
import type { RankedSymbol } from '../workspace/indexTypes';
import { byRankedOrder, matchScore, queryTerms } from '../workspace/indexedItem';
import { type LibraryDb, NAME_HAS_WORD, TOP, wordRange } from './libraryDb';

/**
 * What may come before a name's first word (`^[^\p{L}\p{N}]*` in matchScore): ASCII's punctuation
 * and spaces, and the Unicode ones letters use; a name opening with another symbol is ranked by
 * SQLite as if its first word did not match, and by matchScore among the rows it gives.
 */
const BEFORE_FIRST_WORD = ` \t!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~\u00a0\u00b7\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026`;

interface Candidate {
  id: number;
  key: string;
  uri: string;
  name: string;
  decision: string;
}

type Found = Candidate & { score: number; range: string };

/**
 * The stored items matching `q` (indexedItem.ts searchItems: every query word starts a word of
 * the name, or of the decision when three letters or more, one at least in the name), at most
 * `limit`: the best first and, among equals, the first stored; sorted by score, then file and
 * position, each with its score and its file's key, so the index can merge them with the
 * documents it holds itself.
 */
export function librarySymbols(db: LibraryDb, q: string, limit: number): RankedSymbol[] {
  const terms = queryTerms(q);
  const parts: string[] = [];
  const args: SQLInputValue[] = [];
  for (const w of terms.words) {
    // A superset, narrowed by matchScore: a decision's word is the decision as written, lower case
    // (asked only of a word of three letters or more: without that OR, SQLite starts from the word's items).
    parts.push(w.length >= 3 ? `(${NAME_HAS_WORD} OR (lower(i.decision) >= ? AND lower(i.decision) < ?))` : NAME_HAS_WORD);
    args.push(...wordRange(w), ...(w.length >= 3 ? wordRange(w) : []));
  }
  let rank = '';
  if (terms.words.length > 0) {
    rank = 'CASE WHEN ltrim(lower(i.name), ?) >= ? AND ltrim(lower(i.name), ?) < ? THEN 0 ELSE 1 END, ';
    args.push(BEFORE_FIRST_WORD, terms.words[0], BEFORE_FIRST_WORD, terms.words[0] + TOP);
  }
  // The candidates' ids, ranked, a page at a time; then each one's file, name and range.
  const ranked = db.prepare(`SELECT i.id AS id FROM items i ${parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : ''} ORDER BY ${rank}i.id LIMIT ? OFFSET ?`);
  const detail = db.prepare(
    `SELECT i.id AS id, f.key AS key, f.uri AS uri, i.name AS name, i.decision AS decision,
       json_extract(l.summary, '$.items[' || (i.position - 1) || '].range') AS range
     FROM items i JOIN letters l ON l.id = i.letter_id JOIN files f ON f.id = l.file_id WHERE i.id = ?`,
  );
  // As many as pass matchScore (the word conditions above are a superset), ranked again by it (a name opening with an unusual symbol).
  const found: Found[] = [];
  for (let offset = 0; found.length < limit; offset += limit) {
    const page = ranked.all(...args, limit, offset) as { id: number }[];
    for (const { id } of page) {
      const r = detail.get(id) as (Candidate & { range: string }) | undefined;
      const score = r ? matchScore(r.name, r.decision, terms) : -1;
      if (r && score >= 0 && found.length < limit) found.push({ ...r, score });
    }
    if (page.length < limit) break;
  }
  return found
    .map((c) => ({
      score: c.score,
      key: c.key,
      symbol: {
        name: c.name,
        kind: SymbolKind.Object,
        containerName: `${c.decision} · ${path.basename(c.key)}`,
        location: { uri: c.uri, range: JSON.parse(c.range) as Range },
      },
    }))
    .sort(byRankedOrder);
}
