// The library database's schema (docs/library.md documents it for people): its tables, views
// and indexes, its version in `PRAGMA user_version`, and how a library of an earlier version is
// brought up to date in place. libraryDb.ts makes, migrates and rebuilds databases with it.
/** `PRAGMA user_version`: a store of another version is migrated when MIGRATIONS knows how, else rebuilt (it is a cache). */
export const SCHEMA_VERSION = 5;

// The citations' indexes hold the MAXIMUS side only: every query of the view, the summary and the
// similar requests reads that side (the claims administrator's citations are there for analysts),
// and making them for both sides cost a first index of 100,000 letters twice as long.

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

/**
 * The words of item names, for the view's words filter and workspace symbols: an FTS5 index of
 * `items.name` (its rowid the item's id; the names stay in `items`). Words as indexedItem.ts
 * wordsOf splits them: letters and digits, case folded, accents kept. Its 231,000 names at 100,000
 * letters cost 0.4 s and 6 MB, where a table of each name's words (1.6 million rows, an index
 * each way) cost 3.0 s and 109 MB. A file's names leave it before its items do (LibraryDb).
 */
const ITEM_NAMES = `CREATE VIRTUAL TABLE item_names USING fts5(name, content='items', content_rowid='id', detail=none, columnsize=0, tokenize='unicode61 remove_diacritics 0');`;

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
  // 4 -> 5: the citations' indexes of the MAXIMUS side only; the words of item names in FTS5, not item_words;
  // letters_outcome, which letters_facets begins with, dropped.
  4: `DROP INDEX IF EXISTS citations_topic;
DROP INDEX IF EXISTS citations_guideline;
DROP INDEX IF EXISTS citations_section;
${CITATIONS_TOPIC}
${CITATIONS_GUIDELINE}
${CITATIONS_SECTION}
DROP TABLE IF EXISTS item_words;
DROP INDEX IF EXISTS letters_outcome;
${ITEM_NAMES}
INSERT INTO item_names(item_names) VALUES ('rebuild');`,
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
${ITEM_NAMES}
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
