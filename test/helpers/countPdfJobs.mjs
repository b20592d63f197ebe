// Preload for the language server in protocol tests (node --import): reports on stderr each
// job the server thread posts to the PDF reader's worker (a message carrying the file's `bytes`;
// the library's and the index's threads get other messages), so a test can tell when PDFs are
// read. Writes a marker only, never the job (no document text).
import process from 'node:process';
import { Worker } from 'node:worker_threads';

const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (...args) {
  if (args[0]?.bytes instanceof Uint8Array) process.stderr.write('[imr-test] pdf-job\n');
  return post.apply(this, args);
};
