// Command-line arguments of imr-check. Parsing only: no file is touched here.
import { availableParallelism } from 'node:os';
import { ruleEntryProblem } from '../config/teamConfig';
import { LEVELS, type Level } from '../rules/rule';
import { parseShard, type Shard } from './shard';

export const FORMATS = ['text', 'json', 'ndjson', 'csv', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export const USAGE = `usage: imr-check [options] <file|folder|glob>...
       imr-check --print-config <file>
       imr-check merge <out.sqlite> <in.sqlite>...
Checks IMR determination letters (.txt, .imr and .pdf; folders are searched recursively;
quoted globs such as 'letters/2016-*.txt' are expanded, '!drafts/**' excludes).
  --format text|json|ndjson|csv|sarif   output format (default: text)
  --json                                the same as --format json
  --rule <code>=<${LEVELS.join('|')}>   set a rule's level (over .imr.json)
  --jobs <n>                            worker threads, and PDF reader threads (default: the available cores)
  --files-from <file|->                 read input paths, one a line ('-': standard input)
  --library <file>                      also write the letters into a library database (made or updated)
  --shard <i>/<n>                       check only the i-th of n shares of the files (1 <= i <= n)
  --no-config                           ignore .imr.json files
  --print-config <file>                 print the configuration that applies to <file>
  --verbose                             list the files skipped in folders (not a determination)
  --version                             print the version
Exit: 0 no error-level problem, 1 errors found, 2 bad usage or unreadable input.`;

export interface Options {
  format: Format;
  /** --rule flags, applied over the team config. */
  rules: Record<string, Level>;
  jobs: number;
  filesFrom?: string;
  /** Also write the letters into this library file (docs/library.md). */
  library?: string;
  /** Only this share of the files (by their library key): one of several machines' runs. */
  shard?: Shard;
  printConfig?: string;
  useConfig: boolean;
  /** List the files skipped while walking folders. */
  verbose: boolean;
  targets: string[];
}

export type ParsedArgs =
  | { kind: 'run'; options: Options }
  | { kind: 'merge'; out: string; inputs: string[] }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

/**
 * The default `--jobs`: a thread per core. The main thread only walks folders and writes
 * output (idle ~90% of a run), so it needs no core of its own; on one core it checks
 * everything itself, with no worker.
 */
export const defaultJobs = (cores: number): number => Math.max(1, Math.floor(cores));

/** `cores`: the machine's, unless a test says otherwise. */
export function parseArgs(argv: readonly string[], cores = availableParallelism()): ParsedArgs {
  const o: Options = { format: 'text', rules: {}, jobs: defaultJobs(cores), useConfig: true, verbose: false, targets: [] };
  const bad = (message: string): ParsedArgs => ({ kind: 'error', message: `imr-check: ${message}` });
  if (argv[0] === 'merge') {
    if (argv.length < 3 || argv.slice(1).some((a) => a.startsWith('-')))
      return bad('merge needs an output library and at least one input library: imr-check merge <out> <in>...');
    return { kind: 'merge', out: argv[1], inputs: argv.slice(2) };
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    // `--opt=value` is accepted as well as `--opt value`.
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (name === '--json') o.format = 'json';
    else if (name === '--help' || name === '-h') return { kind: 'help' };
    else if (name === '--version' || name === '-v') return { kind: 'version' };
    else if (name === '--verbose') o.verbose = true;
    else if (name === '--format') {
      const v = value();
      if (!FORMATS.includes(v as Format)) return bad(`--format needs one of ${FORMATS.join(', ')}`);
      o.format = v as Format;
    } else if (name === '--rule') {
      const m = /^([^=]+)=(.*)$/.exec(value() ?? '');
      if (!m) return bad(`--rule needs <code>=<level> (levels: ${LEVELS.join(', ')})`);
      const problem = ruleEntryProblem(m[1], m[2]);
      if (problem) return bad(`--rule ${m[1]}=${m[2]}: ${problem.message}`);
      o.rules[m[1]] = m[2] as Level;
    } else if (name === '--jobs' || name === '-j') {
      const v = value() ?? '';
      if (!/^[1-9]\d*$/.test(v)) return bad('--jobs needs a whole number of at least 1');
      o.jobs = Math.min(Number(v), 256);
    } else if (name === '--files-from') {
      const v = value();
      if (!v) return bad('--files-from needs a file, or - for standard input');
      o.filesFrom = v;
    } else if (name === '--library') {
      const v = value();
      if (!v) return bad('--library needs a file to write the letters into');
      o.library = v;
    } else if (name === '--shard') {
      const shard = parseShard(value() ?? '');
      if (typeof shard === 'string') return bad(shard);
      o.shard = shard;
    } else if (name === '--print-config') {
      const v = value();
      if (!v) return bad('--print-config needs a file');
      o.printConfig = v;
    } else if (name === '--no-config') o.useConfig = false;
    else if (a === '-') return bad("'-' is not an input: use --files-from - to read paths from standard input");
    else if (a.startsWith('-')) return bad(`unknown option '${a}'`);
    else o.targets.push(a);
  }
  if (o.targets.length === 0 && !o.filesFrom && !o.printConfig) return bad('no file or folder given');
  return { kind: 'run', options: o };
}
