// The bytes every measurement runs on: the real letters in ../shared/corpus (IMR_CORPUS_DIR
// overrides), a 5 MB document of letters concatenated, a typical letter, and a folder of
// 10,000 letters for the command line. Generated files live in the git-ignored
// bench/.generated/ (the 2016-2017 letters must never be committed).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const GENERATED_DIR = path.join(REPO_ROOT, 'bench', '.generated');
export const CORPUS_DIR = path.resolve(process.env.IMR_CORPUS_DIR ?? path.join(REPO_ROOT, '..', 'shared', 'corpus'));

/** One mebibyte: the unit of `imr.maxFileSizeMB`, and of every MB in the report. */
export const MB = 1024 * 1024;
export const BIG_DOC_BYTES = 5 * MB;

export interface Letter {
  id: string;
  path: string;
  text: string;
  bytes: number;
}

export interface Corpus {
  /** Where the letters came from (the corpus, or the seed samples when it is absent). */
  source: string;
  letters: Letter[];
  bytes: number;
  /** The 2016-2017 `text` extraction of median size: a typical multi-page letter. */
  typical: Letter;
  /** Complete letters concatenated (in corpus order, repeated) up to at least 5 MB. */
  big: { text: string; bytes: number; letters: number };
}

function letterFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...letterFiles(path.join(dir, e.name), rel));
    else if (/\.(txt|imr)$/i.test(e.name)) out.push(rel);
  }
  return out;
}

export function loadCorpus(): Corpus {
  let root = CORPUS_DIR;
  let source = path.relative(REPO_ROOT, CORPUS_DIR) || CORPUS_DIR;
  if (!existsSync(path.join(CORPUS_DIR, '2016-2017'))) {
    root = path.join(REPO_ROOT, 'samples');
    source = `samples/ (corpus not found at ${CORPUS_DIR}; set IMR_CORPUS_DIR)`;
    process.stderr.write(`\n*** corpus not found at ${CORPUS_DIR}: benchmarking the seed samples instead ***\n\n`);
  }
  const letters = letterFiles(root).map((id) => {
    const p = path.join(root, id);
    const text = readFileSync(p, 'utf8');
    return { id, path: p, text, bytes: Buffer.byteLength(text, 'utf8') };
  });
  if (letters.length === 0) throw new Error(`no letters under ${root}`);
  const bytes = letters.reduce((n, l) => n + l.bytes, 0);

  const texts = letters.filter((l) => l.id.startsWith('2016-2017/text/'));
  const pool = (texts.length > 0 ? texts : letters).slice().sort((a, b) => a.bytes - b.bytes);
  const typical = pool[Math.floor(pool.length / 2)];

  // Complete letters only: the 2013 notice fragment is truncated mid-word, and a document
  // that begins with it is read as that one notice with everything after it as its last section.
  const complete = letters.filter((l) => !l.id.startsWith('2013-notice/'));
  const parts: string[] = [];
  let bigBytes = 0;
  for (let i = 0; bigBytes < BIG_DOC_BYTES; i++) {
    const l = complete[i % complete.length];
    parts.push(l.text);
    bigBytes += l.bytes + 1;
  }
  const bigText = parts.join('\n');
  return { source, letters, bytes, typical, big: { text: bigText, bytes: Buffer.byteLength(bigText, 'utf8'), letters: parts.length } };
}

/**
 * A folder of `count` letters made by repeating the corpus, reused between runs when it is
 * already complete for the same corpus.
 */
/**
 * `distinctCases`: each copy gets a case number of its own (`CM99-` and its number, the same
 * length as the one it replaces), as an archive of 100,000 decisions has (issue 23).
 */
export function generateLetterFolder(corpus: Corpus, count: number, distinctCases = false): { dir: string; bytes: number; reused: boolean } {
  const dir = path.join(GENERATED_DIR, distinctCases ? `letters-distinct-${count}` : `letters-${count}`);
  const stampPath = path.join(dir, '.complete');
  const bytes = Array.from({ length: count }, (_, i) => corpus.letters[i % corpus.letters.length].bytes).reduce((a, b) => a + b, 0);
  const stamp = JSON.stringify({ source: corpus.source, count, bytes, distinctCases });
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return { dir, bytes, reused: true };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const width = String(count - 1).length;
  for (let i = 0; i < count; i++) {
    const l = corpus.letters[i % corpus.letters.length];
    const text = distinctCases ? l.text.replace(/\bCM\d{2}-\d{7}\b/g, `CM99-${String(i).padStart(7, '0')}`) : l.text;
    writeFileSync(path.join(dir, `${String(i).padStart(width, '0')}.txt`), text);
  }
  writeFileSync(stampPath, stamp);
  return { dir, bytes, reused: false };
}
