// Hostile PDFs (issue 25): each gets a clear answer from the reader within its time limit, its
// memory stays within PDFium's bound, and the next read works. Every file is generated here
// (test/helpers/pdfWriter.ts); none is committed.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { endIdleReaders, readPdfText } from '../../../server/src/pdf/reader';
import { parseDetermination } from '../../../server/src/parse/parser';
import { sampleLetters } from '../../helpers/corpus';
import { deepArrays, flateBomb, javaScriptOpenAction, letterPages, makePdf, manyRuns } from '../../helpers/pdfWriter';

after(() => endIdleReaders());

const seed = sampleLetters()[0];
const seedPages = letterPages(seed.text);
const OUT_OF_MEMORY = "too large: a stream decodes to more than the PDF reader's 128 MB, or a page holds millions of objects";
const items = (text: string) => parseDetermination(text).items.map((i) => [i.name.text, i.decision.kind]);

/** The reader's answer, and that the next read of a letter still works (the worker was replaced or kept sound). */
async function answer(pdf: Uint8Array): Promise<{ ok: true; text: string; pages: number } | { ok: false; reason: string }> {
  const r = await readPdfText(pdf);
  const next = await readPdfText(makePdf(seedPages));
  assert.ok(next.ok, !next.ok ? `the next read failed: ${next.reason}` : '');
  assert.deepEqual(items(next.text), items(seed.text));
  return r;
}

const reasonOf = async (pdf: Uint8Array) => {
  const r = await answer(pdf);
  assert.equal(r.ok, false, 'must be refused');
  return (r as { reason: string }).reason;
};

describe('hostile PDFs: a clear answer each, within the limits', () => {
  test('a flate bomb (300 KB inflating to 300 MB) is refused for its size, not as "no text layer"', { timeout: 20_000 }, async () => {
    const bomb = makePdf([flateBomb(300), ...seedPages]);
    assert.ok(bomb.length < 400_000, `${bomb.length} bytes`);
    assert.equal(await reasonOf(bomb), OUT_OF_MEMORY);
  });
  test('a flate bomb on a later page is refused too: no letter is read in part', { timeout: 20_000 }, async () => {
    assert.equal(await reasonOf(makePdf([...seedPages, flateBomb(200)])), OUT_OF_MEMORY);
  });
  test('two million one-letter text runs on one page', { timeout: 20_000 }, async () => {
    assert.equal(await reasonOf(makePdf([manyRuns(2_000_000)])), OUT_OF_MEMORY);
  });
  test('a page with more characters than a letter could hold, within the memory bound', { timeout: 20_000 }, async () => {
    assert.equal(await reasonOf(makePdf([manyRuns(150_000)])), 'too large: page 1 holds 150000 characters (limit 100000)');
  });
  test('a page tree that loops: the pages it reaches are counted once, the loop is a corrupt page', { timeout: 20_000 }, async () => {
    assert.equal(
      await reasonOf(makePdf(seedPages, { loopingPageTree: true })),
      `truncated or corrupt PDF (page ${seedPages.length + 1} of ${seedPages.length + 1} cannot be read)`,
    );
  });
  test('arrays nested 200,000 deep in the catalog: the letter is read', { timeout: 20_000 }, async () => {
    const r = await answer(makePdf(seedPages, { catalogExtra: deepArrays(200_000) }));
    assert.ok(r.ok, !r.ok ? r.reason : '');
    assert.deepEqual(items(r.text), items(seed.text));
  });
  test('a JavaScript open action is ignored: the letter is read', { timeout: 20_000 }, async () => {
    const r = await answer(makePdf(seedPages, { catalogExtra: javaScriptOpenAction }));
    assert.ok(r.ok, !r.ok ? r.reason : '');
    assert.deepEqual(items(r.text), items(seed.text));
  });
  test('a file over a quarter of the memory bound is refused before it is read', { timeout: 20_000 }, async () => {
    const big = makePdf(seedPages, { catalogExtra: `/Junk <${'ab'.repeat(4 * 1024 * 1024)}>` });
    const small = await readPdfText(big, { maxMemoryMB: 24 });
    assert.equal(small.ok ? 'read' : small.reason, 'too large: 8 MB (limit 6 MB)');
    const r = await answer(big);
    assert.ok(r.ok, !r.ok ? r.reason : '');
  });
  test('800 pages: over the page limit', { timeout: 20_000 }, async () => {
    const pages = Array.from({ length: 800 }, (_, i) => ({ lines: [`Page ${i + 1} of an exhibit`] }));
    assert.equal(await reasonOf(makePdf(pages)), 'too large: 800 pages (limit 500)');
  });
});
