// The library's questions as SQL over its database (libraryDb.ts): `imr/letters` a page at a time,
// `imr/letterGroups`, `imr/lettersSummary`. Each answers what the in-memory filter, groups and
// summary answered over every letter (library.ts, letterGroups.ts, librarySummary.ts), from
// indexed tables: nothing per letter is kept in the server.
import type { SupportedValueType as SQLInputValue } from 'node:sqlite';
import type {
  LetterGroupRef,
  LetterGroupsParams,
  LetterGroupsResult,
  LetterSummary,
  LettersFilter,
  LettersParams,
  LettersSummary,
  LettersSummaryRow,
} from '../protocol';
import { wordsOf } from '../workspace/indexedItem';
import { NAME_HAS_WORD, SIDES, type LibraryDb, wordRange } from './libraryDb';
import { groupLetters } from './letterGroups';
import { sortedCharts } from './librarySummary';

type Args = SQLInputValue[];

/** A bit of SQL and the values of its `?`s, in order. */
interface Sql {
  sql: string;
  args: Args;
}

const MAXIMUS = `'${SIDES.maximus}'`;

/** The item-level part of a filter (words of the name, MAXIMUS guideline, section) on items `i`; null: every item. */
function itemCondition(filter: LettersFilter | undefined): Sql | null {
  const parts: string[] = [];
  const args: Args = [];
  for (const t of filter?.text ? wordsOf(filter.text) : []) {
    parts.push(NAME_HAS_WORD);
    args.push(...wordRange(t));
  }
  if (filter?.treatment !== undefined) {
    parts.push('i.treatment = ?');
    args.push(filter.treatment);
  }
  if (filter?.bodyPart !== undefined) {
    parts.push('i.body_part = ?');
    args.push(filter.bodyPart);
  }
  if (filter?.guideline !== undefined || filter?.section !== undefined) {
    // Not correlated: the items citing it are found through citations_topic, not by a scan of the items.
    let cite = `SELECT c.item_id FROM citations c WHERE c.side = ${MAXIMUS}`;
    if (filter.guideline !== undefined) {
      cite += ' AND c.guideline = ?';
      args.push(filter.guideline);
    }
    if (filter.section !== undefined) {
      cite += ' AND lower(c.section) = ?';
      args.push(filter.section.toLowerCase());
    }
    parts.push(`i.id IN (${cite})`);
  }
  // The letter left out, as its items: the similar-request counts then read no letter row.
  const excluded = filter?.exclude ? /^(.*)#(\d+)$/.exec(filter.exclude) : null;
  if (excluded) {
    parts.push('i.letter_id NOT IN (SELECT x.id FROM letters x JOIN files f ON f.id = x.file_id WHERE f.uri = ? AND x.letter = ?)');
    args.push(excluded[1], Number(excluded[2]));
  }
  return parts.length > 0 ? { sql: parts.join(' AND '), args } : null;
}

/** The letter-level part (outcome, specialty, month) on letters `l`. */
function letterCondition(filter: LettersFilter | undefined): Sql {
  const parts: string[] = ['1'];
  const args: Args = [];
  if (filter?.outcome) {
    parts.push('l.outcome = ?');
    args.push(filter.outcome);
  }
  if (filter?.specialty !== undefined) {
    parts.push("lower(coalesce(l.specialty, '')) = ?");
    args.push(filter.specialty.toLowerCase());
  }
  if (filter?.month) {
    parts.push('substr(l.decision_date, 1, 7) = ?');
    args.push(filter.month);
  }
  return { sql: parts.join(' AND '), args };
}

/**
 * `m`: the letters passing the filter, with `n`, their items shown (those matching the item-level
 * facets; a letter with none is left out), and the columns the groups read.
 */
function matched(filter: LettersFilter | undefined): { cte: Sql; items: Sql | null } {
  const items = itemCondition(filter);
  const letters = letterCondition(filter);
  const columns = 'l.id, l.file_id, l.outcome, l.specialty, substr(l.decision_date, 1, 7) AS month';
  // Without item-level facets every item is shown: the count stored with the letter (letters_facets covers it all).
  if (!items) return { cte: { sql: `m AS (SELECT ${columns}, l.items AS n FROM letters l WHERE ${letters.sql})`, args: letters.args }, items };
  // With them, from the items that pass (through item_words, items_request or citations_topic), counted per letter.
  const sql = `m AS (SELECT ${columns}, x.n AS n FROM (SELECT i.letter_id AS letter_id, count(*) AS n FROM items i WHERE ${items.sql} GROUP BY i.letter_id) x
    JOIN letters l ON l.id = x.letter_id WHERE ${letters.sql})`;
  return { cte: { sql, args: [...items.args, ...letters.args] }, items };
}

/** The letters of one group (after the filter), on letters `l`. */
function groupCondition(group: LetterGroupRef, items: Sql | null): Sql {
  switch (group.by) {
    case 'outcome':
      return { sql: 'l.outcome = ?', args: [group.key] };
    case 'specialty':
      return { sql: "coalesce(l.specialty, '') = ?", args: [group.key] };
    case 'month':
      return { sql: "coalesce(substr(l.decision_date, 1, 7), '') = ?", args: [group.key] };
    case 'guideline': {
      // Every item shown: the letter's own groups say it (letter_guidelines, '' for none), through its key.
      if (!items) return { sql: 'EXISTS (SELECT 1 FROM letter_guidelines g WHERE g.letter_id = l.id AND g.guideline = ?)', args: [group.key] };
      // Else the items passing the filter say it.
      const cite = `SELECT 1 FROM items i JOIN citations c ON c.item_id = i.id AND c.side = ${MAXIMUS} WHERE i.letter_id = l.id AND ${items.sql}`;
      if (group.key === '') return { sql: `NOT EXISTS (${cite})`, args: [...items.args] };
      return { sql: `EXISTS (${cite} AND c.guideline = ?)`, args: [...items.args, group.key] };
    }
  }
}

/** `imr/letters`: the letters passing the filter (and in the group), in path order, a page at a time; items trimmed to those shown. */
export function lettersPage(db: LibraryDb, p: LettersParams | null | undefined): LetterSummary[] {
  const items = itemCondition(p?.filter);
  const letters = letterCondition(p?.filter);
  const group = p?.group ? groupCondition(p.group, items) : { sql: '1', args: [] };
  const shown = items ? `(SELECT group_concat(i.position) FROM items i WHERE i.letter_id = l.id AND ${items.sql})` : 'NULL';
  const any = items ? `EXISTS (SELECT 1 FROM items i WHERE i.letter_id = l.id AND ${items.sql})` : '1';
  const limit = p?.limit ?? -1;
  const offset = p?.offset ?? 0;
  // In path order through the files' key index (CROSS JOIN keeps files the outer loop), each letter
  // tested as it comes: a page near the start reads that page's letters, not every letter that
  // passes sorted (the first 200 upheld of 100,000: 2 ms against 61).
  const sql = `SELECT f.uri AS uri, l.summary AS summary, ${shown} AS shown
    FROM files f CROSS JOIN letters l ON l.file_id = f.id WHERE ${letters.sql} AND ${any} AND ${group.sql}
    ORDER BY f.key, l.letter LIMIT ? OFFSET ?`;
  const rows = db.prepare(sql).all(...(items?.args ?? []), ...letters.args, ...(items?.args ?? []), ...group.args, limit, offset) as {
    uri: string;
    summary: string;
    shown: string | null;
  }[];
  return rows.map((r) => {
    const letter = { uri: r.uri, ...(JSON.parse(r.summary) as Omit<LetterSummary, 'uri'>) };
    if (r.shown !== null) {
      const positions = new Set(r.shown.split(',').map(Number));
      if (positions.size < letter.items.length) letter.items = letter.items.filter((_, k) => positions.has(k + 1));
    }
    return letter;
  });
}

type GroupRow = { key: string; letters: number; items: number };

/** `imr/letterGroups`: counts per group, as letterGroups.ts groups them. */
export function letterGroups(db: LibraryDb, p: LetterGroupsParams): LetterGroupsResult {
  const { cte, items } = matched(p.filter);
  let rows: GroupRow[];
  // Outcome, specialty and month put each letter in one group: the totals are the groups' sums
  // (the filtered letters are found once, not twice). A letter cites several guidelines, or none.
  let totals = { letters: 0, items: 0 };
  if (p.groupBy === 'guideline') {
    totals = db.prepare(`WITH ${cte.sql} SELECT count(*) AS letters, coalesce(sum(n), 0) AS items FROM m`).get(...cte.args) as typeof totals;
    rows = items ? itemGuidelineGroups(db, cte, items) : letterGuidelineGroups(db, p.filter, cte);
  } else {
    const column = p.groupBy === 'outcome' ? 'outcome' : `coalesce(${p.groupBy}, '')`;
    rows = db.prepare(`WITH ${cte.sql} SELECT ${column} AS key, count(*) AS letters, sum(n) AS items FROM m GROUP BY key`).all(...cte.args) as GroupRow[];
    for (const r of rows) totals = { letters: totals.letters + r.letters, items: totals.items + r.items };
  }
  return groupLetters(
    rows.filter((r) => r.letters > 0),
    p.groupBy,
    totals,
  );
}

/**
 * Letters per guideline, every item shown: from each letter's groups (letter_guidelines), through
 * its index alone for the whole library, else for the letters the filter keeps.
 */
function letterGuidelineGroups(db: LibraryDb, filter: LettersFilter | undefined, cte: Sql): GroupRow[] {
  if (letterCondition(filter).sql === '1')
    return db.prepare('SELECT guideline AS key, count(*) AS letters, sum(items) AS items FROM letter_guidelines GROUP BY guideline').all() as GroupRow[];
  return db
    .prepare(
      `WITH ${cte.sql} SELECT g.guideline AS key, count(*) AS letters, sum(m.n) AS items FROM m JOIN letter_guidelines g ON g.letter_id = m.id GROUP BY g.guideline`,
    )
    .all(...cte.args) as GroupRow[];
}

/** Letters per guideline that the items passing the filter cite (each letter's own groups do not say which items those are). */
function itemGuidelineGroups(db: LibraryDb, cte: Sql, items: Sql): GroupRow[] {
  const sql = `WITH ${cte.sql}, g AS (SELECT DISTINCT m.id AS id, c.guideline AS guideline FROM m JOIN items i ON i.letter_id = m.id
        JOIN citations c ON c.item_id = i.id AND c.side = ${MAXIMUS} WHERE ${items.sql})
      SELECT g.guideline AS key, count(*) AS letters, sum(m.n) AS items FROM g JOIN m ON m.id = g.id GROUP BY g.guideline
      UNION ALL SELECT '' AS key, count(*) AS letters, coalesce(sum(n), 0) AS items FROM m WHERE m.id NOT IN (SELECT id FROM g)`;
  return db.prepare(sql).all(...cte.args, ...items.args) as GroupRow[];
}

type Counted = { label: string | null; upheld: number; overturned: number; other: number };
const COUNTS = "sum(decision = 'Upheld') AS upheld, sum(decision = 'Overturned') AS overturned, sum(decision NOT IN ('Upheld', 'Overturned')) AS other";

/** `imr/lettersSummary`: totals, and items per MAXIMUS guideline, section, specialty and month. */
export function lettersSummary(db: LibraryDb, filter: LettersFilter | undefined): LettersSummary {
  if (!filter || Object.values(filter).every((v) => v === undefined)) return wholeLibrarySummary(db);
  const { cte, items } = matched(filter);
  // The items shown, once, in a table of this connection's own (each figure below reads them).
  db.db.exec('DROP TABLE IF EXISTS temp.si');
  db.prepare(
    `CREATE TEMP TABLE si AS WITH ${cte.sql} SELECT i.id AS id, i.decision AS decision, m.id AS letter_id, m.file_id AS file_id,
      m.specialty AS specialty, m.month AS month FROM m JOIN items i ON i.letter_id = m.id${items ? ` WHERE ${items.sql}` : ''}`,
  ).run(...cte.args, ...(items?.args ?? []));
  db.db.exec('CREATE INDEX temp.si_id ON si(id)');
  try {
    const all = <T>(sql: string) => db.prepare(sql).all() as T[];
    const t = db.prepare(`SELECT count(*) AS items, count(DISTINCT letter_id) AS letters, count(DISTINCT file_id) AS files, ${COUNTS} FROM si`).get() as {
      items: number;
      letters: number;
      files: number;
      upheld: number;
      overturned: number;
      other: number;
    };
    const cited = (column: string) =>
      all<Counted>(
        `SELECT label, ${COUNTS} FROM (SELECT DISTINCT si.id, si.decision, c.${column} AS label FROM si
          JOIN citations c ON c.item_id = si.id AND c.side = ${MAXIMUS} WHERE c.${column} IS NOT NULL) GROUP BY label`,
      );
    return summaryOf(
      { letters: t.letters, items: t.items, upheld: t.upheld ?? 0, overturned: t.overturned ?? 0, other: t.other ?? 0, files: t.files },
      {
        guideline: cited('guideline'),
        section: cited('section'),
        specialty: all<Counted>(`SELECT specialty AS label, ${COUNTS} FROM si GROUP BY specialty`),
        month: all<Counted>(`SELECT month AS label, ${COUNTS} FROM si WHERE month IS NOT NULL GROUP BY month`),
      },
    );
  } finally {
    db.db.exec('DROP TABLE IF EXISTS temp.si');
  }
}

/**
 * The summary of every letter, from covering indexes only (citations_guideline, citations_section,
 * letters_facets with items_letter): the table of the shown items the filtered summary builds
 * costs seconds at 100,000 letters. The same figures as that path with an empty filter.
 */
function wholeLibrarySummary(db: LibraryDb): LettersSummary {
  const facets = db.indexedBy('letters_facets');
  const letters = db.prepare(`SELECT count(*) AS letters, count(DISTINCT file_id) AS files FROM letters ${facets} WHERE items > 0`).get() as {
    letters: number;
    files: number;
  };
  const t = db.prepare(`SELECT count(*) AS items, ${COUNTS} FROM items`).get() as {
    items: number;
    upheld: number | null;
    overturned: number | null;
    other: number | null;
  };
  /** Rows of (label, decision, count) folded into one row of counts per label, in the order met. */
  const fold = (rows: { label: string | null; decision: string; n: number }[]): Counted[] => {
    const byLabel = new Map<string | null, Counted>();
    for (const r of rows) {
      let c = byLabel.get(r.label);
      if (!c) byLabel.set(r.label, (c = { label: r.label, upheld: 0, overturned: 0, other: 0 }));
      if (r.decision === 'Upheld') c.upheld += r.n;
      else if (r.decision === 'Overturned') c.overturned += r.n;
      else c.other += r.n;
    }
    return [...byLabel.values()];
  };
  const cited = (column: 'guideline' | 'section') =>
    fold(
      db
        .prepare(
          `SELECT ${column} AS label, decision, count(DISTINCT item_id) AS n FROM citations ${db.indexedBy(`citations_${column}`)}
           WHERE side = ${MAXIMUS} AND ${column} IS NOT NULL GROUP BY ${column}, decision`,
        )
        .all() as { label: string; decision: string; n: number }[],
    );
  // One pass over the letters and their items' decisions gives both the specialty and the month
  // figures. A letter all upheld (or all overturned: letterFacets.ts letterOutcome) has every item
  // so, and its item count is in the index: only the others' items are read (at 100,000 letters,
  // 8% of them; 172 ms to 59 ms).
  const byLetter = db
    .prepare(
      `SELECT specialty, substr(decision_date, 1, 7) AS month, CASE outcome WHEN 'upheld' THEN 'Upheld' ELSE 'Overturned' END AS decision,
         sum(items) AS n FROM letters ${facets} WHERE outcome IN ('upheld', 'overturned') GROUP BY 1, 2, 3
       UNION ALL
       SELECT l.specialty, substr(l.decision_date, 1, 7), i.decision, count(*) FROM letters l ${facets}
         JOIN items i ON i.letter_id = l.id WHERE l.outcome NOT IN ('upheld', 'overturned') GROUP BY 1, 2, 3`,
    )
    .all() as { specialty: string | null; month: string | null; decision: string; n: number }[];
  return summaryOf(
    { letters: letters.letters, items: t.items, upheld: t.upheld ?? 0, overturned: t.overturned ?? 0, other: t.other ?? 0, files: letters.files },
    {
      guideline: cited('guideline'),
      section: cited('section'),
      specialty: fold(byLetter.map((r) => ({ label: r.specialty, decision: r.decision, n: r.n }))),
      month: fold(byLetter.filter((r) => r.month !== null).map((r) => ({ label: r.month, decision: r.decision, n: r.n }))),
    },
  );
}

/** The summary from its totals and each chart's counts per label (a row's filter lists its letters; no specialty: "(not stated)"). */
function summaryOf(totals: LettersSummary['totals'], counted: Record<'guideline' | 'section' | 'specialty' | 'month', Counted[]>): LettersSummary {
  const row = (r: Counted, label: string, rowFilter: LettersFilter): LettersSummaryRow => ({
    label,
    upheld: r.upheld,
    overturned: r.overturned,
    other: r.other,
    filter: rowFilter,
  });
  return {
    totals,
    charts: sortedCharts({
      guideline: counted.guideline.map((r) => row(r, r.label!, { guideline: r.label! })),
      section: counted.section.map((r) => row(r, r.label!, { section: r.label! })),
      specialty: counted.specialty.map((r) => (r.label ? row(r, r.label, { specialty: r.label }) : row(r, '(not stated)', {}))),
      month: counted.month.map((r) => row(r, r.label!, { month: r.label! })),
    }),
  };
}

/** How the items passing a filter were decided (`other`: no valid decision). */
export interface DecisionCounts {
  upheld: number;
  overturned: number;
  other: number;
}

/** How the items passing a filter were decided: one answer per filter (the similar requests of a document's items, in one message). */
export function decisionCounts(db: LibraryDb, filters: readonly LettersFilter[]): DecisionCounts[] {
  return filters.map((filter) => {
    const topic = topicCounts(db, filter);
    if (topic) return topic;
    const items = itemCondition(filter);
    const letters = letterCondition(filter);
    // From the items, through the covering index items_request, and the letters only for a
    // letter-level facet: no row of a letter (its summary is large) is read.
    const from = `items i${letters.args.length > 0 ? ' JOIN letters l ON l.id = i.letter_id' : ''}`;
    const sql = `SELECT ${COUNTS} FROM ${from} WHERE ${items?.sql ?? '1'}${letters.args.length > 0 ? ` AND ${letters.sql}` : ''}`;
    const r = db.prepare(sql).get(...(items?.args ?? []), ...letters.args) as { upheld: number | null; overturned: number | null; other: number | null };
    return { upheld: r.upheld ?? 0, overturned: r.overturned ?? 0, other: r.other ?? 0 };
  });
}

/**
 * A filter of a MAXIMUS guideline and section only (the similar requests of an item by its topic):
 * counted from citations_topic alone, each item once, its own letter's items left out. A popular
 * topic has a quarter of a library's items; reading each item's row for its decision cost 14 ms at
 * 100,000 letters, the index 5 ms. Null for any other filter.
 */
function topicCounts(db: LibraryDb, filter: LettersFilter): DecisionCounts | null {
  const { guideline, section, exclude, ...rest } = filter;
  if (guideline === undefined || section === undefined || Object.values(rest).some((v) => v !== undefined)) return null;
  const args: Args = [guideline, section.toLowerCase()];
  let own = '';
  const excluded = exclude ? /^(.*)#(\d+)$/.exec(exclude) : null;
  if (excluded) {
    own =
      ' AND c.item_id NOT IN (SELECT i.id FROM items i JOIN letters x ON x.id = i.letter_id JOIN files f ON f.id = x.file_id WHERE f.uri = ? AND x.letter = ?)';
    args.push(excluded[1], Number(excluded[2]));
  }
  const rows = db
    .prepare(
      `SELECT c.decision AS decision, count(DISTINCT c.item_id) AS n FROM citations c ${db.indexedBy('citations_topic')}
       WHERE c.side = ${MAXIMUS} AND c.guideline = ? AND lower(c.section) = ?${own} GROUP BY c.decision`,
    )
    .all(...args) as { decision: string | null; n: number }[];
  const counts: DecisionCounts = { upheld: 0, overturned: 0, other: 0 };
  for (const r of rows) {
    if (r.decision === 'Upheld') counts.upheld += r.n;
    else if (r.decision === 'Overturned') counts.overturned += r.n;
    else counts.other += r.n;
  }
  return counts;
}

/** The URIs of the files with letters, in path order. */
export function letterFileUris(db: LibraryDb): string[] {
  return (db.prepare('SELECT uri FROM files f WHERE EXISTS (SELECT 1 FROM letters l WHERE l.file_id = f.id) ORDER BY key').all() as { uri: string }[]).map(
    (r) => r.uri,
  );
}

export function letterCount(db: LibraryDb): number {
  return (db.prepare('SELECT count(*) AS n FROM letters').get() as { n: number }).n;
}
