// The workspace index reads letter files as imr-check does (util/decodeText.ts): a letter a
// Windows tool saved as UTF-16, or UTF-8 with a byte-order mark, is indexed like any other.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { summarizeFile } from '../../../server/src/workspace/fileSummary';
import { createNodeFileSystem } from '../../../server/src/workspace/nodeFileSystem';
import { syntheticLetter } from '../../helpers/cli';
import { summariesOf } from '../../helpers/records';

const text = syntheticLetter('CM99-0000081', ['Acupuncture x 6 – “left” knee']);
const encodings: [string, Buffer][] = [
  ['utf8.txt', Buffer.from(text, 'utf8')],
  ['utf8-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
  ['utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
];

describe('the index reads UTF-16 and UTF-8 with a byte-order mark', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'imr-nodefs-'));
    for (const [name, bytes] of encodings) writeFileSync(path.join(dir, name), bytes);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('readFile (workspace symbols) gives the text', async () => {
    const fs = createNodeFileSystem();
    for (const [name] of encodings) assert.equal(await fs.readFile(path.join(dir, name)), text, name);
  });

  test('summarizeFile (the letter library) finds the letter and its item', () => {
    for (const [name] of encodings) {
      const p = path.join(dir, name);
      const r = summarizeFile({ path: p, uri: pathToFileURL(p).href, maxBytes: 1 << 20 }, { rules: {}, knowledgeBaseFile: '' });
      assert.ok(r.ok, name);
      assert.deepEqual(
        r.ok && summariesOf(r.letters, pathToFileURL(p).href).map((l) => [l.caseNumber, l.items.map((i) => i.name)]),
        [['CM99-0000081', ['Acupuncture x 6 – “left” knee']]],
        name,
      );
    }
  });
});
