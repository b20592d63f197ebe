import type { Format } from '../args';
import { csvFormat } from './csv';
import type { Formatter } from './format';
import { jsonFormat } from './json';
import { ndjsonFormat } from './ndjson';
import { sarifFormat } from './sarif';
import { textFormat } from './text';

export const FORMATTERS: Record<Format, Formatter> = { text: textFormat, json: jsonFormat, ndjson: ndjsonFormat, csv: csvFormat, sarif: sarifFormat };
