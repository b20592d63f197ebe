// `imr-check --format csv`: the project's CSV (csv/csv.ts: columns, quoting, formula guard),
// one row per disputed item of each letter: the rows of the editor's export (`letterRows` of
// the letter library's summaries), so both write the same cells for the same letter. A file
// without items still gets a row, so every file checked is in the output.
import { CSV_HEADER, type CsvRow, csvLine, letterRows } from '../../csv/csv';
import type { FileReport } from '../report';
import type { Formatter } from './format';

export { CSV_COLUMNS, csvField } from '../../csv/csv';

export function csvRows(r: FileReport): CsvRow[] {
  const rows = letterRows(r.summaries ?? [], () => r.path);
  if (rows.length > 0) return rows;
  const problems = [...new Set(r.diagnostics.map((d) => d.code))].join(' ');
  const empty = {
    letter: '',
    caseNumber: '',
    decisionDate: '',
    dateOfInjury: '',
    urDenialDate: '',
    specialty: '',
    item: '',
    decision: '',
    claimsAdministratorGuideline: '',
    maximusGuideline: '',
    requestedVisits: '',
    page: '',
    problems: '',
  };
  return [{ ...empty, file: r.path, letterProblems: problems }];
}

export const csvFormat: Formatter = {
  head: () => `${CSV_HEADER}\r`,
  file: (r) => csvRows(r).map(csvLine).join('\r\n') + '\r',
  separator: '',
  tail: () => '',
};
