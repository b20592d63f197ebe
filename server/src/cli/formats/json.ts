// One JSON document: {"files":[...]}. Streamed file by file (the array is written as it
// grows), so it stays valid JSON without holding every report.
import { toJson } from '../report';
import type { Formatter } from './format';

const indent = (s: string, by: string) => s.replace(/\n/g, `\n${by}`);

export const jsonFormat: Formatter = {
  head: () => '{\n  "files": [',
  file: (r) => `    ${indent(JSON.stringify(toJson(r), null, 2), '    ')}`,
  separator: ',',
  tail: () => '  ]\n}',
};
