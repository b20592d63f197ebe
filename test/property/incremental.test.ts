// Issue 8 §2: incremental = full. A random sequence of incremental edits sent to the real
// bundled server (didChange with ranges, several changes per notification, pauses that let
// the debounced diagnostics fire in between) ends with exactly the same outline, folding and
// published diagnostics as opening the final text fresh, and the same as the engine computes
// for that text directly (so the server's copy of the text is the one the client has).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Diagnostic, DocumentSymbol, FoldingRange } from 'vscode-languageserver-protocol';
import { toDiagnostics } from '../../server/src/features/diagnostics';
import { getDocumentSymbols } from '../../server/src/features/symbols';
import { getFoldingRanges } from '../../server/src/features/folding';
import { parseDetermination } from '../../server/src/parse/parser';
import { runRules } from '../../server/src/rules/engine';
import { BUNDLE_MISSING, type TestServer, startServer } from '../helpers/lspClient';
import { KB, Lines } from './check';
import { checkAsyncProperty, LETTERS, letterSnippet, reportTally, runs, tokenSoup, unicodeText } from './gen';

after(() => reportTally(__filename));

type Step =
  | { kind: 'edit'; changes: { at: number; len: number; text: string }[] }
  | { kind: 'deleteLines'; line: number; count: number }
  | { kind: 'full'; text: string }
  | { kind: 'pause'; ms: number };

/** Text typed or pasted (no NUL: a NUL makes the document "binary", which the fault tests cover). */
const typed = fc
  .oneof(tokenSoup(6), unicodeText(8), letterSnippet, fc.constantFrom('\n', '\r\n', ' ', 'Upheld', ': ', 'Decision rationale: '))
  // eslint-disable-next-line no-control-regex -- removing NUL is the point
  .map((s) => s.replace(/\u0000/g, ''));

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      changes: fc.array(
        fc.record({
          at: fc.nat(),
          len: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 400 })),
          text: fc.oneof(fc.constant(''), typed),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deleteLines' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('full' as const), text: fc.constant('') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 250 }) }) },
);

/** Position of an offset that never falls between \r and \n (an editor never puts one there). */
function positionOf(lines: Lines, offset: number) {
  return lines.position(offset);
}

/** Where hover and completion are compared: each item's name, decision and field ends, and a few fixed places. */
function probePositions(text: string): { line: number; character: number }[] {
  const model = parseDetermination(text, KB);
  const lines = new Lines(text);
  const offsets = new Set([0, text.length, text.length >> 1]);
  for (const it of model.items.slice(0, 6)) {
    offsets.add(it.name.span.start);
    offsets.add(it.decision.span.start);
    for (const f of it.allFields) {
      offsets.add(f.value.span.start + 1);
      offsets.add(f.value.span.end);
    }
  }
  return [...offsets].filter((o) => o >= 0 && o <= text.length).map((o) => lines.position(o));
}

/** Hover and completion at each position, and the formatting edits: all depend on the server's copy of the text. */
async function askAt(uri: string, positions: { line: number; character: number }[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const position of positions) {
    out.push(await server.request('textDocument/hover', { textDocument: { uri }, position }));
    out.push(await server.request('textDocument/completion', { textDocument: { uri }, position }));
  }
  out.push(await server.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }));
  return out;
}

let server: TestServer;
let seq = 0;

async function runSequence(letter: number, steps: Step[]): Promise<void> {
  const id = seq++;
  const uri = `file:///virtual/incremental-${id}.imr`;
  const fresh = `file:///virtual/fresh-${id}.imr`;
  let text = LETTERS[letter % LETTERS.length].text;
  let version = 1;
  server.open(uri, text, version);
  for (const s of steps) {
    if (s.kind === 'pause') {
      await new Promise((r) => setTimeout(r, s.ms));
      continue;
    }
    const changes: Parameters<TestServer['change']>[2] = [];
    if (s.kind === 'full') {
      // A full-text change in the middle of incremental ones (allowed by LSP): the same text.
      changes.push({ text });
    } else if (s.kind === 'deleteLines') {
      const lines = new Lines(text);
      const first = s.line % lines.count;
      const last = Math.min(lines.count - 1, first + s.count);
      const range = { start: { line: first, character: 0 }, end: { line: last, character: last === first + s.count ? 0 : lines.lengths[last] } };
      changes.push({ range, text: '' });
      text = text.slice(0, lines.offset(range.start)) + text.slice(lines.offset(range.end));
    } else {
      // Each change applies to the text left by the one before (LSP order).
      for (const c of s.changes) {
        const lines = new Lines(text);
        const start = positionOf(lines, c.at % (text.length + 1));
        const a = lines.offset(start);
        const end = positionOf(lines, Math.min(text.length, a + c.len));
        const b = lines.offset(end);
        changes.push({ range: { start, end }, text: c.text });
        text = text.slice(0, a) + c.text + text.slice(b);
      }
    }
    server.change(uri, ++version, changes);
  }
  const finalVersion = version;
  const incremental = await server.diagnostics(uri, finalVersion, 15_000);
  const incSymbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const incFolding = await server.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
  const probes = probePositions(text);
  const incProbes = await askAt(uri, probes);

  server.open(fresh, text, 1);
  const full = await server.diagnostics(fresh, 1, 15_000);
  const fullSymbols = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: fresh } });
  const fullFolding = await server.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: fresh } });
  const fullProbes = await askAt(fresh, probes);
  server.close(uri);
  server.close(fresh);

  const what = `${LETTERS[letter % LETTERS.length].id} after ${finalVersion - 1} didChange notifications`;
  assert.deepStrictEqual(incSymbols, fullSymbols, `${what}: the outline differs from opening the final text fresh`);
  assert.deepStrictEqual(incremental.diagnostics, full.diagnostics, `${what}: the diagnostics differ from opening the final text fresh`);
  assert.deepStrictEqual(incFolding, fullFolding, `${what}: the folding ranges differ from opening the final text fresh`);
  assert.deepStrictEqual(incProbes, fullProbes, `${what}: hover, completion or formatting differ from opening the final text fresh`);

  // And both are what the engine gives for the text the client holds.
  const model = parseDetermination(text, KB);
  assert.deepStrictEqual(
    fullSymbols,
    JSON.parse(JSON.stringify(getDocumentSymbols(model))),
    `${what}: the server's outline is not the engine's for the client's text`,
  );
  assert.deepStrictEqual(
    fullFolding,
    JSON.parse(JSON.stringify(getFoldingRanges(model))),
    `${what}: the server's folding is not the engine's for the client's text`,
  );
  const strip = (ds: Diagnostic[]) => ds.map((d) => ({ ...d, codeDescription: undefined }));
  assert.deepStrictEqual(
    strip(full.diagnostics),
    strip(JSON.parse(JSON.stringify(toDiagnostics(model, runRules(model, KB, {}))))),
    `${what}: the server's diagnostics are not the engine's for the client's text`,
  );
}

describe('incremental = full (bundled server over stdio)', { skip: BUNDLE_MISSING }, () => {
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('random didChange sequences on real letters end where opening the final text fresh does', async () => {
    await checkAsyncProperty(
      'incremental = full (LSP)',
      fc.asyncProperty(fc.nat(), fc.array(step, { minLength: 1, maxLength: 30 }), (letter, steps) => runSequence(letter, steps)),
      runs(36),
    );
    assert.ok(await server.alive(), 'the server still answers');
  });
});
