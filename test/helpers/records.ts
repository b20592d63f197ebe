// A file's letter records (workspace/fileSummary.ts LetterRecords) read back as summaries, as the
// library's database would give them: for tests that compare what travelled with the pipeline's own.
import type { LetterSummary } from '../../server/src/protocol';
import type { LetterRecords } from '../../server/src/workspace/fileSummary';

export const summariesOf = (records: LetterRecords, uri: string): LetterSummary[] =>
  records.json.map((j) => ({ uri, ...(JSON.parse(j) as Omit<LetterSummary, 'uri'>) }));
