// PDFs in the workspace index (server/src/pdf/pdfDocuments.ts with features/workspaceIndex.ts):
// listed with the text letters, their symbols at the read-only view (imr-pdf:), read once, and
// read again only when their size or modification time changes. PDFs made from the seed letters.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createNodeFileSystem } from '../../../server/src/workspace/nodeFileSystem';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { pdfPathOf, pdfReadStats, pdfText } from '../../../server/src/pdf/pdfDocuments';
import { pdfFileUri, pdfViewUri } from '../../../server/src/protocol';
import { sampleLetters } from '../../helpers/corpus';
import { letterPages, makePdf } from '../../helpers/pdfWriter';

const sample = (name: string) => sampleLetters().find((l) => l.id.endsWith(name))!.text;
const dir = mkdtempSync(path.join(tmpdir(), 'imr-pdf-index-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('view URIs', () => {
  test("imr-pdf: is the PDF's path + .txt, both ways", () => {
    assert.equal(pdfViewUri('file:///a/b%20c/001.pdf'), 'imr-pdf:/a/b%20c/001.pdf.txt');
    assert.equal(pdfFileUri('imr-pdf:/a/b%20c/001.pdf.txt'), 'file:///a/b%20c/001.pdf');
    assert.equal(pdfFileUri('imr-pdf:///a/001.pdf.txt'), 'file:///a/001.pdf');
    assert.equal(pdfFileUri(pdfViewUri('file://server/share/x.pdf')!), 'file://server/share/x.pdf');
    assert.equal(pdfViewUri('untitled:Untitled-1'), null);
    assert.equal(pdfPathOf('imr-pdf:/a/b%20c/001.pdf.txt'), path.resolve('/a/b c/001.pdf'));
  });

  test('pdfText of something that is not a file names it', async () => {
    const r = await pdfText('untitled:Untitled-1');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /^untitled:Untitled-1: cannot read PDF: /);
  });
});

describe('PDFs in the workspace index', () => {
  test('indexed with the text letters, at their view, read once, again when size or mtime changes', async () => {
    const pdf = path.join(dir, 'letter.pdf');
    writeFileSync(pdf, makePdf(letterPages(sample('pt-and-acupuncture.txt'))));
    writeFileSync(path.join(dir, 'letter.txt'), sample('physical-therapy-upheld.txt'));
    const index = new WorkspaceIndex(createNodeFileSystem());
    const reads = () => pdfReadStats.indexReads;
    const before = reads();
    index.addRoot(dir);
    await index.ready();
    assert.equal(reads() - before, 1);
    const view = pdfViewUri(pathToFileURL(pdf).href)!;
    const acupuncture = await index.query('acupuncture');
    assert.ok(acupuncture.length >= 1);
    assert.ok(
      acupuncture.every((s) => s.location.uri === view),
      JSON.stringify(acupuncture),
    );
    assert.match(acupuncture[0].containerName ?? '', /letter\.pdf$/);
    assert.ok((await index.query('physical therapy')).some((s) => s.location.uri.endsWith('letter.txt')));

    // A change event with the same size and mtime: not read again.
    index.fileChanged(pathToFileURL(pdf).href);
    await index.ready();
    assert.equal(reads() - before, 1);

    // Another letter in the same file: read again, and its items replace the old ones.
    writeFileSync(pdf, makePdf(letterPages(sample('x-rays-and-pt.txt'))));
    utimesSync(pdf, new Date(), new Date(Date.now() + 5000));
    index.fileChanged(pathToFileURL(pdf).href);
    await index.ready();
    assert.equal(reads() - before, 2);
    assert.equal((await index.query('acupuncture')).filter((s) => s.location.uri === view).length, 0);
    assert.ok((await index.query('')).some((s) => s.location.uri === view));
    index.dispose();
  });

  test('a PDF that cannot be read is left out, and not read again until it changes', async () => {
    const sub = mkdtempSync(path.join(dir, 'bad-'));
    const bad = path.join(sub, 'scan.pdf');
    writeFileSync(bad, makePdf([{ lines: [], painted: true }]));
    const index = new WorkspaceIndex(createNodeFileSystem());
    const before = pdfReadStats.indexReads;
    index.addRoot(sub);
    await index.ready();
    assert.equal(index.stats().files, 0);
    index.fileChanged(pathToFileURL(bad).href);
    await index.ready();
    assert.equal(pdfReadStats.indexReads - before, 1);
    index.dispose();
  });
});
