// CSV (RFC 4180, CRLF line ends, a header row): one row per disputed item, for spreadsheets.
//
// - A letter without items still gets a row (empty `item`), so every file is visible.
// - `problems`: codes of the problems inside the item (space-separated, each once);
//   `letterProblems`: codes of the letter's problems outside any item (missing section...).
// - Spreadsheet formula injection: a value starting with = + - @ (or a tab / carriage return)
//   gets a leading ' so that Excel, LibreOffice and Sheets show it as text instead of running
//   it (OWASP "CSV injection"). A letter is outside input: it could hold `=HYPERLINK(...)`.
import { type FileReport, inRange } from '../report';
import type { Formatter } from './format';

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
  'problems',
  'letterProblems',
] as const;

/** One CSV field: neutralised against formulas, then quoted when it must be. */
export function csvField(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const row = (values: readonly string[]) => values.map(csvField).join(',');
const codes = (list: string[]) => [...new Set(list)].join(' ');

export function csvRows(r: FileReport): string[] {
  const rows: string[] = [];
  const inItem = (d: FileReport['diagnostics'][number]) => r.items.some((i) => inRange(d.range.start, i.range));
  const letters = r.letters.length > 0 ? r.letters : [null];
  letters.forEach((l, k) => {
    const inLetter = (d: FileReport['diagnostics'][number]) => !l || r.letters.length === 1 || inRange(d.range.start, l.range);
    const letterProblems = codes(r.diagnostics.filter((d) => inLetter(d) && !inItem(d)).map((d) => d.code));
    const base = [r.path, l ? String(k + 1) : '', l?.header.caseNumber ?? '', l?.header.decisionDate ?? '', l?.header.dateOfInjury ?? '', l?.header.urDenialDate ?? '', l?.reviewer.specialty ?? ''];
    const items = l ? l.itemIndexes : r.items.map((_, n) => n);
    if (items.length === 0) rows.push(row([...base, '', '', '', '', '', '', letterProblems]));
    for (const n of items) {
      const i = r.items[n];
      const problems = codes(r.diagnostics.filter((d) => inRange(d.range.start, i.range)).map((d) => d.code));
      rows.push(row([...base, i.name, i.decision, i.fields.claimsAdministratorGuideline?.text ?? '', i.fields.maximusGuideline?.text ?? '', i.requestedVisits ?? '', problems, letterProblems]));
    }
  });
  return rows;
}

export const csvFormat: Formatter = {
  head: () => `${CSV_COLUMNS.join(',')}\r`,
  file: (r) => csvRows(r).join('\r\n') + '\r',
  separator: '',
  tail: () => '',
};
