// How similar requests were decided (issue 26 point 3) on a workspace of real letters: the seed
// letters and the 2016-2017 corpus (pdftotext's default extraction), indexed by the built server.
// For every item of a share of those letters, opened as a user opens them, the hover's counts and
// the resolved code lens's are checked against the letters' own summaries counted here the plain
// way: the other letters' items with the same therapy and body part, or else citing the same
// MAXIMUS guideline section; the letter itself never counted.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { letterRef, similarFilter } from '../../server/src/library/similar';
import { BUNDLED_DEFAULTS, checkText } from '../../server/src/pipeline/checkText';
import { LETTERS_CHANGED_NOTIFICATION, type LetterItemSummary, type LettersFilter, type LetterSummary } from '../../server/src/protocol';
import { CORPUS_ABSENT_MESSAGE, CORPUS_PRESENT, corpusLetters, sampleLetters } from '../helpers/corpus';
import { BUNDLE_MISSING, startServer, type TestServer } from '../helpers/lspClient';

interface Counts {
  upheld: number;
  overturned: number;
  other: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether `item` (of another letter) is similar under `filter`, as docs/library.md defines it. */
function matches(item: LetterItemSummary, filter: LettersFilter): boolean {
  if (filter.treatment !== undefined) return item.treatment === filter.treatment && item.bodyPart === filter.bodyPart;
  return (item.maximusGuidelines ?? []).some(
    (r) => r.guideline === filter.guideline && (r.sections ?? []).some((s) => s.toLowerCase() === filter.section!.toLowerCase()),
  );
}

/** The counts a hover line or a lens title states. */
function statedCounts(text: string): Counts | null {
  if (/No similar requests/.test(text)) return { upheld: 0, overturned: 0, other: 0 };
  const m = /(\d+) upheld, (\d+) overturned(?:, (\d+) undecided)?/.exec(text);
  return m ? { upheld: Number(m[1]), overturned: Number(m[2]), other: Number(m[3] ?? 0) } : null;
}

describe('similar requests on a workspace of real letters', { skip: BUNDLE_MISSING || (CORPUS_PRESENT ? false : CORPUS_ABSENT_MESSAGE) }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'imr-similar-corpus-'));
  const sources = [...sampleLetters(), ...corpusLetters().filter((l) => l.layout === 'text' || l.layout === '2014-2015')];
  const files = sources.map((l, k) => {
    const name = `${String(k).padStart(3, '0')}-${path.basename(l.path)}`;
    const uri = pathToFileURL(path.join(dir, name)).toString();
    return { name, uri, source: l.path, text: l.text, letters: checkText(l.text, BUNDLED_DEFAULTS()).summaries(uri) };
  });
  const all: { uri: string; letter: LetterSummary }[] = files.flatMap((f) => f.letters.map((letter) => ({ uri: f.uri, letter })));
  let s: TestServer;

  before(async () => {
    for (const f of files) copyFileSync(f.source, path.join(dir, f.name));
    s = await startServer({ workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'letters' }], codeLensRefresh: true });
    const end = Date.now() + 120_000;
    for (;;) {
      const last = s.notifications.filter((n) => n.method === LETTERS_CHANGED_NOTIFICATION.method).at(-1)?.params as
        { indexing: boolean; letters: number } | undefined;
      if (last && !last.indexing && last.letters === all.length) break;
      if (Date.now() > end) throw new Error('indexing did not end');
      await sleep(50);
    }
  });
  after(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the other letters' items say: counted the plain way. */
  function expected(filter: LettersFilter): Counts {
    const counts = { upheld: 0, overturned: 0, other: 0 };
    for (const { uri, letter } of all) {
      if (letterRef(uri, letter.letter) === filter.exclude) continue;
      for (const item of letter.items.filter((i) => matches(i, filter))) {
        if (item.decision === 'Upheld') counts.upheld++;
        else if (item.decision === 'Overturned') counts.overturned++;
        else counts.other++;
      }
    }
    return counts;
  }

  test("each keyed item's hover and lens give the counts of the other letters' similar items", async () => {
    let checked = 0;
    let byTherapy = 0;
    let withOthers = 0;
    // A third of the letters (every one of the seeds), opened one at a time.
    for (const f of files.filter((_, k) => k < 5 || k % 3 === 0)) {
      s.open(f.uri, f.text, 1);
      const lenses = (await s.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri: f.uri } })) ?? [];
      const resolved = await Promise.all(lenses.map((l) => s.request<CodeLens>('codeLens/resolve', l)));
      const keyed = f.letters.flatMap((l) =>
        l.items.map((item) => ({ item, filter: similarFilter(item, letterRef(f.uri, l.letter)) })).filter((k) => k.filter !== null),
      );
      assert.equal(lenses.length, keyed.length, `${f.name}: one lens per item with a key`);
      for (const { item, filter } of keyed) {
        const want = expected(filter!);
        const hover = await s.request<Hover | null>('textDocument/hover', {
          textDocument: { uri: f.uri },
          position: { line: item.range.start.line, character: item.range.start.character + 1 },
        });
        const line = hover ? (hover.contents as MarkupContent).value.split('\n\n').at(-1)! : '';
        assert.deepEqual(statedCounts(line), want, `${f.name}, ${item.name}: the hover says "${line}"`);
        const lens = resolved.find((l) => l.range.start.line === item.range.start.line && l.range.start.character === item.range.start.character);
        assert.ok(lens?.command, `${f.name}, ${item.name}: its lens`);
        assert.deepEqual(statedCounts(lens.command.title), want, `${f.name}, ${item.name}: the lens says "${lens.command.title}"`);
        if (want.upheld + want.overturned + want.other > 0) assert.deepEqual(lens.command.arguments, [filter]);
        checked++;
        if (filter!.treatment !== undefined) byTherapy++;
        if (want.upheld + want.overturned + want.other > 0) withOthers++;
      }
      s.close(f.uri);
    }
    // The letters exercise both kinds of key, and most items have precedents.
    assert.ok(checked >= 40, `${checked} items checked`);
    assert.ok(byTherapy >= 3 && checked - byTherapy >= 20, `${byTherapy} by therapy and body part, ${checked - byTherapy} by topic`);
    assert.ok(withOthers >= checked / 2, `${withOthers} of ${checked} with similar requests`);
  });
});
