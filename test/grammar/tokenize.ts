/**
 * Test helper: loads syntaxes/imr-determination.tmLanguage.json with vscode-textmate + the Oniguruma WASM
 * (the same engine VS Code uses) and tokenizes whole documents line by line, carrying the rule stack across
 * lines exactly as the editor does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const GRAMMAR_PATH = path.join(REPO_ROOT, 'syntaxes', 'imr-determination.tmLanguage.json');
export const SCOPE_NAME = 'text.imr-determination';
export const SAMPLES_DIR = path.join(REPO_ROOT, 'samples');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'grammar');

/** The real-letter corpus lives outside the repo (it may not be copied in). Override with IMR_CORPUS_DIR. */
export const CORPUS_DIR = path.resolve(process.env.IMR_CORPUS_DIR ?? path.join(REPO_ROOT, '..', 'shared', 'corpus'));

export interface Token {
  /** 0-based line number in the document. */
  line: number;
  text: string;
  scopes: string[];
}

export interface TokenizedDocument {
  lines: string[];
  /** Tokens per line. */
  tokens: Token[][];
}

let onigLib: Promise<vsctm.IOnigLib> | undefined;

function loadOnigLib(): Promise<vsctm.IOnigLib> {
  if (!onigLib) {
    const wasmPath = path.join(REPO_ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm');
    // A Uint8Array view is accepted as is (a Buffer's .buffer may be a shared pool).
    onigLib = oniguruma.loadWASM(new Uint8Array(fs.readFileSync(wasmPath))).then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }));
  }
  return onigLib;
}

/** A fresh registry (optionally with a colour theme, for tokenizeLine2 colour checks). */
export async function loadGrammar(theme?: vsctm.IRawTheme): Promise<{ grammar: vsctm.IGrammar; registry: vsctm.Registry }> {
  const registry = new vsctm.Registry({
    onigLib: loadOnigLib(),
    theme,
    loadGrammar: async (scopeName) => {
      if (scopeName !== SCOPE_NAME) return null;
      return vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
    },
  });
  const grammar = await registry.loadGrammar(SCOPE_NAME);
  if (!grammar) throw new Error(`could not load ${GRAMMAR_PATH}`);
  return { grammar, registry };
}

let shared: Promise<vsctm.IGrammar> | undefined;
export function getGrammar(): Promise<vsctm.IGrammar> {
  shared ??= loadGrammar().then((r) => r.grammar);
  return shared;
}

/** Split like the editor does: \r\n, \n and lone \r end a line; form feeds stay inside the line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function tokenizeText(grammar: vsctm.IGrammar, text: string, timeLimitMs = 0): TokenizedDocument {
  const lines = splitLines(text);
  const tokens: Token[][] = [];
  let state: vsctm.StateStack = vsctm.INITIAL;
  lines.forEach((lineText, line) => {
    const r = grammar.tokenizeLine(lineText, state, timeLimitMs);
    if (r.stoppedEarly) throw new Error(`tokenization stopped early on line ${line + 1}`);
    tokens.push(r.tokens.map((t) => ({ line, text: lineText.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    state = r.ruleStack;
  });
  return { lines, tokens };
}

export async function tokenizeFile(file: string): Promise<TokenizedDocument> {
  return tokenizeText(await getGrammar(), fs.readFileSync(file, 'utf8'));
}

/** True when some scope on the token starts with `prefix` as whole dot-separated segments. */
export function hasScope(token: Token, prefix: string): boolean {
  return token.scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
}

export function allTokens(doc: TokenizedDocument): Token[] {
  return doc.tokens.flat();
}

/** Tokens whose (trimmed) text equals `text` exactly. */
export function tokensWithText(doc: TokenizedDocument, text: string): Token[] {
  return allTokens(doc).filter((t) => t.text.trim() === text);
}

/** Tokens carrying a scope that starts with `prefix`. */
export function tokensWithScope(doc: TokenizedDocument, prefix: string): Token[] {
  return allTokens(doc).filter((t) => hasScope(t, prefix));
}

/** Human-readable dump of one line, for assertion messages. */
export function describeLine(doc: TokenizedDocument, line: number): string {
  return (doc.tokens[line] ?? []).map((t) => `${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`).join('\n  ');
}

export function corpusAvailable(): boolean {
  return fs.existsSync(path.join(CORPUS_DIR, '2016-2017', 'text'));
}

export const CORPUS_MISSING_MESSAGE =
  `IMR letter corpus not found at ${CORPUS_DIR} — corpus cases SKIPPED. ` +
  'Set IMR_CORPUS_DIR to the folder holding 2014-2015/, 2016-2017/ and 2013-notice/ to run them.';

/** Corpus files of one 2016-2017 extraction (text | layout | raw), sorted. Empty when the corpus is absent. */
export function corpusFiles(kind: 'text' | 'layout' | 'raw'): string[] {
  const dir = path.join(CORPUS_DIR, '2016-2017', kind);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(dir, f));
}

export const FRAGMENT_PATH = path.join(CORPUS_DIR, '2013-notice', 'fragment.txt');

export function sampleFiles(): string[] {
  return fs
    .readdirSync(SAMPLES_DIR)
    .filter((f) => /\.(txt|imr)$/.test(f))
    .sort()
    .map((f) => path.join(SAMPLES_DIR, f));
}
