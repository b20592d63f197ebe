// A letter library's rows as a person would compare two libraries: every letter, item, citation
// and problem by file (folder and relative path), letter and position, without the row ids.
import { sqlite } from '../../server/src/util/sqlite';

export function libraryRows(file: string): { letters: unknown[]; items: unknown[]; citations: unknown[]; problems: unknown[] } {
  const db = new (sqlite().DatabaseSync)(file, { readOnly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    return {
      letters: all(
        `SELECT l.folder, l.file, l.letter, l.case_number, l.decision_date, l.date_of_injury, l.ur_denial_date, l.date_assigned, l.specialty, l.outcome, l.summary, f.size, f.mtime
         FROM letters l JOIN files f ON f.id = l.file_id ORDER BY l.folder, l.file, l.letter`,
      ),
      items: all(
        `SELECT l.folder, l.file, l.letter, i.* FROM items i JOIN letters l ON l.id = i.letter_id ORDER BY l.folder, l.file, l.letter, i.position`,
      ).map(({ id: _id, letter_id: _l, ...rest }: Record<string, unknown>) => rest),
      citations: all(
        `SELECT l.folder, l.file, l.letter, i.position, c.side, c.guideline, c.mtus, c.section, c.pages, c.decision FROM citations c
         JOIN items i ON i.id = c.item_id JOIN letters l ON l.id = i.letter_id ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`,
      ),
      problems: all(
        `SELECT l.folder, l.file, l.letter, i.position, p.code, p.severity FROM problems p
         JOIN letters l ON l.id = p.letter_id LEFT JOIN items i ON i.id = p.item_id ORDER BY 1, 2, 3, 4, 5`,
      ),
    };
  } finally {
    db.close();
  }
}
