// Bundles the extension client, the language server and the command-line twin with esbuild.
// `--production` minifies (used by `npm run package`); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: !production,
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  // PDFium is never bundled: the PDF worker compiles its .wasm from dist/pdfium/ (below).
  external: ['@embedpdf/pdfium', '@embedpdf/pdfium/*'],
};
mkdirSync('dist', { recursive: true });

// The MTUS data ships beside the bundles and is read on first use (server/src/mtus/load.ts).
writeFileSync('dist/mtus-kb.json', JSON.stringify(JSON.parse(readFileSync('server/data/mtus-kb.json', 'utf8'))));
writeFileSync('dist/mtus-allowances.json', JSON.stringify(JSON.parse(readFileSync('server/data/mtus-allowances.json', 'utf8'))));

// PDFium (issue 25) ships as its WebAssembly file beside the bundles, compiled by
// dist/pdf-worker.js only when a PDF is read (server/src/pdf/pdfium.ts): nothing is fetched.
// Its glue is ours; the package's JavaScript is not shipped. Its licences go with it.
const pdfiumWasm = createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm');
// dist/pdfjs/ is what builds before issue 25 shipped (PDF.js): not left beside the new engine.
rmSync('dist/pdfjs', { recursive: true, force: true });
mkdirSync('dist/pdfium', { recursive: true });
copyFileSync(pdfiumWasm, 'dist/pdfium/pdfium.wasm');
for (const name of ['LICENSE', 'LICENSE.pdfium']) copyFileSync(path.join(pdfiumWasm, '..', '..', name), `dist/pdfium/${name}`);

// Our features import vscode-languageserver-types for a few enums; vscode-languageserver has
// its own copy (a different patch version is installed beside it). One copy in the server:
// the one the server library itself resolves.
const require = createRequire(import.meta.url);
const resolveFrom = (name, file) => require.resolve(name, { paths: [path.dirname(file)] });
const serverTypes = resolveFrom('vscode-languageserver-types', resolveFrom('vscode-languageserver-protocol', require.resolve('vscode-languageserver/node')));
const oneTypesCopy = {
  name: 'one-vscode-languageserver-types',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver-types$/ }, () => ({ path: serverTypes }));
  },
};

// protocol.ts types its requests with vscode-jsonrpc's RequestType / NotificationType. Its
// bundles take only vscode-jsonrpc's messages module (where those classes live; the package
// exports no such path, hence the file's own path), and the copy of it the bundle's own library
// uses: the client's (vscode-languageclient) for the extension, the server library's for the
// server, so that each bundle holds one copy and protocol.ts's types are that library's own.
// Bundles without either (imr-check, the workers) take the client's: a few kilobytes.
const jsonrpcMessages = (fromPackage) => path.join(path.dirname(resolveFrom('vscode-jsonrpc', fromPackage)), 'messages.js');
const clientJsonrpc = jsonrpcMessages(resolveFrom('vscode-languageserver-protocol', require.resolve('vscode-languageclient/node')));
const serverJsonrpc = jsonrpcMessages(resolveFrom('vscode-languageserver-protocol', require.resolve('vscode-languageserver/node')));
const protocolMessages = (messages) => ({
  name: 'protocol-jsonrpc-messages',
  setup(build) {
    build.onResolve({ filter: /^vscode-jsonrpc$/ }, (args) => (/[\\/]server[\\/]src[\\/]protocol\.ts$/.test(args.importer) ? { path: messages } : undefined));
  },
});

// imr-check carries its version and the rule pages (SARIF's rule help) in its bundle, so an
// installed copy needs neither package.json nor docs/ beside it (server/src/cli/packageInfo.ts).
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const ruleHelp = Object.fromEntries(
  readdirSync('docs/rules')
    .filter((f) => f.endsWith('.md'))
    .map((f) => [f.slice(0, -3), readFileSync(path.join('docs/rules', f), 'utf8')]),
);
// The server names the same version (serverInfo, the library's cache key): the same define.
const packageDefine = { __IMR_PACKAGE__: JSON.stringify({ version: pkg.version, ...(pkg.homepage ? { homepage: pkg.homepage } : {}) }) };
const cliDefines = {
  ...packageDefine,
  __IMR_RULE_HELP__: JSON.stringify(ruleHelp),
};

// The PDF reader is a bundle of its own (dist/pdf-reader.js) that the others require: one copy of
// its code and state in a process, which imr-check's launcher (dist/cli.js) starts before the
// main bundle has loaded (server/src/cli/launch.ts).
const PDF_READER = path.resolve('server/src/pdf/reader.ts');
const sharedPdfReader = {
  name: 'shared-pdf-reader',
  setup(build) {
    build.onResolve({ filter: /(^|\/)reader$/ }, (args) =>
      path.resolve(args.resolveDir, `${args.path}.ts`) === PDF_READER ? { path: './pdf-reader.js', external: true } : undefined,
    );
  },
};

const serverPlugins = [oneTypesCopy, protocolMessages(serverJsonrpc)];
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...common.external] },
  // dist/server.js is a small loader that runs the server bundle through a V8 code cache.
  // The reader only resolves @embedpdf/pdfium when run from the sources (tests under tsx); the
  // bundle uses dist/pdf-worker.js and dist/pdfium/.
  {
    ...common,
    entryPoints: ['server/src/lsp/server.ts'],
    outfile: 'dist/server-main.js',
    plugins: [...serverPlugins, sharedPdfReader],
    define: packageDefine,
  },
  // The two entry points check the Node version before loading their main bundle, so they are
  // compiled for any Node (es2017 syntax) and kept small.
  { ...common, entryPoints: ['server/src/lsp/bootstrap.ts'], outfile: 'dist/server.js', target: 'es2017' },
  { ...common, entryPoints: ['server/src/lsp/oldNodeServer.ts'], outfile: 'dist/server-old-node.js', plugins: serverPlugins, target: 'es2017' },
  { ...common, entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, target: 'es2017' },
  {
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    define: cliDefines,
    plugins: [protocolMessages(clientJsonrpc), sharedPdfReader],
  },
  // The PDF reader (server/src/pdf/reader.ts): required by the bundles that read PDFs, and by dist/cli.js.
  { ...common, entryPoints: ['server/src/pdf/reader.ts'], outfile: 'dist/pdf-reader.js' },
  // The PDF reading worker thread (server/src/pdf/reader.ts starts it from dist/).
  { ...common, entryPoints: ['server/src/pdf/worker.ts'], outfile: 'dist/pdf-worker.js' },
  // The workspace index reads letter files on worker threads (server/src/workspace/indexPool.ts).
  { ...common, entryPoints: ['server/src/workspace/indexWorker.ts'], outfile: 'dist/index-worker.js' },
  // The letter library's database thread (server/src/library/libraryStore.ts starts it): node:sqlite is synchronous.
  { ...common, entryPoints: ['server/src/library/libraryWorker.ts'], outfile: 'dist/library-worker.js' },
  // imr-check --jobs N runs its checks on worker threads: their script ships beside dist/cli.js.
  {
    ...common,
    entryPoints: ['server/src/cli/worker.ts'],
    outfile: 'dist/cli-worker.js',
    define: cliDefines,
    plugins: [protocolMessages(clientJsonrpc), sharedPdfReader],
  },
];
for (const b of builds) b.plugins ??= [protocolMessages(clientJsonrpc)];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('[build] watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
