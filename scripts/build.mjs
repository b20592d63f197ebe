// Bundles the extension client, the language server and the command-line twin with esbuild.
// `--production` minifies (used by `npm run package`); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  // PDF.js is never bundled: the PDF worker imports it from dist/pdfjs/ at run time (below).
  external: ['pdfjs-dist', 'pdfjs-dist/*'],
};
mkdirSync('dist', { recursive: true });

// The MTUS data ships beside the bundles and is read on first use (server/src/mtus/load.ts).
writeFileSync('dist/mtus-kb.json', JSON.stringify(JSON.parse(readFileSync('server/data/mtus-kb.json', 'utf8'))));
writeFileSync('dist/mtus-allowances.json', JSON.stringify(JSON.parse(readFileSync('server/data/mtus-allowances.json', 'utf8'))));

// PDF.js (issue 13) ships as files beside the bundles, imported by dist/pdf-worker.js only when
// a PDF is read: it is ESM-only and fails when bundled into our CommonJS output. The minified
// files in production keep the .vsix small.
const pdfjsBuild = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'legacy', 'build');
mkdirSync('dist/pdfjs', { recursive: true });
for (const name of ['pdf', 'pdf.worker']) {
  copyFileSync(path.join(pdfjsBuild, production ? `${name}.min.mjs` : `${name}.mjs`), `dist/pdfjs/${name}.mjs`);
}
const pdfjsLicense = path.join(pdfjsBuild, '..', '..', 'LICENSE');
if (existsSync(pdfjsLicense)) copyFileSync(pdfjsLicense, 'dist/pdfjs/LICENSE');

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

const serverPlugins = [oneTypesCopy, protocolMessages(serverJsonrpc)];
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...common.external] },
  // dist/server.js is a small loader that runs the server bundle through a V8 code cache.
  // pdfjs-dist stays out: the reader only resolves it when run from the sources (tests under tsx);
  // the bundle uses dist/pdf-worker.js and dist/pdfjs/.
  {
    ...common,
    entryPoints: ['server/src/lsp/server.ts'],
    outfile: 'dist/server-main.js',
    plugins: serverPlugins,
    define: packageDefine,
    external: ['pdfjs-dist/*'],
  },
  // The two entry points check the Node version before loading their main bundle, so they are
  // compiled for any Node (es2017 syntax) and kept small.
  { ...common, entryPoints: ['server/src/lsp/bootstrap.ts'], outfile: 'dist/server.js', target: 'es2017' },
  { ...common, entryPoints: ['server/src/lsp/oldNodeServer.ts'], outfile: 'dist/server-old-node.js', plugins: serverPlugins, target: 'es2017' },
  { ...common, entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, target: 'es2017' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', define: cliDefines },
  // The PDF reading worker thread (server/src/pdf/reader.ts starts it from dist/).
  { ...common, entryPoints: ['server/src/pdf/worker.ts'], outfile: 'dist/pdf-worker.js' },
  // The workspace index reads letter files on worker threads (server/src/workspace/indexPool.ts).
  { ...common, entryPoints: ['server/src/workspace/indexWorker.ts'], outfile: 'dist/index-worker.js' },
  // The letter library's database thread (server/src/library/libraryStore.ts starts it): node:sqlite is synchronous.
  { ...common, entryPoints: ['server/src/library/libraryWorker.ts'], outfile: 'dist/library-worker.js' },
  // imr-check --jobs N runs its checks on worker threads: their script ships beside dist/cli.js.
  { ...common, entryPoints: ['server/src/cli/worker.ts'], outfile: 'dist/cli-worker.js', define: cliDefines },
];
for (const b of builds) b.plugins ??= [protocolMessages(clientJsonrpc)];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('[build] watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
