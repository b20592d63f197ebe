// One pipeline, every path: for letters under a team `.imr.json` whose knowledgeBaseFile adds a
// guideline the bundled base lacks, the editor's diagnostics, the library (`imr/letters`, on the
// index's worker threads for a file on disk and on the main thread for an open one), the export's
// rows (`letterRows` of imr/letters, as the client builds them) and imr-check's json and csv agree
// cell for cell and code for code. Before the pipeline the library parsed with the bundled base:
// it wrote `Widget Complaints 2020` with unknown-guideline where imr-check wrote the team's name.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CSV_COLUMNS, type CsvRow, letterRows, parseCsv } from '../../server/src/csv/csv';
import { runBundled } from '../helpers/cli';
import { startServer, type TestServer } from '../helpers/lspClient';
import { lettersOf, WIDGET_KB, widgetLetter } from '../helpers/teamKnowledgeBase';

const sorted = (codes: Iterable<string | number | undefined>) => [...new Set([...codes].map(String))].sort();
const rowsFromCsv = (csv: string): CsvRow[] => {
  const [head, ...rows] = parseCsv(csv).filter((r) => r.length > 1);
  assert.deepEqual(head, [...CSV_COLUMNS]);
  return rows.map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i]])) as CsvRow);
};

describe('one pipeline: editor, library, export and imr-check agree under a team knowledge base', () => {
  let dir: string;
  let server: TestServer;
  const file = (name: string) => path.join(dir, name);
  const uri = (name: string) => pathToFileURL(file(name)).href;
  // On disk from the start: the library reads it on its worker threads.
  const onDisk = widgetLetter('CM99-0000221');
  // Open in the editor only (written to disk later, for imr-check): the library has it from the main thread.
  const opened = widgetLetter('CM99-0000222');

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'imr-agree-'));
    writeFileSync(file('team-kb.json'), JSON.stringify(WIDGET_KB));
    writeFileSync(file('.imr.json'), JSON.stringify({ knowledgeBaseFile: 'team-kb.json' }));
    writeFileSync(file('disk.txt'), onDisk);
    server = await startServer({ pullConfiguration: true, settings: {}, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'team' }] });
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('cell for cell and code for code, for a letter read by the index and for one open in the editor', async () => {
    const fromDisk = await lettersOf(server, [uri('disk.txt')]);
    server.open(uri('open.txt'), opened, 1);
    const openDiagnostics = (await server.diagnostics(uri('open.txt'), 1)).diagnostics;
    const fromOpen = await lettersOf(server, [uri('open.txt')]);
    // The on-disk letter in the editor too (after the library's worker summary was taken).
    server.open(uri('disk.txt'), onDisk, 1);
    const diskDiagnostics = (await server.diagnostics(uri('disk.txt'), 1)).diagnostics;
    writeFileSync(file('open.txt'), opened);

    const library = [...fromDisk, ...fromOpen];
    const exportRows = letterRows(library, (u) => (u === uri('disk.txt') ? file('disk.txt') : file('open.txt')));
    const targets = [file('disk.txt'), file('open.txt')];
    const csv = runBundled(['--format', 'csv', ...targets]);
    const json = runBundled(['--format', 'json', ...targets]);
    assert.ok(csv.code !== null && json.code !== null, `imr-check ran: ${csv.err}${json.err}`);

    // The team's guideline, named as its knowledge base names it, in every writer.
    const widget = exportRows.filter((r) => r.item === 'Widget adjustment');
    assert.equal(widget.length, 2);
    for (const r of widget) assert.equal(r.maximusGuideline, 'Widget Guidelines (2020): Widget care');
    assert.deepEqual(rowsFromCsv(csv.out), exportRows, "imr-check's csv rows are the export's rows");

    const cliFiles = (JSON.parse(json.out) as { files: { path: string; diagnostics: { code: string }[] }[] }).files;
    const cliCodes = (p: string) => sorted(cliFiles.find((f) => f.path === p)!.diagnostics.map((d) => d.code));
    const libraryCodes = (u: string) =>
      sorted(library.filter((l) => l.uri === u).flatMap((l) => [...(l.problems ?? []), ...l.items.flatMap((i) => i.problems ?? [])]));
    for (const [name, diagnostics] of [
      ['disk.txt', diskDiagnostics],
      ['open.txt', openDiagnostics],
    ] as const) {
      const editor = sorted(diagnostics.map((d) => d.code));
      assert.ok(editor.includes('unknown-section') && !editor.includes('unknown-guideline'), `${name}: the team's guideline is known: ${editor}`);
      assert.deepEqual(cliCodes(file(name)), editor, `${name}: imr-check's json reports the editor's codes`);
      assert.deepEqual(libraryCodes(uri(name)), editor, `${name}: the library's problems are the editor's codes`);
    }
  });
});
