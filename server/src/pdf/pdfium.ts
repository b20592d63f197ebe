// PDFium, Chrome's PDF engine, compiled to WebAssembly (the pdfium.wasm of @embedpdf/pdfium,
// shipped beside the bundle in dist/pdfium/). We instantiate it with our own few imports instead
// of the package's Emscripten glue, which could fetch the file from a CDN, reads the environment
// and prints: here nothing is fetched, no file is opened (every file system call fails), and
// nothing is printed (PDFium's own messages could quote a document).
//
// Memory bound: the module's heap is one WebAssembly.Memory, and the module grows it only by
// calling its `emscripten_resize_heap` import, which is ours: it refuses any size past the bound
// (`boundBytes`). malloc then fails inside PDFium, which aborts the call (our `_abort_js` throws)
// or, where PDFium tolerates it, leaves something out (a stream not decoded): either way the call
// ends in PdfiumOutOfMemory, never in a document read in part, and the caller drops the instance.
// The size is also checked after each call, so no other way of growing could go unseen. The
// bound covers everything PDFium holds: the file's bytes, decoded streams, fonts, page objects.
import { promises as fs } from 'node:fs';

// The WebAssembly API as used here (the project's type libraries have no WebAssembly).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export type WasmModule = { readonly __wasmModule: unique symbol };
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: { imports(m: WasmModule): { module: string; name: string; kind: string }[] };
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
  RuntimeError: new (message: string) => Error;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports we call (C functions of PDFium's public API, and the Emscripten runtime's). */
export interface PdfiumExports {
  memory: WasmMemory;
  __indirect_function_table: { get(index: number): unknown };
  __wasm_call_ctors(): void;
  emscripten_stack_init?(): void;
  emscripten_stack_get_current(): number;
  _emscripten_stack_restore(sp: number): void;
  setThrew(threw: number, value: number): void;
  malloc(size: number): number;
  free(ptr: number): void;
  FPDF_InitLibrary(): void;
  FPDF_LoadMemDocument(data: number, size: number, password: number): number;
  FPDF_GetLastError(): number;
  FPDF_GetPageCount(doc: number): number;
  FPDF_CloseDocument(doc: number): void;
  FPDF_LoadPage(doc: number, index: number): number;
  FPDF_ClosePage(page: number): void;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(textPage: number): void;
  FPDFText_CountChars(textPage: number): number;
  FPDFText_GetUnicode(textPage: number, index: number): number;
  FPDFText_IsGenerated(textPage: number, index: number): number;
  FPDFText_GetFontSize(textPage: number, index: number): number;
  FPDFText_GetCharOrigin(textPage: number, index: number, x: number, y: number): number;
  FPDFText_GetLooseCharBox(textPage: number, index: number, rect: number): number;
  FPDFText_GetMatrix(textPage: number, index: number, matrix: number): number;
}

/** PDFium needed more memory than the bound allows; the instance is unusable afterwards. */
export class PdfiumOutOfMemory extends Error {
  constructor(
    readonly boundBytes: number,
    /** The heap size PDFium asked for when it was refused. */
    readonly requestedBytes: number,
  ) {
    super(`PDFium needs more than ${boundBytes} bytes`);
  }
}

export interface Pdfium {
  readonly exports: PdfiumExports;
  /** The heap as bytes and as a DataView; fresh after any growth. */
  bytes(): Uint8Array;
  view(): DataView;
  /** Runs a call into PDFium; any refused growth past the memory bound becomes PdfiumOutOfMemory. */
  call<T>(f: () => T): T;
}

let compiled: Promise<WasmModule> | null = null;
/**
 * Compiled once, by the reader's thread, off that thread (WebAssembly.compile), and handed to
 * every reading worker with its jobs: a module posted to another thread shares its compiled
 * code, so a second worker (or a new one after a limit ended the last) compiles nothing again,
 * and the first worker boots while the module compiles.
 */
export function compilePdfium(wasmFile: string): Promise<WasmModule> {
  compiled ??= fs.readFile(wasmFile).then((bytes) => wasm.compile(bytes));
  compiled.catch(() => (compiled = null));
  return compiled;
}

const PAGE = 65536;
const ENOSYS = 52;

/** What the imports and the caller share about one instance. */
interface Runtime {
  ex: PdfiumExports;
  boundBytes: number;
  /** The largest heap size refused since the current call began (0: none). */
  refused: number;
  bytes: Uint8Array;
  view: DataView;
}

/** The heap's views, made again after a growth (growing detaches the old buffer). */
function fresh(rt: Runtime): Runtime {
  if (rt.bytes.buffer !== rt.ex.memory.buffer) {
    rt.bytes = new Uint8Array(rt.ex.memory.buffer);
    rt.view = new DataView(rt.ex.memory.buffer);
  }
  return rt;
}

export function instantiatePdfium(module: WasmModule, boundBytes: number): Pdfium {
  const empty = new Uint8Array(0);
  const rt = { boundBytes, refused: 0, bytes: empty, view: new DataView(empty.buffer) } as Runtime;
  rt.ex = new wasm.Instance(module, importsFor(module, rt)).exports as PdfiumExports;
  const ex = rt.ex;
  if (ex.memory.buffer.byteLength > boundBytes) throw new PdfiumOutOfMemory(boundBytes, ex.memory.buffer.byteLength);
  ex.emscripten_stack_init?.();
  ex.__wasm_call_ctors();
  ex.FPDF_InitLibrary();
  return {
    exports: ex,
    bytes: () => fresh(rt).bytes,
    view: () => fresh(rt).view,
    call<T>(f: () => T): T {
      rt.refused = 0;
      try {
        const result = f();
        if (ex.memory.buffer.byteLength > boundBytes) throw new PdfiumOutOfMemory(boundBytes, ex.memory.buffer.byteLength);
        // A refused growth that PDFium survived (FX_TryAlloc) still means something was left
        // out, a stream not decoded say: the document is refused, never read in part.
        if (rt.refused > 0) throw new PdfiumOutOfMemory(boundBytes, rt.refused);
        return result;
      } catch (e) {
        if (rt.refused > 0 && !(e instanceof PdfiumOutOfMemory)) throw new PdfiumOutOfMemory(boundBytes, rt.refused);
        throw e;
      }
    },
  };
}

/** The module's imports: the heap's growth (bounded), aborts, longjmp, and inert system calls. */
function importsFor(module: WasmModule, rt: Runtime): Record<string, Record<string, unknown>> {
  // Emscripten's setjmp/longjmp (libjpeg, libpng) goes through `invoke_*`: a call into the
  // module's table that catches the longjmp (thrown as a number) and flags it for the module.
  const invoke = (index: number, ...args: number[]) => {
    const sp = rt.ex.emscripten_stack_get_current();
    try {
      return (rt.ex.__indirect_function_table.get(index) as (...a: number[]) => number)(...args);
    } catch (e) {
      rt.ex._emscripten_stack_restore(sp);
      if (typeof e !== 'number') throw e;
      rt.ex.setThrew(1, 0);
    }
  };
  const abort = (what: string) => () => {
    throw new wasm.RuntimeError(what);
  };
  const env: Record<string, unknown> = {
    emscripten_resize_heap: (requested: number) => {
      requested >>>= 0;
      const current = rt.ex.memory.buffer.byteLength;
      const wanted = Math.ceil(Math.min(rt.boundBytes, Math.max(requested, current * 2)) / PAGE) * PAGE;
      if (requested > rt.boundBytes || wanted <= current) {
        rt.refused = Math.max(rt.refused, requested);
        return 0;
      }
      rt.ex.memory.grow((wanted - current) / PAGE);
      fresh(rt);
      return 1;
    },
    _emscripten_throw_longjmp: () => {
      throw Infinity;
    },
    _abort_js: abort('abort'),
    __assert_fail: abort('assertion failed'),
    _emscripten_memcpy_js: (dest: number, src: number, n: number) => void fresh(rt).bytes.copyWithin(dest, src, src + n),
    emscripten_date_now: () => Date.now(),
    // Time zones only name dates PDFium would write; it writes none here.
    _tzset_js: () => undefined,
    _localtime_js: () => undefined,
    _gmtime_js: () => undefined,
  };
  const wasi: Record<string, unknown> = {
    // stdout and stderr: swallowed (the byte count is reported written, so nothing retries).
    fd_write: (_fd: number, iov: number, count: number, written: number) => {
      const { view } = fresh(rt);
      let n = 0;
      for (let i = 0; i < count; i++) n += view.getUint32(iov + i * 8 + 4, true);
      view.setUint32(written, n, true);
      return 0;
    },
    environ_sizes_get: (count: number, size: number) => {
      const { view } = fresh(rt);
      view.setUint32(count, 0, true);
      view.setUint32(size, 0, true);
      return 0;
    },
    environ_get: () => 0,
  };
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of wasm.Module.imports(module)) {
    if (imp.kind !== 'function') continue;
    const table = imp.module === 'env' ? env : wasi;
    // The file system: none (fonts are PDFium's built-in ones; the document is in memory): every
    // system call fails. Any other import this glue does not know (a newer build's) fails the
    // read loudly rather than answering something made up.
    table[imp.name] ??= imp.name.startsWith('invoke_')
      ? invoke
      : imp.name.startsWith('__syscall_')
        ? () => -ENOSYS
        : imp.module === 'wasi_snapshot_preview1' && imp.name.startsWith('fd_')
          ? () => ENOSYS
          : abort(`unsupported import ${imp.module}.${imp.name}`);
    (imports[imp.module] ??= {})[imp.name] = table[imp.name];
  }
  return imports;
}
