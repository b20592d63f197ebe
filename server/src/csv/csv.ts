// The one CSV of the project (RFC 4180, CRLF line ends, a header row), one row per disputed
// item: written by `imr-check --format csv` (cli/formats/csv.ts, from its file reports) and by
// `IMR: Export Letters as CSV` (from `imr/letters`, letterRows below). Same columns, same quoting.
//
// - A letter without items still gets a row (empty `item`), so every file is visible.
// - A guideline cell says `none cited` when the field says nothing was cited ("did not cite any
//   medical evidence"); it is empty when the field is missing.
// - `file`: imr-check writes the path as given (relative to the current folder when inside it);
//   the editor's export relative to the workspace folder.
// - `problems`: codes of the problems inside the item (space-separated, each once);
//   `letterProblems`: codes of the letter's problems outside any item (missing section...).
// - Spreadsheet formula injection: a value starting with = + - @ (or a tab / carriage return)
//   gets a leading ' so that Excel, LibreOffice and Sheets show it as text instead of running
//   it (OWASP "CSV injection"). A letter is outside input: it could hold `=HYPERLINK(...)`.
// No imports but types: the client bundles this file.
import type { GuidelineRef, LetterSummary } from '../protocol';

export const CSV_COLUMNS = [
  'file',
  'letter',
  'caseNumber',
  'decisionDate',
  'dateOfInjury',
  'urDenialDate',
  'specialty',
  'item',
  'decision',
  'claimsAdministratorGuideline',
  'maximusGuideline',
  'requestedVisits',
  'page',
  'problems',
  'letterProblems',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type CsvRow = Record<CsvColumn, string>;

/** One CSV field: neutralised against formulas, then quoted when it must be. */
export function csvField(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const CSV_HEADER = CSV_COLUMNS.join(',');

/** One row as a line, without its line end. */
export function csvLine(row: CsvRow): string {
  return CSV_COLUMNS.map((c) => csvField(row[c])).join(',');
}

/** Header line and rows, CRLF line ends. */
export function toCsv(rows: readonly CsvRow[]): string {
  return [CSV_HEADER, ...rows.map(csvLine)].join('\r\n') + '\r\n';
}

/** Codes as a cell: space-separated, each once. */
export const codesCell = (codes: readonly string[] = []): string => [...new Set(codes)].join(' ');

/** What a guideline cell says when the field says nothing was cited (a missing field stays empty). */
export const NONE_CITED = 'none cited';

const URL = /\bhttps?:\/\/[^\s,;|]*[^\s,;|.]/g;

/**
 * `Chronic Pain ... (2009): Physical medicine; pages 98-99`, several joined by ` | `. A URL is
 * written once: a letter citing a web source names it in the source's words and again alone.
 */
export function guidelinesCell(refs: readonly GuidelineRef[] = [], noneCited = false): string {
  if (refs.length === 0) return noneCited ? NONE_CITED : '';
  const urls = new Set<string>();
  return (
    refs
      .map((r) => {
        const parts = [(r.sections ?? []).join(', '), r.pages?.length ? `pages ${r.pages.join(', ')}` : ''].filter(Boolean);
        return parts.length ? `${r.guideline}: ${parts.join('; ')}` : r.guideline;
      })
      .map((cell) =>
        cell
          .replace(URL, (url) => (urls.has(url) ? '' : (urls.add(url), url)))
          .replace(/(?:\s*,)+\s*$|^\s*(?:,\s*)+/g, '')
          .replace(/\s*,(?:\s*,)+/g, ',')
          .trim(),
      )
      // A part that was nothing but repeated URLs is left out, with what punctuation it had.
      .map((cell) => (/[\p{L}\p{N}]/u.test(cell) ? cell : ''))
      .filter(Boolean)
      .join(' | ')
  );
}

/** The export's rows: one per item of each letter; `file` is what `fileOf` makes of the letter's uri. */
export function letterRows(letters: readonly LetterSummary[], fileOf: (uri: string) => string = (u) => u): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const l of letters) {
    const base = {
      file: fileOf(l.uri),
      letter: String(l.letter),
      caseNumber: l.caseNumber ?? '',
      decisionDate: l.decisionDate ?? '',
      dateOfInjury: l.dateOfInjury ?? '',
      urDenialDate: l.urDenialDate ?? '',
      specialty: l.specialty ?? '',
      letterProblems: codesCell(l.problems),
    };
    for (const item of l.items) {
      rows.push({
        ...base,
        item: item.name,
        decision: item.decision,
        claimsAdministratorGuideline: guidelinesCell(item.claimsAdministratorGuidelines, item.claimsAdministratorNoneCited),
        maximusGuideline: guidelinesCell(item.maximusGuidelines, item.maximusNoneCited),
        requestedVisits: item.requestedVisits === undefined ? '' : String(item.requestedVisits),
        page: String(item.page ?? 1),
        problems: codesCell(item.problems),
      });
    }
  }
  return rows;
}

/** Reads back what `toCsv` wrote (quoted cells, doubled quotes, line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') cell += text[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endCell();
      rows.push(row);
      row = [];
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}
