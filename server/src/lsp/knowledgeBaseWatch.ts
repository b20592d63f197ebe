// The knowledge-base files in force (the `imr.knowledgeBaseFile` setting's and those named by
// team `.imr.json` files), followed on disk: a change is read again (forgetKnowledgeBaseFile)
// and reported to the server, which re-checks the open letters and re-indexes the library's
// letters that use the file; what is wrong with a file is shown as problems in that file.
//
// Watched by the server itself (fs.watch), not through the client's didChangeWatchedFiles: a
// knowledge-base file is often outside the workspace (a team's shared folder, the user's home),
// where a client's watchers do not reach, and other editors register no watchers at all. The
// folder is watched rather than the file: an editor that saves by writing a new file and
// renaming it over the old one replaces the file, which a watcher on the file itself would lose.
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findNodeAtLocation, type Node, type ParseError, parseTree } from 'jsonc-parser/lib/esm/main.js';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { forgetKnowledgeBaseFile, readKnowledgeBaseFile } from '../config/knowledgeBaseFile';
import { LineIndex } from '../model/lineIndex';
import type { KbValidationError } from '../mtus/types';
import { DIAGNOSTIC_SOURCE } from '../features/diagnostics';

/** Changes closer together than this are one change (an editor's save is several events). */
export const KB_WATCH_DELAY_MS = 100;

export interface KnowledgeBaseWatchHost {
  /** `file` changed on disk (already forgotten: the next use reads it again). */
  changed(file: string): void;
  publish(uri: string, diagnostics: Diagnostic[]): void;
}

export class KnowledgeBaseWatch {
  private readonly files = new Set<string>();
  /** Folder -> its watcher. */
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: KnowledgeBaseWatchHost) {}

  /** Follows exactly these files from now on ('' entries ignored); a file let go has its problems cleared. */
  follow(files: Iterable<string>): void {
    const next = new Set([...files].filter(Boolean));
    for (const f of next) {
      if (this.files.has(f)) continue;
      this.files.add(f);
      this.publishProblems(f);
    }
    for (const f of [...this.files]) {
      if (next.has(f)) continue;
      this.files.delete(f);
      this.host.publish(pathToFileURL(f).href, []);
    }
    const folders = new Set([...this.files].map((f) => path.dirname(f)));
    for (const [dir, w] of this.watchers) if (!folders.has(dir)) this.unwatch(dir, w);
    for (const dir of folders) if (!this.watchers.has(dir)) this.watchFolder(dir);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const [dir, w] of this.watchers) this.unwatch(dir, w);
  }

  private watchFolder(dir: string): void {
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        for (const f of this.files) if (path.dirname(f) === dir && (!name || path.basename(f) === String(name))) this.touched(f);
      });
      // The folder went away: nothing to follow there until a file in it is named again.
      w.on('error', () => this.unwatch(dir, w));
      this.watchers.set(dir, w);
    } catch {
      // No such folder (yet): the file is reported unreadable where it is used.
    }
  }

  private unwatch(dir: string, w: FSWatcher): void {
    w.close();
    if (this.watchers.get(dir) === w) this.watchers.delete(dir);
  }

  private touched(file: string): void {
    this.pending.add(file);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), KB_WATCH_DELAY_MS);
  }

  private flush(): void {
    const files = [...this.pending];
    this.pending.clear();
    for (const f of files) {
      forgetKnowledgeBaseFile(f);
      this.publishProblems(f);
      this.host.changed(f);
    }
  }

  private publishProblems(file: string): void {
    const read = readKnowledgeBaseFile(file);
    let text = '';
    try {
      text = read.unreadable ? '' : readFileSync(file, 'utf8');
    } catch {
      // Gone since it was read: its problems are those of the read.
    }
    this.host.publish(pathToFileURL(file).href, knowledgeBaseDiagnostics(text, read.problems));
  }
}

/** A validator's problems as diagnostics in the file: at the bad value where its JSON path finds one, else at the start. */
export function knowledgeBaseDiagnostics(text: string, problems: readonly KbValidationError[]): Diagnostic[] {
  // The same tree the validator's paths point into (a BOM kept as one character, so offsets hold).
  const syntaxErrors: ParseError[] = [];
  const root = problems.length > 0 ? parseTree(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text, syntaxErrors) : undefined;
  const lines = new LineIndex(text);
  const at = (offset: number) => lines.positionAt(offset);
  return problems.map((p) => {
    // Not JSON: where the parser stopped (the end of a cut-off file, say).
    const syntax = p.path === '$' && /not valid JSON/.test(p.message) ? syntaxErrors[0] : undefined;
    const node = root && !syntax ? nodeAt(root, p.path) : undefined;
    const start = at(syntax?.offset ?? node?.offset ?? 0);
    const end = node ? at(node.offset + node.length) : start;
    const message = p.path === '$' ? p.message : `${p.path} ${p.message}; this entry is left out`;
    return { range: { start, end }, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, message };
  });
}

/** The node a validator's path names (`topics[3].pages[0].pages`), or the nearest one above it that exists. */
function nodeAt(root: Node, jsonPath: string): Node | undefined {
  const segments = jsonPath === '$' ? [] : jsonPath.split(/\.|(?=\[)/).map((s) => (/^\[\d+\]$/.test(s) ? Number(s.slice(1, -1)) : s));
  for (let n = segments.length; n > 0; n--) {
    const node = findNodeAtLocation(root, segments.slice(0, n));
    // A missing key is reported on its object: the object's node is the place to show it.
    if (node) return node.parent?.type === 'property' ? node.parent : node;
  }
  return undefined;
}
