// Function and file lengths over server/src and client/src, measured with the TypeScript parser
// (function declarations, methods, accessors, constructors, arrow functions, function expressions).
// `node --import tsx scripts/sizes.ts [--top N]` prints the longest; test/unit/architecture.test.ts
// uses the same measure for its limits, so the numbers in a report and in the test agree.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_DIRS = ['server/src', 'client/src'];

export interface FunctionSize {
  file: string;
  name: string;
  line: number;
  lines: number;
}
export interface FileSize {
  file: string;
  lines: number;
}

/** Every .ts file under the source folders, as paths relative to the root with `/`. */
export function sourceFiles(dirs = SOURCE_DIRS): string[] {
  return dirs
    .flatMap((d) =>
      (readdirSync(path.join(ROOT, d), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => path.posix.join(d, f.split(path.sep).join('/'))),
    )
    .sort();
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  // An anonymous function takes the name it is bound to (`const f = () => …`, `{ f: () => … }`).
  const p = node.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))) return p.name.getText(sf);
  return '(anonymous)';
}

export function measureFile(file: string): { file: FileSize; functions: FunctionSize[] } {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const functions: FunctionSize[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      functions.push({ file, name: nameOf(node, sf), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  return { file: { file, lines }, functions };
}

export function measure(dirs = SOURCE_DIRS): { files: FileSize[]; functions: FunctionSize[] } {
  const all = sourceFiles(dirs).map(measureFile);
  return { files: all.map((m) => m.file), functions: all.flatMap((m) => m.functions) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--top');
  const top = i >= 0 ? Number(process.argv[i + 1]) : 10;
  const { files, functions } = measure();
  console.log('longest functions:');
  for (const f of functions.sort((a, b) => b.lines - a.lines).slice(0, top)) console.log(`  ${f.lines}\t${f.file}:${f.line} ${f.name}`);
  console.log('longest files:');
  for (const f of files.sort((a, b) => b.lines - a.lines).slice(0, top)) console.log(`  ${f.lines}\t${f.file}`);
}
