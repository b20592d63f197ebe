// What imr-check is asked to check: the paths and quoted globs of the command line, then the
// lines of --files-from, expanded into files through the one folder walk (workspace/folderWalk.ts),
// so its rules hold for globs too: no folder links followed, no node_modules or dot-folders,
// each real file once over the whole run.
//
// Globs are expanded as markdownlint-cli2 expands them (picomatch, relative to the current
// folder): `'letters/2016-*.txt'`, `'**/*.pdf'`; one starting with `!` excludes what it matches
// from every input (`'!drafts/**'`). A glob picks among letter files (.txt, .imr, .pdf).
//
// Paths are written as given, except that a path inside the current folder is written relative
// to it (as markdownlint-cli2 prints them), however it was named: `letters/a.txt`, not
// `/home/qa/letters/a.txt`.
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import picomatch from 'picomatch';
import { looksLikeLetter } from '../parse/looksLikeLetter';
import { looksBinary } from '../util/binary';
import { walkFolderStats } from '../workspace/folderWalk';
import type { Options } from './args';
import { inWords, isLetterFileName } from './input';
import { shardOf } from './shard';

/** An input that could not be used: the message (never the input's content) and the file it is about. */
export interface InputProblem {
  file?: string;
  message: string;
}

/** A file to check; `explicit` when it was named (on the command line or in --files-from), not found in a folder or by a glob. */
export interface TargetFile {
  file: string;
  size: number;
  /** Modification time, as the walk's stat gave it. */
  mtimeMs: number;
  explicit: boolean;
  /** The folder argument (or a glob's folder) it was found under, as written; '' for a file named directly. */
  folder: string;
  /** Its library key: its path relative to `folder` (`/` between names), or for a file named directly its path as given. */
  key: string;
}

export type Target = TargetFile | { problem: InputProblem };

const posix = (p: string) => p.split(path.sep).join('/');

/** The rule for printed paths (above): relative to the current folder when inside it, else as given. */
export function displayPath(p: string, cwd = process.cwd()): string {
  if (!path.isAbsolute(p)) return p;
  const rel = path.relative(cwd, p);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}

const isGlob = (t: string) => picomatch.scan(t).isGlob && !existsSync(t);

/** Whether `file` matches `pattern`, both read against the current folder (an absolute pattern against the absolute path). */
function globMatcher(pattern: string): (file: string) => boolean {
  const isMatch = picomatch(posix(pattern), { dot: true });
  const absolute = path.isAbsolute(pattern);
  return (file) => isMatch(absolute ? posix(path.resolve(file)) : posix(path.relative(process.cwd(), path.resolve(file))));
}

/** Every file to check, in input order, with the problems met on the way in their place. */
export async function* targetFiles(o: Options): AsyncGenerator<Target> {
  const excludes = o.targets.filter((t) => t.startsWith('!')).map((t) => globMatcher(t.slice(1)));
  const excluded = (file: string) => excludes.some((m) => m(file));
  // Each real file once over the whole run, whichever paths, globs and folders lead to it.
  const seenFiles = new Set<string>();
  for await (const named of namedTargets(o)) {
    if ('problem' in named) {
      yield named;
      continue;
    }
    const t = named.target;
    // A line of --files-from is a path, whatever characters it holds.
    const glob = named.fromList || !isGlob(t) ? null : { base: picomatch.scan(t).base || '.', matches: globMatcher(t) };
    const root = displayPath(glob ? glob.base : t);
    const problems: InputProblem[] = [];
    const onError = (p: string, reason: string) => problems.push({ file: p, message: `cannot read '${p}': ${inWords(reason)}` });
    const include = (p: string) => (!glob || glob.matches(p)) && !excluded(p);
    const keyOf = (p: string) => (p === root && !glob ? { folder: '', key: p } : { folder: root, key: posix(path.relative(root, p)) });
    // With --shard, a file another share checks is left to it, and so is a problem about it.
    const mine = (p: string) => !o.shard || shardOf(keyOf(p).key, o.shard.count) === o.shard.index;
    const own = (problem: InputProblem) => !problem.file || mine(problem.file);
    for await (const f of walkFolderStats(root, { accept: isLetterFileName, include, onError, seenFiles })) {
      while (problems.length > 0) {
        const problem = problems.shift()!;
        if (own(problem)) yield { problem };
      }
      if (f.path === root && excluded(root)) continue; // a file named and excluded too
      if (mine(f.path)) yield { file: f.path, size: f.size, mtimeMs: f.mtimeMs, explicit: !glob && f.path === root, ...keyOf(f.path) };
    }
    for (const problem of problems) if (own(problem)) yield { problem };
  }
}

/** The command line's targets (exclusions aside), then the lines of --files-from. */
async function* namedTargets(o: Options): AsyncGenerator<{ target: string; fromList: boolean } | { problem: InputProblem }> {
  for (const target of o.targets) if (!target.startsWith('!')) yield { target, fromList: false };
  for await (const line of listedTargets(o)) yield typeof line === 'string' ? { target: line, fromList: true } : line;
}

/** The lines of --files-from, if given. */
async function* listedTargets(o: Options): AsyncGenerator<string | { problem: InputProblem }> {
  if (!o.filesFrom) return;
  let stream: NodeJS.ReadableStream;
  const name = o.filesFrom === '-' ? 'standard input' : o.filesFrom;
  if (o.filesFrom === '-') stream = process.stdin;
  else {
    let handle;
    try {
      handle = await open(o.filesFrom, 'r');
    } catch {
      // The walk reports it, in its place, as it does any target it cannot read.
      yield o.filesFrom;
      return;
    }
    stream = handle.createReadStream({ encoding: 'utf8' });
  }
  yield* listedPaths(name, createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }));
}

/** Lines read before deciding whether a --files-from input is a list of paths at all. */
const HEAD_LINES = 60;
const HEAD_CHARS = 20_000;

/**
 * The paths of a --files-from list, one a line. A letter (or binary file) given in its place
 * is said once, by its name and first line number: its lines are never echoed as paths.
 */
export async function* listedPaths(name: string, lines: AsyncIterable<string>): AsyncGenerator<string | { problem: InputProblem }> {
  const head: string[] = [];
  let chars = 0;
  let decided = false;
  for await (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (!decided) {
      head.push(line);
      chars += line.length + 1;
      if (head.length < HEAD_LINES && chars < HEAD_CHARS) continue;
      decided = true;
      const problem = notAList(name, head);
      if (problem) {
        yield { problem };
        return;
      }
      for (const p of head) if (p.trim() !== '') yield p;
      continue;
    }
    if (line.trim() !== '') yield line;
  }
  if (decided) return;
  const problem = notAList(name, head);
  if (problem) yield { problem };
  else for (const p of head) if (p.trim() !== '') yield p;
}

/** Why the first lines of a --files-from input are not a list of paths, or null when they may be. */
function notAList(name: string, head: string[]): InputProblem | null {
  const first = head.findIndex((l) => l.trim() !== '');
  if (first < 0 || existsSync(head[first])) return null;
  const text = head.join('\n');
  const what = head[first].startsWith('%PDF-') ? 'a PDF' : looksBinary(text) ? 'binary content' : looksLikeLetter(text) ? 'a letter' : null;
  return what
    ? { file: name === 'standard input' ? undefined : name, message: `${name}: line ${first + 1} is not a path: this looks like ${what}, not a list of files` }
    : null;
}
