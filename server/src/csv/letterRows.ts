// CSV of the letter library, one row per disputed item: the same columns as
// `imr-check --format csv`, so a spreadsheet reads both the same way.
import type { GuidelineRef, LetterSummary } from '../protocol';

export const LETTER_CSV_COLUMNS = [
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
  'problems',
] as const;

export type LetterCsvColumn = (typeof LETTER_CSV_COLUMNS)[number];
export type LetterCsvRow = Record<LetterCsvColumn, string>;

/** `Chronic Pain ... (2009): Physical medicine; pages 98-99`, several joined by ` | `. */
export function guidelinesCell(refs: GuidelineRef[]): string {
  return refs
    .map((r) => {
      const parts = [r.sections.join(', '), r.pages.length ? `pages ${r.pages.join(', ')}` : ''].filter(Boolean);
      return parts.length ? `${r.guideline}: ${parts.join('; ')}` : r.guideline;
    })
    .join(' | ');
}

/** One row per item; `file` is what `fileOf` makes of the letter's uri (a path, relative when possible). */
export function letterRows(letters: LetterSummary[], fileOf: (uri: string) => string = (u) => u): LetterCsvRow[] {
  const rows: LetterCsvRow[] = [];
  for (const l of letters) {
    for (const item of l.items) {
      rows.push({
        file: fileOf(l.uri),
        letter: String(l.letter),
        caseNumber: l.caseNumber ?? '',
        decisionDate: l.decisionDate ?? '',
        dateOfInjury: l.dateOfInjury ?? '',
        urDenialDate: l.urDenialDate ?? '',
        specialty: l.specialty ?? '',
        item: item.name,
        decision: item.decision,
        claimsAdministratorGuideline: guidelinesCell(item.claimsAdministratorGuidelines),
        maximusGuideline: guidelinesCell(item.maximusGuidelines),
        // Not parsed yet (visits requested / authorized): the column is kept for the CLI's layout.
        requestedVisits: '',
        problems: item.problems.join(' '),
      });
    }
  }
  return rows;
}

/**
 * A cell as RFC 4180 wants it; a value a spreadsheet would run as a formula (= + - @, or a
 * leading tab / carriage return) gets a leading apostrophe first.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Header line and rows, CRLF line ends (RFC 4180). */
export function toCsv(rows: LetterCsvRow[]): string {
  const lines = [LETTER_CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(LETTER_CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Reads back what `toCsv` wrote (quoted cells, doubled quotes, line breaks inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}
