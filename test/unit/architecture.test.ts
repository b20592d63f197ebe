// The shape of the code that issue 12 set up, kept by a test instead of by memory: function and
// file lengths (measured as scripts/sizes.ts reports them), no custom method names spelt in the
// client, and the import rules of ARCHITECTURE.md's table. Each failure names the offenders.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { measure, ROOT, sourceFiles } from '../../scripts/sizes';

const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 450;

interface Import {
  from: string;
  spec: string;
  target: string;
  typeOnly: boolean;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** Every import, export-from, dynamic import() and require() of a file; `target` is a root-relative path for our own files. */
function importsOf(file: string): Import[] {
  const sf = parse(file);
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    const target = spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.(?:ts|js)$/, '') : spec;
    out.push({ from: file, spec, target, typeOnly });
  };
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(n) ? !!n.importClause?.isTypeOnly : n.isTypeOnly;
      add(n.moduleSpecifier.text, typeOnly);
    } else if (
      ts.isCallExpression(n) &&
      n.arguments[0] &&
      ts.isStringLiteral(n.arguments[0]) &&
      (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))
    ) {
      add(n.arguments[0].text, false);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The area of ARCHITECTURE.md's table a file of ours belongs to: `parse/`, `lsp/`, `protocol.ts` (the one top-level file), `client`. */
function areaOf(file: string): string {
  if (file.startsWith('client/')) return 'client';
  const rel = file.replace(/^server\/src\//, '').replace(/\.ts$/, '');
  if (rel.includes('/')) return rel.split('/')[0] + '/';
  return rel === 'protocol' ? 'protocol.ts' : 'server/src/*.ts';
}

const ours = (i: Import) => i.target.startsWith('server/') || i.target.startsWith('client/');

/**
 * What each area may import of ours, as ARCHITECTURE.md's table states it ('*' for everything).
 * `model/` types only: a type import (erased from the bundle) that may be used beside the folders listed.
 */
const MAY_IMPORT: Record<string, { folders: string[] | '*'; typesFrom?: string[]; files?: string[] }> = {
  'util/': { folders: [] },
  'model/': { folders: ['util/'] },
  'mtus/': { folders: ['util/'], typesFrom: ['model/'] },
  'parse/': { folders: ['model/', 'mtus/', 'util/'] },
  'rules/': { folders: ['model/', 'parse/', 'mtus/', 'util/'] },
  'pipeline/': { folders: ['model/', 'parse/', 'mtus/', 'rules/', 'config/', 'util/', 'protocol.ts'], files: ['server/src/library/library'] },
  'features/': { folders: ['model/', 'parse/', 'mtus/', 'util/', 'rules/', 'pipeline/', 'protocol.ts'] },
  'pdf/': { folders: ['util/', 'protocol.ts'] },
  'workspace/': {
    folders: ['model/', 'parse/', 'util/', 'pdf/', 'mtus/', 'rules/', 'config/', 'pipeline/', 'protocol.ts'],
    files: ['server/src/library/library'],
  },
  'library/': { folders: ['model/', 'parse/', 'util/', 'mtus/', 'rules/', 'pipeline/', 'workspace/', 'protocol.ts'] },
  'csv/': { folders: ['protocol.ts'] },
  'config/': { folders: ['mtus/', 'rules/', 'util/'] },
  'cli/': {
    folders: ['model/', 'mtus/', 'parse/', 'rules/', 'pipeline/', 'features/', 'util/', 'workspace/', 'library/', 'config/', 'pdf/', 'csv/', 'protocol.ts'],
  },
  'lsp/': { folders: '*' },
  'protocol.ts': { folders: [] },
  client: { folders: [], files: ['server/src/protocol', 'server/src/parse/looksLikeLetter', 'server/src/csv/csv'] },
};

function importViolations(): string[] {
  const bad: string[] = [];
  for (const file of sourceFiles()) {
    const area = areaOf(file);
    const rule = MAY_IMPORT[area];
    if (!rule) {
      bad.push(`${file}: area ${area} has no row in ARCHITECTURE.md's table (nor in MAY_IMPORT)`);
      continue;
    }
    for (const i of importsOf(file)) {
      if (!ours(i)) {
        // The editor's API belongs to the client alone: the server runs without VS Code (imr-check, tests).
        if (area !== 'client' && (i.spec === 'vscode' || i.spec.startsWith('vscode/'))) bad.push(`${file} imports ${i.spec}`);
        continue;
      }
      if (area !== 'client' && i.target.startsWith('client/')) {
        bad.push(`${file} imports ${i.spec} (the server never imports the client)`);
        continue;
      }
      const to = areaOf(i.target + '.ts');
      if (to === area || rule.folders === '*') continue;
      if (rule.folders.includes(to) || rule.files?.includes(i.target) || (i.typeOnly && rule.typesFrom?.includes(to))) continue;
      bad.push(`${file} imports ${i.spec} (${area} may not import ${to})`);
    }
  }
  return bad;
}

describe('architecture', () => {
  const { files, functions } = measure();

  it(`no function in server/src or client/src is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long = functions.filter((f) => f.lines > MAX_FUNCTION_LINES).map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    assert.ok(functions.length > 100, 'the measure found functions');
    assert.deepEqual(long, [], `functions over ${MAX_FUNCTION_LINES} lines:\n  ${long.join('\n  ')}`);
  });

  it(`no file in server/src or client/src is longer than ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter((f) => f.lines > MAX_FILE_LINES).map((f) => `${f.file} (${f.lines} lines)`);
    assert.deepEqual(long, [], `files over ${MAX_FILE_LINES} lines:\n  ${long.join('\n  ')}`);
  });

  it("the client spells no custom method name ('imr/…'): they come from server/src/protocol.ts", () => {
    const found: string[] = [];
    for (const file of sourceFiles(['client/src'])) {
      const sf = parse(file);
      const visit = (n: ts.Node): void => {
        if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n)) && n.text.startsWith('imr/')) {
          found.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1} '${n.text}'`);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    assert.deepEqual(found, [], `method names spelt in the client:\n  ${found.join('\n  ')}`);
  });

  it("imports follow ARCHITECTURE.md's table of folders", () => {
    const bad = importViolations();
    assert.deepEqual(bad, [], `imports against ARCHITECTURE.md:\n  ${bad.join('\n  ')}`);
  });

  it('ARCHITECTURE.md names every folder of server/src, and every folder it names exists', () => {
    const doc = readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z]+)\/` \|/gm)].map((m) => m[1]);
    const folders = readdirSync(path.join(ROOT, 'server/src')).filter((d) => statSync(path.join(ROOT, 'server/src', d)).isDirectory());
    assert.deepEqual([...rows].sort(), [...folders].sort(), "the table's folders are server/src's folders");
    assert.deepEqual(
      Object.keys(MAY_IMPORT)
        .filter((a) => a.endsWith('/'))
        .sort(),
      [...folders].map((f) => f + '/').sort(),
      'MAY_IMPORT has a rule per folder',
    );
    // Any other `folder/` the text mentions as a path of server/src must exist too.
    const named = [...doc.matchAll(/`server\/src\/([a-z]+)\//g)].map((m) => m[1]);
    for (const f of named) assert.ok(existsSync(path.join(ROOT, 'server/src', f)), `ARCHITECTURE.md names server/src/${f}/, which does not exist`);
  });
});
