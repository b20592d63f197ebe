// Human-readable report. Problem lines are `file:line:col: severity message [code]`, the
// shape the `$imr-check` problem matcher reads (package.json), so keep them on one line.
import type { FileReport } from '../report';
import { type Formatter, skippedLine } from './format';

export function textFile(r: FileReport): string {
  const lines = [r.path];
  if (r.items.length === 0 && r.letters.length <= 1) lines.push('  (no disputed items)');
  r.letters.forEach((l, k) => {
    // Each letter by its case number: in a batch, that is how a reader finds it.
    const which = r.letters.length > 1 ? `Letter ${k + 1} of ${r.letters.length}` : 'Letter';
    lines.push(`  ${which}: ${l.header.caseNumber ?? '(no case number)'}`);
    if (l.itemIndexes.length === 0 && r.letters.length > 1) lines.push('    (no disputed items)');
    for (const i of l.itemIndexes) lines.push(`    ${r.items[i].decision.padEnd(10)} ${r.items[i].name || '(unnamed item)'}`);
  });
  if (r.diagnostics.length === 0) lines.push('  no problems');
  for (const d of r.diagnostics)
    lines.push(`  ${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${oneLine(d.message)} [${d.code}]`);
  return lines.join('\n');
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

export const textFormat: Formatter = {
  head: () => '',
  file: textFile,
  separator: '',
  tail: (s) => `${s.files} file(s) checked, ${s.items} item(s), ${s.errors} error(s)${s.skipped > 0 ? `; ${skippedLine(s.skipped)}` : ''}`,
};
