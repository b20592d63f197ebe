// An editor that starts the server on a Node older than the floor gets the reason as the
// error of `initialize`, not a process that dies while loading.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { createProtocolConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { BUNDLE_MISSING, SERVER_PATH } from '../helpers/lspClient';
import { BELOW_FLOOR, installedNode } from '../helpers/nodes';

describe('the server on an old Node', { skip: BUNDLE_MISSING }, () => {
  test(`initialize on Node ${BELOW_FLOOR} answers an error naming both versions; shutdown and exit still work`, async () => {
    const child = spawn(installedNode(BELOW_FLOOR), [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    try {
      const error = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} }).then(
        () => assert.fail('initialize succeeded on an old Node'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ResponseError, String(error));
      assert.equal(error.message, `The IMR language server needs Node.js 22.13 or later, but this is Node.js ${BELOW_FLOOR}.`);
      assert.deepEqual(error.data, { retry: false });
      await connection.sendRequest('shutdown');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
      assert.equal(stderr, '');
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});
