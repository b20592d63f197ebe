// The library database's schema (docs/library.md documents it for people): its tables, views
// and indexes, its version in `PRAGMA user_version`, and how a library of an earlier version is
// brought up to date in place. libraryDb.ts makes, migrates and rebuilds databases with it.
/** `PRAGMA user_version`: a store of another version is migrated when MIGRATIONS knows how, else rebuilt (it is a cache). */
export const SCHEMA_VERSION = 5;

// The citations' indexes hold the MAXIMUS side only: every query of the view, the summary and the
// similar requests reads that side (the claims administrator's citations are there for analysts),
// and at 100,000 letters making them took 1.5 s instead of 4.6.

// The items citing a guideline's section, and how each was decided, from the index alone: the
// similar-request counts of a topic (libraryQueries.ts decisionCounts) read no table row.
const CITATIONS_TOPIC = "CREATE INDEX citations_topic ON citations(guideline, lower(section), decision, item_id) WHERE side = 'MAXIMUS';";

// Every column the view's groups and the summary read of a letter: they scan this index, not the
// letters' rows (each holds its summary, kilobytes: 133 ms against 15 ms for the groups at 100,000).
const LETTERS_FACETS = 'CREATE INDEX letters_facets ON letters(outcome, specialty, decision_date, items, file_id);';

// With the decision in each, the summary of a whole library counts items per guideline, section,
// specialty and month from these indexes alone (libraryQueries.ts lettersSummary).
const ITEMS_LETTER = 'CREATE INDEX items_letter ON items(letter_id, position, decision);';
const CITATIONS_GUIDELINE = "CREATE INDEX citations_guideline ON citations(guideline, decision, item_id) WHERE side = 'MAXIMUS';";
const CITATIONS_SECTION = "CREATE INDEX citations_section ON citations(section, decision, item_id) WHERE side = 'MAXIMUS';";
const LETTER_GUIDELINES_GUIDELINE = 'CREATE INDEX letter_guidelines_guideline ON letter_guidelines(guideline, items);';
const ITEM_WORDS_WORD = 'CREATE INDEX item_words_word ON item_words(word, item_id);';

/**
 * The words of item names (indexedItem.ts wordsOf), for the view's words filter and workspace
 * symbols: a row per word, keyed by its item (no rowid, so no second index to delete a file's
 * words by), found by word through item_words_word. At 100,000 letters, 1.6 million rows: 2.4 s of
 * a first index, against 3.0 s with rowids and an index by item. (FTS5 would take 0.4 s, but the
 * SQLite of Node 22.13, which the server runs on, has no FTS5.)
 */
const itemWords = (name: string) => `CREATE TABLE ${name} (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  word TEXT NOT NULL,
  PRIMARY KEY (item_id, word)
) WITHOUT ROWID;`;

/**
 * Each letter's groups in the view's grouping by guideline: a row per guideline its items' MAXIMUS
 * side cites, or one with guideline '' when they cite none, with the letter's item count. The
 * grouping of a whole library counts them from one index (18 ms at 100,000 letters), where finding
 * each letter's guidelines through its items' citations took 2.4 s.
 */
const LETTER_GUIDELINES = `CREATE TABLE letter_guidelines (
  letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
  guideline TEXT NOT NULL,
  items INTEGER NOT NULL,
  PRIMARY KEY (letter_id, guideline)
) WITHOUT ROWID;`;

/** From the version of the key to the next one, in place (a library file keeps its rows). */
export const MIGRATIONS: Record<number, string> = {
  // 3 -> 4: citations.decision, copied from the item, and the indexes that read it; letters_facets.
  3: `ALTER TABLE citations ADD COLUMN decision TEXT;
UPDATE citations SET decision = (SELECT i.decision FROM items i WHERE i.id = citations.item_id);
DROP INDEX IF EXISTS citations_topic;
DROP INDEX IF EXISTS items_decision;
DROP INDEX IF EXISTS items_letter;
DROP INDEX IF EXISTS citations_guideline;
${CITATIONS_TOPIC}
${LETTERS_FACETS}
${ITEMS_LETTER}
${CITATIONS_GUIDELINE}
${CITATIONS_SECTION}`,
  // 4 -> 5: the citations' indexes of the MAXIMUS side only; item_words keyed by item, without rowids; letter_guidelines;
  // letters_outcome, which letters_facets begins with, dropped.
  4: `DROP INDEX IF EXISTS citations_topic;
DROP INDEX IF EXISTS citations_guideline;
DROP INDEX IF EXISTS citations_section;
${CITATIONS_TOPIC}
${CITATIONS_GUIDELINE}
${CITATIONS_SECTION}
DROP INDEX IF EXISTS letters_outcome;
${itemWords('item_words_v5')}
INSERT OR IGNORE INTO item_words_v5(item_id, word) SELECT item_id, word FROM item_words;
DROP TABLE item_words;
ALTER TABLE item_words_v5 RENAME TO item_words;
${ITEM_WORDS_WORD}
${LETTER_GUIDELINES}
INSERT INTO letter_guidelines(letter_id, guideline, items)
  SELECT DISTINCT i.letter_id, c.guideline, l.items FROM citations c JOIN items i ON i.id = c.item_id JOIN letters l ON l.id = i.letter_id
  WHERE c.side = 'MAXIMUS';
INSERT INTO letter_guidelines(letter_id, guideline, items)
  SELECT l.id, '', l.items FROM letters l WHERE NOT EXISTS (SELECT 1 FROM letter_guidelines g WHERE g.letter_id = l.id);
${LETTER_GUIDELINES_GUIDELINE}`,
};

/** A library of `version` is brought to this one in place by `create`. */
export function migratable(version: number): boolean {
  for (let v = version; v !== SCHEMA_VERSION; v++) if (MIGRATIONS[v] === undefined) return false;
  return true;
}

/**
 * The indexes only queries read (the view, the summary, symbols, similar requests): a write never
 * looks anything up in them. A first index writes without them and makes them once it is complete
 * (LibraryDb.deferQueryIndexes): each letter's rows went into every one of them at scattered
 * pages, and at 100,000 letters that was 26.5 s of the library thread's work against 11.1 s, their
 * making included. `CREATE INDEX IF NOT EXISTS` makes any that are missing.
 */
export const QUERY_INDEXES: Readonly<Record<string, string>> = {
  files_uri: 'CREATE INDEX files_uri ON files(uri);',
  letters_facets: LETTERS_FACETS,
  letters_specialty: 'CREATE INDEX letters_specialty ON letters(specialty);',
  letters_month: 'CREATE INDEX letters_month ON letters(substr(decision_date, 1, 7));',
  // Covering: the similar-request counts (libraryQueries.ts decisionCounts) read no item row.
  items_request: 'CREATE INDEX items_request ON items(treatment, body_part, decision, letter_id);',
  citations_guideline: CITATIONS_GUIDELINE,
  citations_section: CITATIONS_SECTION,
  citations_topic: CITATIONS_TOPIC,
  problems_code: 'CREATE INDEX problems_code ON problems(code);',
  item_words_word: ITEM_WORDS_WORD,
  letter_guidelines_guideline: LETTER_GUIDELINES_GUIDELINE,
};

// SQL that SQLite 3.40 (Debian's sqlite3 shell) runs: no STRICT tables, no JSON operators (->).
// The tables, the indexes a write or a delete's cascade reads, and the views; QUERY_INDEXES are made with them.
export const SCHEMA = `
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  uri TEXT NOT NULL,
  size INTEGER,
  mtime INTEGER
);
CREATE TABLE letters (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  folder TEXT NOT NULL DEFAULT '',
  file TEXT NOT NULL,
  letter INTEGER NOT NULL,
  case_number TEXT,
  decision_date TEXT,
  date_of_injury TEXT,
  ur_denial_date TEXT,
  date_assigned TEXT,
  specialty TEXT,
  outcome TEXT NOT NULL,
  items INTEGER NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX letters_file ON letters(file_id, letter);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  decision TEXT NOT NULL,
  requested_visits INTEGER,
  conclusion TEXT,
  treatment TEXT,
  body_part TEXT
);
${ITEMS_LETTER}
CREATE TABLE citations (
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  side TEXT NOT NULL,
  guideline TEXT NOT NULL,
  mtus INTEGER NOT NULL,
  section TEXT,
  pages TEXT,
  decision TEXT
);
CREATE INDEX citations_item ON citations(item_id, side);
CREATE TABLE problems (
  letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
  item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  severity TEXT NOT NULL
);
CREATE INDEX problems_letter ON problems(letter_id);
CREATE INDEX problems_item ON problems(item_id);
${itemWords('item_words')}
${LETTER_GUIDELINES}
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIEW outcomes_by_guideline AS
  SELECT c.guideline AS guideline,
         count(DISTINCT i.id) AS items,
         count(DISTINCT CASE WHEN i.decision = 'Upheld' THEN i.id END) AS upheld,
         count(DISTINCT CASE WHEN i.decision = 'Overturned' THEN i.id END) AS overturned
  FROM citations c JOIN items i ON i.id = c.item_id
  WHERE c.side = 'MAXIMUS'
  GROUP BY c.guideline;
CREATE VIEW outcomes_by_month AS
  SELECT substr(l.decision_date, 1, 7) AS month,
         count(DISTINCT l.id) AS letters,
         count(i.id) AS items,
         sum(i.decision = 'Upheld') AS upheld,
         sum(i.decision = 'Overturned') AS overturned
  FROM letters l JOIN items i ON i.letter_id = l.id
  WHERE l.decision_date IS NOT NULL
  GROUP BY month;
`;
