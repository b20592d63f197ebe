// Where the real letters are. The 2016-2017 letters and the 2013 fragment are not in the
// repository (publication terms): tests read them from ../shared/corpus beside the clone,
// or from IMR_CORPUS_DIR, and say loudly when they are not there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HeaderKey } from '../../server/src/model/types';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CORPUS_DIR = path.resolve(process.env.IMR_CORPUS_DIR ?? path.join(REPO_ROOT, '..', 'shared', 'corpus'));
export const CORPUS_PRESENT = existsSync(path.join(CORPUS_DIR, '2016-2017', 'index.tsv'));
export const CORPUS_ABSENT_MESSAGE = `corpus not found at ${CORPUS_DIR} (set IMR_CORPUS_DIR): the real-letter cases did not run`;

if (!CORPUS_PRESENT) process.stderr.write(`\n*** ${CORPUS_ABSENT_MESSAGE} ***\n\n`);

export interface Letter {
  /** e.g. `2016-2017/layout/001.txt` */
  id: string;
  path: string;
  layout: '2014-2015' | 'text' | 'layout' | 'raw' | '2013-notice' | 'sample';
  text: string;
}

export const EXTRACTIONS = ['text', 'layout', 'raw'] as const;

/** The five seed letters shipped in samples/ (always present). */
export function sampleLetters(): Letter[] {
  const dir = path.join(REPO_ROOT, 'samples');
  return readdirSync(dir)
    .filter((f) => /\.(txt|imr)$/.test(f) && !f.startsWith('draft'))
    .sort()
    .map((f) => ({ id: `samples/${f}`, path: path.join(dir, f), layout: 'sample' as const, text: readFileSync(path.join(dir, f), 'utf8') }));
}

/** Every finished letter of the corpus (all layouts and extractions), without the 2013 fragment. */
export function corpusLetters(): Letter[] {
  if (!CORPUS_PRESENT) return [];
  const out: Letter[] = [];
  const seedDir = path.join(CORPUS_DIR, '2014-2015');
  for (const f of readdirSync(seedDir).sort()) out.push(read(`2014-2015/${f}`, '2014-2015'));
  for (const ext of EXTRACTIONS) {
    for (const f of readdirSync(path.join(CORPUS_DIR, '2016-2017', ext)).sort()) out.push(read(`2016-2017/${ext}/${f}`, ext));
  }
  return out;
}

export function noticeFragment(): Letter | null {
  return CORPUS_PRESENT ? read('2013-notice/fragment.txt', '2013-notice') : null;
}

function read(id: string, layout: Letter['layout']): Letter {
  const p = path.join(CORPUS_DIR, id);
  return { id, path: p, layout, text: readFileSync(p, 'utf8') };
}

/** index.tsv's header columns and the model's key for each. */
export const INDEX_HEADER_COLUMNS: Readonly<Record<string, HeaderKey>> = {
  'Case Number': 'caseNumber',
  'Date Assigned': 'dateAssigned',
  'Decision Date': 'decisionDate',
  Priority: 'priority',
  'Date of Injury': 'dateOfInjury',
  'UR Denial Date': 'urDenialDate',
  'Application Received': 'applicationReceived',
};

export interface IndexRow {
  n: string;
  caseNumber: string;
  header: Record<string, string>;
  nItems: number;
  upheld: number;
  overturned: number;
}

export function corpusIndex(): IndexRow[] {
  if (!CORPUS_PRESENT) return [];
  const [head, ...rows] = readFileSync(path.join(CORPUS_DIR, '2016-2017', 'index.tsv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  const col = (name: string) => head.indexOf(name);
  return rows.map((r) => ({
    n: r[col('n')],
    caseNumber: r[col('case')],
    header: Object.fromEntries(Object.keys(INDEX_HEADER_COLUMNS).map((k) => [k, r[col(k)]])),
    nItems: +r[col('n_items')],
    upheld: +r[col('upheld')],
    overturned: +r[col('overturned')],
  }));
}
