// `imr-check --format csv`: the project's CSV (csv/csv.ts: columns, quoting, formula guard),
// one row per disputed item of each file report; the editor's export writes the same columns.
import { CSV_HEADER, codesCell, type CsvRow, csvLine } from '../../csv/csv';
import { type FileReport, inRange } from '../report';
import type { Formatter } from './format';

export { CSV_COLUMNS, csvField } from '../../csv/csv';

type Diagnostic = FileReport['diagnostics'][number];

export function csvRows(r: FileReport): CsvRow[] {
  const rows: CsvRow[] = [];
  const inItem = (d: Diagnostic) => r.items.some((i) => inRange(d.range.start, i.range));
  const letters = r.letters.length > 0 ? r.letters : [null];
  letters.forEach((l, k) => {
    const inLetter = (d: Diagnostic) => !l || r.letters.length === 1 || inRange(d.range.start, l.range);
    const base = {
      file: r.path,
      letter: l ? String(k + 1) : '',
      caseNumber: l?.header.caseNumber ?? '',
      decisionDate: l?.header.decisionDate ?? '',
      dateOfInjury: l?.header.dateOfInjury ?? '',
      urDenialDate: l?.header.urDenialDate ?? '',
      specialty: l?.reviewer.specialty ?? '',
      letterProblems: codesCell(r.diagnostics.filter((d) => inLetter(d) && !inItem(d)).map((d) => d.code)),
    };
    const empty = { item: '', decision: '', claimsAdministratorGuideline: '', maximusGuideline: '', requestedVisits: '', problems: '' };
    const items = l ? l.itemIndexes : r.items.map((_, n) => n);
    if (items.length === 0) rows.push({ ...base, ...empty });
    for (const n of items) {
      const i = r.items[n];
      rows.push({
        ...base,
        item: i.name,
        decision: i.decision,
        claimsAdministratorGuideline: i.fields.claimsAdministratorGuideline?.text ?? '',
        maximusGuideline: i.fields.maximusGuideline?.text ?? '',
        requestedVisits: i.requestedVisits ?? '',
        problems: codesCell(r.diagnostics.filter((d) => inRange(d.range.start, i.range)).map((d) => d.code)),
      });
    }
  });
  return rows;
}

export const csvFormat: Formatter = {
  head: () => `${CSV_HEADER}\r`,
  file: (r) => csvRows(r).map(csvLine).join('\r\n') + '\r',
  separator: '',
  tail: () => '',
};
