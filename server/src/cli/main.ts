// imr-check: the command-line twin of the language server. Same parser, same rules, same
// knowledge base, so a folder of letters can be checked in CI exactly as the editor would.
//   imr-check [--format text|json|ndjson|csv|sarif] [--jobs N] [--files-from F|-] [--rule code=level]... <file|folder>...
// Exit: 0 no error-severity problem, 1 errors found, 2 bad usage or unreadable input.
//
// Modules: args.ts (flags), input.ts (reading one file), check.ts (one file), jobs.ts (worker
// threads, input order), report.ts (the data per file), formats/ (one module per format).
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { describeTeamConfig, loadTeamConfigFor, type TeamConfig } from '../config/teamConfig';
import { ALL_RULES, effectiveLevel } from '../rules/engine';
import type { Level } from '../rules/rule';
import { walkFolderStats } from '../workspace/folderWalk';
import { type Options, parseArgs, USAGE } from './args';
import { loadKnowledgeBaseFile } from '../config/knowledgeBaseFile';
import type { CheckJob } from './check';
import { FORMATTERS } from './formats';
import { isLetterFileName } from './input';
import { checkInOrder } from './jobs';

export { reportFor } from './report';

type Tag = { file: string } | { message: string };

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
  if (parsed.kind === 'error') {
    err(`${parsed.message}\n${USAGE}`);
    return 2;
  }
  const o = parsed.options;
  if (o.printConfig) return printConfig(o, out, err);

  let inputErrors = 0;
  const configFor = (file: string) => (o.useConfig ? loadTeamConfigFor(file) : NO_CONFIG);
  const reportedConfigs = new Set<string>();
  const checkedKbFiles = new Set<string>();

  /** Every input in order: files to check, and messages (unreadable entries, bad config) in their place. */
  async function* inputs(): AsyncGenerator<{ tag: Tag; job: CheckJob | null }> {
    for await (const target of targets(o)) {
      const messages: string[] = [];
      const onError = (p: string, reason: string) =>
        messages.push(reason === 'ENOENT' && p === target ? `imr-check: cannot read '${p}': no such file or folder` : `imr-check: cannot read '${p}': ${reason}`);
      for await (const { path: file, size } of walkFolderStats(target, { accept: isLetterFileName, onError })) {
        while (messages.length > 0) yield { tag: { message: messages.shift()! }, job: null };
        const config = configFor(file);
        if (config.source && config.errors.length > 0 && !reportedConfigs.has(config.source)) {
          reportedConfigs.add(config.source);
          yield { tag: { message: configErrorText(config) }, job: null };
        }
        if (config.ignore(file)) continue;
        const kbFile = config.knowledgeBaseFile;
        if (kbFile && !checkedKbFiles.has(kbFile)) {
          checkedKbFiles.add(kbFile);
          const { errors } = loadKnowledgeBaseFile(kbFile);
          for (const e of errors) yield { tag: { message: `imr-check: knowledge-base file (from ${config.source}): ${e}` }, job: null };
        }
        yield { tag: { file }, job: { file, size, format: o.format, levels: { ...config.rules, ...o.rules }, knowledgeBaseFile: kbFile } };
      }
      while (messages.length > 0) yield { tag: { message: messages.shift()! }, job: null };
    }
  }

  const format = FORMATTERS[o.format];
  const summary = { files: 0, items: 0, errors: 0 };
  const head = format.head();
  if (head) out(head);
  // A piece waits for the next one to know whether a separator follows it.
  let held: string | null = null;
  for await (const { tag, outcome } of checkInOrder(inputs(), o.jobs)) {
    if ('message' in tag) {
      inputErrors++;
      err(tag.message);
      continue;
    }
    if (!outcome) continue;
    if (!outcome.ok) {
      inputErrors++;
      err(`imr-check: ${outcome.error}`);
      continue;
    }
    summary.files++;
    summary.items += outcome.items;
    summary.errors += outcome.errors;
    if (outcome.piece === '') continue;
    if (held !== null) out(held + format.separator);
    held = outcome.piece;
    await drained?.();
  }
  if (held !== null) out(held);
  const tail = format.tail(summary);
  if (tail) out(tail);
  if (inputErrors > 0) return 2;
  return summary.errors > 0 ? 1 : 0;
}

/** The targets named on the command line, then those read from --files-from (one a line). */
async function* targets(o: Options): AsyncGenerator<string> {
  yield* o.targets;
  if (!o.filesFrom) return;
  let stream: NodeJS.ReadableStream;
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
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    const p = line.replace(/\r$/, '');
    if (p.trim() !== '') yield p;
  }
}

function configErrorText(c: TeamConfig): string {
  return c.errors.map((e) => `imr-check: ${c.source}:${e.line}:${e.column}: ${e.message} (the defaults apply)`).join('\n');
}

/** --print-config: every rule's effective level for the file, and where it comes from. */
function printConfig(o: Options, out: (s: string) => void, err: (s: string) => void): number {
  const file = o.printConfig!;
  const config = o.useConfig ? loadTeamConfigFor(file) : NO_CONFIG;
  const d = describeTeamConfig(config);
  const rules: Record<string, Level> = {};
  const levels = { ...config.rules, ...o.rules };
  for (const r of ALL_RULES) rules[r.code] = effectiveLevel(r, levels);
  out(JSON.stringify({ file, configFile: d.source, ignored: config.ignore(file), rules, ignore: d.ignore, knowledgeBaseFile: d.knowledgeBaseFile, errors: d.errors }, null, 2));
  if (config.errors.length > 0) {
    err(configErrorText(config));
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
  void main(process.argv.slice(2), out, (s) => process.stderr.write(`${s}\n`), drained).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) run();
