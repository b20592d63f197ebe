// In-process throughput on the same bytes: our analysis, the line-split floor, and the two
// Markdown peers (markdownlint linting, vscode-markdown-languageservice document symbols).
import MarkdownIt from 'markdown-it';
import { CancellationTokenSource, Emitter } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { IMdParser, ITextDocument, IWorkspace } from 'vscode-markdown-languageservice';
import { createLanguageService, githubSlugifier, LogLevel } from 'vscode-markdown-languageservice';
import { getFoldingRanges } from '../../server/src/features/folding';
import { getDocumentSymbols } from '../../server/src/features/symbols';
import { parseDetermination } from '../../server/src/parse/parser';
import { defaultKnowledgeBase } from '../../server/src/mtus/load';
import { runRules } from '../../server/src/rules/engine';
import { roundRobin } from './stats';

export const TASKS = ['ours', 'floor', 'markdownlint', 'mdls'] as const;
export type Task = (typeof TASKS)[number];

/** Keeps results alive so no engine can drop the work as dead code. */
let sink = 0;
export function sinkValue(): number {
  return sink;
}

export interface Sizes {
  symbols: number;
  folding: number;
  findings: number;
  items: number;
  lines: number;
}

type LintSync = (options: { strings: Record<string, string> }) => Record<string, unknown[]>;

export async function makeTasks(texts: string[]): Promise<{ fns: Record<Task, () => unknown>; sizes: Sizes }> {
  const kb = defaultKnowledgeBase();
  // All rules at their default level: none is off by default, so every rule runs.
  const levels = {};
  const sizes: Sizes = { symbols: 0, folding: 0, findings: 0, items: 0, lines: 0 };

  const ours = () => {
    for (const t of texts) {
      const model = parseDetermination(t, kb);
      const findings = runRules(model, kb, levels);
      const symbols = getDocumentSymbols(model);
      const folding = getFoldingRanges(model);
      sink += findings.length + symbols.length + folding.length;
    }
  };
  for (const t of texts) {
    const model = parseDetermination(t, kb);
    sizes.findings += runRules(model, kb, levels).length;
    sizes.symbols += getDocumentSymbols(model).length;
    sizes.folding += getFoldingRanges(model).length;
    sizes.items += model.items.length;
  }

  const floor = () => {
    for (const t of texts) sink += t.split(/\r\n|\r|\n/).length;
  };
  for (const t of texts) sizes.lines += t.split(/\r\n|\r|\n/).length;

  // markdownlint is ESM-only: a dynamic import keeps this CommonJS-compiled script loadable.
  const { lint } = (await import('markdownlint/sync')) as unknown as { lint: LintSync };
  const strings: Record<string, string> = {};
  texts.forEach((t, i) => (strings[`doc${i}.md`] = t));
  const markdownlint = () => {
    const results = lint({ strings });
    for (const k in results) sink += results[k].length;
  };

  // vscode-markdown-languageservice with markdown-it as its parser (as VS Code's Markdown
  // extension configures it). Its table of contents is cached per document URI, so every run
  // uses a fresh service and fresh URIs: each run computes the symbols from scratch.
  const md = new MarkdownIt({ html: true, linkify: true });
  const parser: IMdParser = { slugifier: githubSlugifier, tokenize: async (doc: ITextDocument) => md.parse(doc.getText(), {}) };
  const never = new Emitter<never>().event;
  const workspace: IWorkspace = {
    workspaceFolders: [],
    onDidChangeMarkdownDocument: never,
    onDidCreateMarkdownDocument: never,
    onDidDeleteMarkdownDocument: never,
    getAllMarkdownDocuments: async () => [],
    hasMarkdownDocument: () => false,
    openMarkdownDocument: async () => undefined,
    stat: async () => undefined,
    readDirectory: async () => [],
  };
  const logger = { level: LogLevel.Off, log: () => undefined };
  const token = new CancellationTokenSource().token;
  let generation = 0;
  const mdls = async () => {
    const service = createLanguageService({ workspace, parser, logger });
    const g = generation++;
    for (let i = 0; i < texts.length; i++) {
      const doc = TextDocument.create(`file:///bench/${g}/${i}.md`, 'markdown', 1, texts[i]);
      sink += (await service.getDocumentSymbols(doc, {}, token)).length;
    }
    service.dispose();
  };

  return { fns: { ours, floor, markdownlint, mdls }, sizes };
}

/**
 * Times the four tasks round-robin. `slowRuns` applies to markdownlint, which is one to two
 * orders of magnitude slower than the rest; it runs in the first `slowRuns` rounds only.
 */
export async function measureInProcess(
  texts: string[],
  opts: { warmup: number; runs: number; slowRuns: number },
): Promise<{ times: Record<Task, number[]>; sizes: Sizes }> {
  const { fns, sizes } = await makeTasks(texts);
  const fast = await roundRobin(
    (['ours', 'floor', 'mdls'] as const).map((name) => ({ name, fn: fns[name] })),
    opts.warmup,
    opts.runs,
  );
  const slow = await roundRobin([{ name: 'markdownlint', fn: fns.markdownlint }], 1, opts.slowRuns);
  return {
    times: { ours: fast.get('ours')!, floor: fast.get('floor')!, mdls: fast.get('mdls')!, markdownlint: slow.get('markdownlint')! },
    sizes,
  };
}
