// PDFium's bounded heap (server/src/pdf/pdfium.ts): the module grows its WebAssembly memory only
// through our import, which refuses any size past the bound; a refused growth is the caller's
// PdfiumOutOfMemory, and the memory never grows past the bound.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePdfium, instantiatePdfium, PdfiumOutOfMemory } from '../../../server/src/pdf/pdfium';

const MB = 1024 * 1024;
const wasmFile = require.resolve('@embedpdf/pdfium/pdfium.wasm');

describe("PDFium's heap bound", () => {
  test('an allocation past the bound is refused, reported, and the memory stays within it', async () => {
    const p = instantiatePdfium(await compilePdfium(wasmFile), 48 * MB);
    const ex = p.exports;
    // Within the bound: granted, and freed.
    const small = p.call(() => ex.malloc(8 * MB));
    assert.notEqual(small, 0);
    p.call(() => ex.free(small));
    assert.throws(
      () => p.call(() => ex.malloc(64 * MB)),
      (e: unknown) => e instanceof PdfiumOutOfMemory && e.boundBytes === 48 * MB && e.requestedBytes > 48 * MB,
    );
    assert.ok(ex.memory.buffer.byteLength <= 48 * MB, `${ex.memory.buffer.byteLength} bytes`);
  });
  test('a bound below the heap PDFium starts with refuses the instance', async () => {
    const module = await compilePdfium(wasmFile);
    assert.throws(() => instantiatePdfium(module, 4 * MB), PdfiumOutOfMemory);
  });
  test('the module is compiled once per process', async () => {
    assert.equal(await compilePdfium(wasmFile), await compilePdfium(wasmFile));
  });
});
