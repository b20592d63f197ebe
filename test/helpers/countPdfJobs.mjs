// Preload for the language server in protocol tests (node --import): reports on stderr each
// job the server thread posts to a worker thread (the PDF reader's only use of workers), so a
// test can tell when PDFs are read. Writes a marker only, never the job (no document text).
import process from 'node:process';
import { Worker } from 'node:worker_threads';

const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (...args) {
  process.stderr.write('[imr-test] pdf-job\n');
  return post.apply(this, args);
};
