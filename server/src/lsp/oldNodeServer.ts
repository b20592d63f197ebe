// dist/server-old-node.js: what dist/server.js runs instead of the language server when the
// editor started it on a Node.js older than the floor (another editor, an old VS Code). It
// answers `initialize` with the reason as an error, so the editor shows one clear message
// rather than a server that died while loading; every transport vscode-languageserver knows
// (stdio, node-ipc, socket, pipe) works as it would for the real server.
import { createConnection, ResponseError } from 'vscode-languageserver/node';

export function refuse(message: string): void {
  const connection = createConnection();
  connection.onInitialize(() => new ResponseError(-32603, message, { retry: false }));
  connection.onShutdown(() => undefined);
  connection.onExit(() => process.exit(0));
  connection.listen();
}
