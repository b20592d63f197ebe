// imr-check: the command-line twin of the language server. Same parser, same rules, same
// knowledge base, so a folder of letters can be checked in CI exactly as the editor would.
//   imr-check [--format text|json|ndjson|csv|sarif] [--jobs N] [--files-from F|-] [--rule code=level]... <file|folder|glob>...
// Exit: 0 no error-severity problem, 1 errors found, 2 bad usage or unreadable input.
//
// Modules: args.ts (flags), targets.ts (paths, globs, --files-from), input.ts (reading one file), check.ts (one file), jobs.ts (worker
// threads, input order), report.ts (the data per file), formats/ (one module per format).
import { consequenceOf, describeTeamConfig, loadTeamConfigFor, type TeamConfig } from '../config/teamConfig';
import { ALL_RULES, effectiveLevel } from '../rules/engine';
import type { Level } from '../rules/rule';
import { type Options, parseArgs, USAGE } from './args';
import { loadKnowledgeBaseFile } from '../config/knowledgeBaseFile';
import type { CheckJob } from './check';
import { FORMATTERS } from './formats';
import { libraryLine, type RunSummary, skippedLine } from './formats/format';
import { checkInOrder } from './jobs';
import { endIdleReaders, limitPdfReaders } from '../pdf/reader';
import { packageInfo } from './packageInfo';
import { type InputProblem, type TargetFile, targetFiles } from './targets';
import { LibraryOutput } from './libraryOutput';
import { LibraryFileError } from '../library/libraryFile';
import { mergeLibraries } from './merge';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export { reportFor } from './report';
export { endIdleReaders } from '../pdf/reader';

type Tag = { target: TargetFile; explicit: boolean; file: string; unchanged?: number } | { problem: InputProblem };

const NO_CONFIG: TeamConfig = { rules: {}, ignore: () => false, errors: [], ignorePatterns: [] };

/**
 * Runs imr-check. `out` and `err` get one chunk each call (no trailing line break);
 * `drained`, when given, is awaited after each file so that a slow reader of stdout holds
 * the checking back instead of the output piling up in memory.
 */
export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, drained?: () => Promise<void> | undefined): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    out(USAGE);
    return 0;
  }
  if (parsed.kind === 'version') {
    out(packageInfo().version);
    return 0;
  }
  if (parsed.kind === 'error') {
    err(`${parsed.message}\n${USAGE}`);
    return 2;
  }
  if (parsed.kind === 'merge') return mergeLibraries(parsed.out, parsed.inputs, err);
  const o = parsed.options;
  if (o.printConfig) return printConfig(o, out, err);
  let library: LibraryOutput | undefined;
  if (o.library) {
    try {
      library = LibraryOutput.open(o.library, runContext(o), o.shard);
    } catch (e) {
      err(`imr-check: ${e instanceof LibraryFileError ? e.message : `${o.library}: it could not be opened`}`);
      return 2;
    }
  }

  const format = FORMATTERS[o.format];
  const summary: RunSummary = { files: 0, items: 0, errors: 0, skipped: 0, inputProblems: [] };
  // Messages name the file and the reason, never what the file holds.
  const problem = (p: InputProblem) => {
    summary.inputProblems.push(p);
    err(`imr-check: ${p.message}`);
  };
  const head = format.head();
  if (head) out(head);
  // A piece waits for the next one to know whether a separator follows it.
  let held: string | null = null;
  // --jobs counts the threads that read PDFs too.
  limitPdfReaders(o.jobs);
  for await (const { tag, outcome } of checkInOrder(inputs(o, library), o.jobs)) {
    if ('problem' in tag) problem(tag.problem);
    else if (tag.unchanged !== undefined) {
      summary.unchanged = (summary.unchanged ?? 0) + 1;
      summary.errors += tag.unchanged;
    } else if (!outcome) continue;
    else if (!outcome.ok) {
      if (!('notLetter' in outcome)) problem({ file: tag.file, message: outcome.reason });
      // Named, it was meant as a letter: an input error. Found in a folder: one of its other files.
      else if (tag.explicit) problem({ file: tag.file, message: `${tag.file}: ${outcome.notLetter}` });
      else {
        summary.skipped++;
        if (o.verbose) (o.format === 'text' ? out : err)(`skipped ${tag.file}: ${outcome.notLetter}`);
      }
    } else {
      library?.put(tag.target, outcome.letters ?? [], levelsOf(tag.target, o));
      summary.files++;
      summary.items += outcome.items;
      summary.errors += outcome.errors;
      if (outcome.piece === '') continue;
      if (held !== null) out(held + format.separator);
      held = outcome.piece;
      await drained?.();
    }
  }
  if (held !== null) out(held);
  if (library) summary.removed = library.finish();
  const tail = format.tail(summary);
  if (tail) out(tail);
  // The text format counts them in its closing line; the others are data, so it goes to stderr.
  if (summary.skipped > 0 && o.format !== 'text') err(`imr-check: ${skippedLine(summary.skipped)}`);
  // Text is read by a person (the line follows the counts); the other formats are data (stderr).
  if (o.library) (o.format === 'text' ? out : err)(`${o.format === 'text' ? '' : 'imr-check: '}${libraryLine(o.library, summary)}`);
  if (summary.inputProblems.length > 0) return 2;
  return summary.errors > 0 ? 1 : 0;
}

/** Every input in order: files to check, and problems (unreadable entries, a bad config) in their place. */
async function* inputs(o: Options, library?: LibraryOutput): AsyncGenerator<{ tag: Tag; job: CheckJob | null }> {
  const configFor = (file: string) => (o.useConfig ? loadTeamConfigFor(file) : NO_CONFIG);
  const reportedConfigs = new Set<string>();
  const checkedKbFiles = new Set<string>();
  for await (const t of targetFiles(o)) {
    if ('problem' in t) {
      yield { tag: t, job: null };
      continue;
    }
    const { file, size, explicit } = t;
    if (library?.unchanged(t)) {
      yield { tag: { target: t, file, explicit, unchanged: library.storedErrors(t) }, job: null };
      continue;
    }
    const config = configFor(file);
    if (config.source && config.errors.length > 0 && !reportedConfigs.has(config.source)) {
      reportedConfigs.add(config.source);
      for (const problem of configProblems(config)) yield { tag: { problem }, job: null };
    }
    if (config.ignore(file)) continue;
    const kbFile = config.knowledgeBaseFile;
    if (kbFile && !checkedKbFiles.has(kbFile)) {
      checkedKbFiles.add(kbFile);
      const { errors } = loadKnowledgeBaseFile(kbFile);
      for (const e of errors) yield { tag: { problem: { file: kbFile, message: `knowledge-base file (from ${config.source}): ${e}` } }, job: null };
    }
    const job: CheckJob = { file, size, format: o.format, levels: { ...config.rules, ...o.rules }, knowledgeBaseFile: kbFile };
    if (library) job.libraryUri = pathToFileURL(path.resolve(file)).href;
    yield { tag: { target: t, file, explicit }, job };
  }
}

/** The levels a file was checked with (its team file's rules, --rule over them). */
function levelsOf(t: TargetFile, o: Options): Record<string, Level> {
  return { ...(o.useConfig ? loadTeamConfigFor(t.file) : NO_CONFIG).rules, ...o.rules };
}

/** What a library's letters depend on besides their files: a run with other settings reads every file again. */
function runContext(o: Options): string {
  return JSON.stringify({ version: packageInfo().version, rules: o.rules, config: o.useConfig });
}

/** Each problem of a team file, where it is and what becomes of it (the entry left out, or the whole file). */
function configProblems(c: TeamConfig): InputProblem[] {
  return c.errors.map((e) => ({ file: c.source, message: `${c.source}:${e.line}:${e.column}: ${e.message} (${consequenceOf(c)})` }));
}

/** --print-config: every rule's effective level for the file, and where it comes from. */
function printConfig(o: Options, out: (s: string) => void, err: (s: string) => void): number {
  const file = o.printConfig!;
  const config = o.useConfig ? loadTeamConfigFor(file) : NO_CONFIG;
  const d = describeTeamConfig(config);
  const rules: Record<string, Level> = {};
  const levels = { ...config.rules, ...o.rules };
  for (const r of ALL_RULES) rules[r.code] = effectiveLevel(r, levels);
  out(
    JSON.stringify(
      { file, configFile: d.source, ignored: config.ignore(file), rules, ignore: d.ignore, knowledgeBaseFile: d.knowledgeBaseFile, errors: d.errors },
      null,
      2,
    ),
  );
  if (config.errors.length > 0) {
    err(
      configProblems(config)
        .map((p) => `imr-check: ${p.message}`)
        .join('\n'),
    );
    return 2;
  }
  return 0;
}

/** Runs imr-check as a program (dist/cli.js, after its Node version check). */
export function run(): void {
  // `imr-check folder | head`: the reader has gone; stop quietly instead of an EPIPE stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  let full = false;
  const out = (s: string) => {
    if (!process.stdout.write(`${s}\n`)) full = true;
  };
  const drained = () => {
    if (!full) return undefined;
    full = false;
    return new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
  };
  void main(process.argv.slice(2), out, (s) => process.stderr.write(`${s}\n`), drained).then(async (code) => {
    process.exitCode = code;
    // Exit as soon as the output is written: no reader waiting for more PDFs keeps us alive.
    await endIdleReaders();
  });
}

if (require.main === module) run();
