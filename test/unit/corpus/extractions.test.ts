// The same letter from every extraction: the corpus PDFs converted by the tools people use
// (poppler's pdftotext in its three modes, shipped in the corpus; pdfminer's pdf2txt and
// MuPDF's mutool, made here in a temporary folder when the tools are installed) must give the
// same items, names, decisions, fields and header values as the index and the pdftotext text.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseDetermination } from '../../../server/src/parse/parser';
import type { Determination } from '../../../server/src/model/types';
import { CORPUS_ABSENT_MESSAGE, CORPUS_DIR, CORPUS_PRESENT, corpusIndex, INDEX_HEADER_COLUMNS } from '../../helpers/corpus';

const PDF_DIR = path.join(CORPUS_DIR, '2016-2017', 'pdf');
/** [model key, index.tsv column] */
const HEADER_COLUMNS = Object.entries(INDEX_HEADER_COLUMNS).map(([column, key]) => [key, column] as const);

/** Tools quote and hyphenate differently (`electro-` / `myography`): compare letters and digits only. */
const comparable = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** What must agree between extractions of one letter. */
function signature(m: Determination) {
  return {
    header: Object.fromEntries(m.header.filter((h) => h.value).map((h) => [h.key, h.value!.text])),
    items: m.items.map((i) => ({
      name: i.name.text,
      decision: i.decision.kind,
      fields: Object.fromEntries(Object.entries(i.fields).map(([k, f]) => [k, f ? comparable(f.value.text) : null])),
    })),
  };
}

const TOOLS: { name: string; command: string; args: (pdf: string, out: string) => string[] }[] = [
  { name: 'pdfminer', command: 'pdf2txt', args: (pdf, out) => ['-o', out, pdf] },
  { name: 'mutool', command: 'mutool', args: (pdf, out) => ['draw', '-q', '-F', 'txt', '-o', out, pdf] },
];

const hasTool = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Runs one tool over every corpus PDF, on all cores. */
async function extractAll(tool: (typeof TOOLS)[number], pdfs: string[], outDir: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < pdfs.length) {
      const pdf = pdfs[next++];
      const out = path.join(outDir, `${path.basename(pdf, '.pdf')}.txt`);
      await new Promise<void>((resolve, reject) => {
        const child = spawn(tool.command, tool.args(pdf, out), { stdio: 'ignore' });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool.command} ${path.basename(pdf)} exited ${code}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() }, worker));
}

describe('the same letter from every extraction', { skip: CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE }, () => {
  const index = corpusIndex();
  const reference = new Map<string, ReturnType<typeof signature>>();
  const made = mkdtempSync(path.join(tmpdir(), 'imr-extractions-'));
  after(() => rmSync(made, { recursive: true, force: true }));

  before(() => {
    for (const row of index)
      reference.set(row.n, signature(parseDetermination(readFileSync(path.join(CORPUS_DIR, '2016-2017', 'text', `${row.n}.txt`), 'utf8'))));
  });

  test('the pdftotext text agrees with the independent index', () => {
    for (const row of index) {
      const sig = reference.get(row.n)!;
      for (const [key, column] of HEADER_COLUMNS) assert.equal(sig.header[key], row.header[column], `${row.n} ${key}`);
      assert.equal(sig.items.length, row.nItems, `${row.n} items`);
      assert.equal(sig.items.filter((i) => i.decision === 'Upheld').length, row.upheld, `${row.n} upheld`);
      assert.equal(sig.items.filter((i) => i.decision === 'Overturned').length, row.overturned, `${row.n} overturned`);
    }
  });

  const compareFolder = (dir: string, label: string) => {
    let letters = 0;
    for (const row of index) {
      const file = path.join(dir, `${row.n}.txt`);
      assert.ok(existsSync(file), `${label}: ${row.n}.txt missing`);
      assert.deepEqual(signature(parseDetermination(readFileSync(file, 'utf8'))), reference.get(row.n), `${label} ${row.n}`);
      letters++;
    }
    console.log(`# ${label}: ${letters}/${index.length} letters give the same header, items, names, decisions and fields`);
    assert.equal(letters, index.length);
  };

  for (const mode of ['layout', 'raw']) {
    test(`pdftotext -${mode}`, () => compareFolder(path.join(CORPUS_DIR, '2016-2017', mode), `pdftotext -${mode}`));
  }

  for (const tool of TOOLS) {
    const missing = hasTool(tool.command) ? false : `${tool.command} not installed (.ci/run installs it): the ${tool.name} extraction did not run`;
    test(`${tool.name} (${tool.command})`, { skip: missing }, async () => {
      const pdfs = readdirSync(PDF_DIR)
        .filter((f) => f.endsWith('.pdf'))
        .sort()
        .map((f) => path.join(PDF_DIR, f));
      assert.equal(pdfs.length, index.length, 'one PDF per indexed letter');
      const out = path.join(made, tool.name);
      spawnSync('mkdir', ['-p', out]);
      await extractAll(tool, pdfs, out);
      compareFolder(out, tool.name);
    });
  }

  test('a page break anywhere inside a partial authorization keeps the IMR-eligible item as its name', () => {
    let tried = 0;
    for (const mode of ['text', 'layout', 'raw']) {
      const dir = path.join(CORPUS_DIR, '2016-2017', mode);
      for (const file of readdirSync(dir).sort()) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        const items = parseDetermination(text).items;
        items.forEach((item, k) => {
          if (!item.preamble) return;
          // Every line end from the preamble to the name: a bare page break, one padded with blank lines, blank lines alone.
          for (let at = text.indexOf('\n', item.preamble.span.start); at >= 0 && at < item.name.span.end; at = text.indexOf('\n', at + 1)) {
            for (const pageBreak of ['\n\f', '\n\n\f\n', '\n\n\n']) {
              const broken = parseDetermination(text.slice(0, at) + pageBreak + text.slice(at)).items;
              assert.equal(broken.length, items.length, `${mode}/${file}`);
              assert.equal(broken[k].name.text, item.name.text, `${mode}/${file} item ${k + 1}, break ${JSON.stringify(pageBreak)} at ${at}`);
              tried++;
            }
          }
        });
      }
    }
    console.log(`# ${tried} page breaks inside partial-authorization preambles`);
    assert.ok(tried > 300, 'the corpus has partial authorizations to break');
  });
});
