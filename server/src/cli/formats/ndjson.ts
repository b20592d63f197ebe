// Newline-delimited JSON: one line per input file, in input order, each written as soon as it
// is known. Shard outputs combine by concatenation (docs/cli.md).
import { toJson } from '../report';
import type { Formatter } from './format';

export const ndjsonFormat: Formatter = {
  head: () => '',
  // JSON.stringify escapes line breaks inside strings, so one file is one line.
  file: (r) => JSON.stringify(toJson(r)),
  separator: '',
  tail: () => '',
};
