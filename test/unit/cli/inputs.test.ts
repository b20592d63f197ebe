// What imr-check is given, as a new user gives it, run through the bundled dist/cli.js: a letter
// where a list of paths belongs, quoted globs, files that are not letters, UTF-16 letters, links.
// Standard error names files and reasons, never what the files hold.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, runBundled, syntheticLetter } from '../../helpers/cli';
import { letterPages, makePdf } from '../../helpers/pdfWriter';

const skip = !existsSync(CLI) && 'dist/cli.js not built';
const letterText = syntheticLetter('CM99-0000041');
/** Lines of a file's content that must never reach standard error. */
const contentLines = (text: string) => text.split('\n').filter((l) => l.trim().length > 8);
const assertNoContent = (stderr: string, text: string) => {
  for (const line of contentLines(text)) assert.ok(!stderr.includes(line), `stderr echoes the input: '${line}'`);
};
const json = (out: string) => (JSON.parse(out) as { files: { path: string; items: { name: string }[] }[] }).files;

let dir: string;
const run = (args: string[], input?: string) => runBundled(args, input, dir);
const write = (rel: string, content: string | Uint8Array) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), content);
};

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'imr-cli-inputs-'));
  write('letter.txt', letterText);
  write('letters/2016-a.txt', syntheticLetter('CM99-0000042'));
  write('g/letter.txt', letterText);
  write('g/letters/2016-a.txt', syntheticLetter('CM99-0000042'));
  write('g/letters/2016-b.imr', syntheticLetter('CM99-0000043'));
  write('g/letters/2017-c.txt', syntheticLetter('CM99-0000044'));
  write('g/letters/drafts/2016-d.txt', syntheticLetter('CM99-0000045'));
  write('g/letters/node_modules/2016-e.txt', syntheticLetter('CM99-0000046'));
  write('g/letters/.old/2016-f.txt', syntheticLetter('CM99-0000047'));
  write('g/letters/2016-g.pdf', makePdf(letterPages(syntheticLetter('CM99-0000048'))));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('--files-from given a letter', { skip }, () => {
  test('one line naming the file and what happened, exit 2; none of the letter on standard error', () => {
    const r = run(['--files-from', 'letter.txt']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'imr-check: letter.txt: line 1 is not a path: this looks like a letter, not a list of files\n');
    assertNoContent(r.err, letterText);
  });

  test('the same from standard input', () => {
    const r = run(['--files-from', '-'], `\n${letterText}`);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'imr-check: standard input: line 2 is not a path: this looks like a letter, not a list of files\n');
  });

  test('a PDF or a binary file in its place: said once too', () => {
    write('list.pdf', makePdf(letterPages(letterText)));
    const pdf = run(['--files-from', 'list.pdf']);
    assert.deepEqual([pdf.code, pdf.err], [2, 'imr-check: list.pdf: line 1 is not a path: this looks like a PDF, not a list of files\n']);
    write('list.bin', Buffer.from([0x41, 0x00, 0x42, 0x0a, 0x43]));
    const bin = run(['--files-from', 'list.bin']);
    assert.deepEqual([bin.code, bin.err], [2, 'imr-check: list.bin: line 1 is not a path: this looks like binary content, not a list of files\n']);
  });

  test('a line of the list is a path, never a glob', () => {
    const r = run(['--files-from', '-', '--format', 'json'], 'letters/*.txt\n');
    assert.equal(r.err, "imr-check: cannot read 'letters/*.txt': no such file or folder\n");
    assert.deepEqual(json(r.out), []);
  });

  test('a list of paths with a missing one still names it (a path is not letter text)', () => {
    const r = run(['--files-from', '-', '--format', 'json'], 'letters/2016-a.txt\nletters/gone.txt\n');
    assert.equal(r.code, 2);
    assert.equal(r.err, "imr-check: cannot read 'letters/gone.txt': no such file or folder\n");
    assert.deepEqual(
      json(r.out).map((f) => f.path),
      ['letters/2016-a.txt'],
    );
  });
});

describe('every input error names the file and the reason, never its content', { skip }, () => {
  const cases: [string, string | Uint8Array, RegExp][] = [
    [
      'notes.txt',
      'Meeting notes: call the claims administrator about the MRI.\nBring the file.\n',
      /^imr-check: errors\/notes\.txt: not a determination: no letter heading and no case number near its start$/,
    ],
    ['binary.txt', `Case Number: CM99-0000049\u0000\u0001 secret binary tail`, /^imr-check: skipped 'errors\/binary\.txt': binary content$/],
    ['empty.txt', '', /^imr-check: errors\/empty\.txt: not a determination: the file holds no text$/],
  ];
  for (const [name, content, message] of cases) {
    test(name, () => {
      write(`errors/${name}`, content);
      const r = run([`errors/${name}`]);
      assert.equal(r.code, 2);
      assert.match(r.err.trim(), message);
      if (typeof content === 'string' && content) assertNoContent(r.err, content.split('\u0000')[0]);
    });
  }
});

describe("a letter named as the team's knowledge-base file", { skip }, () => {
  test('the JSON error says where, not what the file holds', () => {
    write('kb/a.txt', letterText);
    write('kb/.imr.json', '{ "knowledgeBaseFile": "a.txt" }');
    const r = run(['kb']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^imr-check: knowledge-base file \(from .*\.imr\.json\): .*a\.txt: is not valid JSON: unexpected character$/m);
    assertNoContent(r.err, letterText);
    assert.ok(!r.err.includes(letterText.slice(0, 10)), 'not even its first characters');
  });
});

describe('quoted globs, as markdownlint-cli2 expands them', { skip }, () => {
  // From the folder holding letters/ and letter.txt only, so that the other tests' files do not count.
  const paths = (args: string[]) => {
    const r = runBundled(['--format', 'json', ...args], undefined, path.join(dir, 'g'));
    assert.equal(r.err, '');
    return json(r.out).map((f) => f.path);
  };

  test("'letters/2016-*.txt': the matching letters, in sorted order", () => {
    assert.deepEqual(paths(['letters/2016-*.txt']), ['letters/2016-a.txt']);
  });

  test("'**/*.txt': every folder but node_modules and dot-folders; '!letters/drafts/**' excludes", () => {
    assert.deepEqual(paths(['**/*.txt']), ['letter.txt', 'letters/2016-a.txt', 'letters/2017-c.txt', 'letters/drafts/2016-d.txt']);
    assert.deepEqual(paths(['**/*.txt', '!letters/drafts/**']), ['letter.txt', 'letters/2016-a.txt', 'letters/2017-c.txt']);
    assert.deepEqual(paths(['letters', '!**/2017-*']), ['letters/2016-a.txt', 'letters/2016-b.imr', 'letters/2016-g.pdf', 'letters/drafts/2016-d.txt']);
  });

  test("'**/*.pdf' and a glob that overlaps another: each real file once", () => {
    assert.deepEqual(paths(['**/*.pdf']), ['letters/2016-g.pdf']);
    assert.deepEqual(paths(['letters/2016-*', 'letters/*.txt']), ['letters/2016-a.txt', 'letters/2016-b.imr', 'letters/2016-g.pdf', 'letters/2017-c.txt']);
  });

  test('a link to a folder is not followed by a glob either', () => {
    symlinkSync(path.join(dir, 'g', 'letters'), path.join(dir, 'g', 'letters-link'));
    try {
      assert.ok(!paths(['**/*.txt']).some((p) => p.startsWith('letters-link')));
    } finally {
      rmSync(path.join(dir, 'g', 'letters-link'));
    }
  });
});

describe('files that are not letters', { skip }, () => {
  before(() => {
    write('mixed/a-letter.txt', syntheticLetter('CM99-0000050'));
    write('mixed/empty.txt', '');
    write('mixed/notes.txt', 'Notes for Monday.\n');
    write('mixed/readme.txt', '# README\nThis folder holds the letters of 2016.\n'.repeat(200));
    // No heading or case number, but an .imr: a letter, checked (with its problems).
    write('mixed/draft.imr', 'Physical therapy x 6: Upheld\n');
    // A letter that lists no item is still a letter.
    write('mixed/no-items.txt', 'Case Number: CM99-0000051\nIMR ISSUES, DECISIONS AND RATIONALES\n');
  });

  test('found in a folder: skipped and counted in the closing line, exit as for the letters', () => {
    const r = run(['mixed']);
    assert.equal(r.err, '');
    assert.equal(r.code, 1, 'draft.imr has errors');
    assert.match(r.out, /^3 file\(s\) checked, \d+ item\(s\), \d+ error\(s\); 3 files skipped: not a determination$/m);
    assert.match(r.out, /^mixed\/draft\.imr$/m);
    assert.match(r.out, /^mixed\/no-items\.txt\n {2}\(no disputed items\)/m);
    assert.doesNotMatch(r.out, /notes\.txt|readme\.txt|empty\.txt/);
  });

  test('--verbose lists them; another format counts them on standard error', () => {
    const r = run(['--verbose', 'mixed']);
    assert.match(r.out, /^skipped mixed\/notes\.txt: not a determination: no letter heading and no case number near its start$/m);
    assert.match(r.out, /^skipped mixed\/empty\.txt: not a determination: the file holds no text$/m);
    assert.match(r.out, /^skipped mixed\/readme\.txt: /m);
    const j = run(['--format', 'json', 'mixed']);
    assert.equal(j.err, 'imr-check: 3 files skipped: not a determination\n');
    assert.equal(json(j.out).length, 3);
  });

  test('named on the command line: a line naming the file and why, exit 2, the others still checked', () => {
    const r = run(['mixed/notes.txt', 'mixed/a-letter.txt']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'imr-check: mixed/notes.txt: not a determination: no letter heading and no case number near its start\n');
    assert.match(r.out, /^1 file\(s\) checked/m);
  });
});

describe('encodings', { skip }, () => {
  const utf16be = (s: string) => {
    const le = Buffer.from(s, 'utf16le');
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    return le;
  };
  test('UTF-16 LE and BE with a byte-order mark, and UTF-8 with one, read as the UTF-8 letter', () => {
    const text = syntheticLetter('CM99-0000052', ['Acupuncture x 6 – “left” knee']);
    write('enc/utf8.txt', text);
    write('enc/utf8-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    write('enc/utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    write('enc/utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]));
    const r = run(['--format', 'json', 'enc']);
    assert.equal(r.err, '');
    const files = json(r.out) as unknown as { path: string; items: unknown; diagnostics: unknown; letters: unknown }[];
    assert.equal(files.length, 4);
    const reference = files.find((f) => f.path === 'enc/utf8.txt')!;
    for (const f of files) assert.deepEqual({ ...f, path: '' }, { ...reference, path: '' }, f.path);
  });
});

describe('links', { skip }, () => {
  test("a dangling link says so; a linked file is reported under the link's path and read once", () => {
    write('links/z-real.txt', syntheticLetter('CM99-0000053'));
    symlinkSync('z-real.txt', path.join(dir, 'links', 'a-link.txt'));
    symlinkSync('gone.txt', path.join(dir, 'links', 'dangling.txt'));
    const r = run(['--format', 'json', 'links']);
    assert.equal(r.code, 2);
    assert.equal(r.err, "imr-check: cannot read 'links/dangling.txt': link to a missing file\n");
    assert.deepEqual(
      json(r.out).map((f) => f.path),
      ['links/a-link.txt'],
    );
    const named = run(['--format', 'json', 'links/a-link.txt', 'links/z-real.txt', 'links/dangling.txt']);
    assert.deepEqual(
      json(named.out).map((f) => f.path),
      ['links/a-link.txt'],
    );
    assert.equal(named.err, "imr-check: cannot read 'links/dangling.txt': link to a missing file\n");
  });
});

describe('printed paths', { skip }, () => {
  test('relative to the current folder when inside it, however named; as given outside it', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'imr-cli-outside-'));
    try {
      writeFileSync(path.join(outside, 'o.txt'), syntheticLetter('CM99-0000054'));
      const r = run(['--format', 'json', path.join(dir, 'letters', '2016-a.txt'), path.join(outside, 'o.txt')]);
      assert.deepEqual(
        json(r.out).map((f) => f.path),
        ['letters/2016-a.txt', path.join(outside, 'o.txt')],
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
