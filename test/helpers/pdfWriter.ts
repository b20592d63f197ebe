// A tiny PDF writer for test fixtures: pages of text lines in Helvetica (a standard font, not
// embedded), or pages with no text at all. Enough to turn the seed letters into PDFs and to
// make the bad inputs the reader must refuse, without committing any PDF: also the hostile ones
// at the end of this file (a flate bomb, a looping page tree, deep nesting, millions of runs).
import { constants as zlibConstants, deflateRawSync, deflateSync } from 'node:zlib';

export interface PdfPage {
  /** Text lines, top to bottom; empty for a page without a text layer. */
  lines: string[];
  /** The page's content stream as given (instead of `lines`), compressed with FlateDecode. */
  flateContent?: Uint8Array;
  /** Draw a filled rectangle (as a scan's image would cover the page) instead of nothing. */
  painted?: boolean;
}

const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');

export interface PdfOptions {
  /**
   * An RC4 standard security handler whose user password is not empty (random O and U
   * entries): a reader must ask for a password. The content is not really encrypted; no
   * reader gets that far without the password.
   */
  lockedWithUnknownPassword?: boolean;
  /** Entries added to the catalog as written (`/OpenAction << … >>`, `/Deep [[…]]`). */
  catalogExtra?: string;
  /** The page tree's root lists itself among its kids: a tree that loops. */
  loopingPageTree?: boolean;
}

export function makePdf(pages: PdfPage[], opts: PdfOptions = {}): Uint8Array {
  const objects: string[] = [];
  // 1: catalog, 2: pages, 3: font, then content + page per page.
  const kids: number[] = [];
  const pageObjs: string[] = [];
  let n = 4;
  for (const p of pages) {
    const ops: string[] = [];
    if (p.painted) ops.push('0.5 g 36 36 540 720 re f');
    if (p.lines.length > 0) {
      ops.push('BT /F1 11 Tf 13 TL 72 740 Td');
      for (const l of p.lines) ops.push(`(${escape(l)}) Tj T*`);
      ops.push('ET');
    }
    const content = p.flateContent ? Buffer.from(p.flateContent).toString('latin1') : ops.join('\n');
    const filter = p.flateContent ? ' /Filter /FlateDecode' : '';
    pageObjs.push(`${n} 0 obj\n<< /Length ${content.length}${filter} >>\nstream\n${content}\nendstream\nendobj\n`);
    pageObjs.push(
      `${n + 1} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${n} 0 R /Resources << /Font << /F1 3 0 R >> >> >>\nendobj\n`,
    );
    kids.push(n + 1);
    n += 2;
  }
  objects.push(`1 0 obj\n<< /Type /Catalog /Pages 2 0 R${opts.catalogExtra ? ` ${opts.catalogExtra}` : ''} >>\nendobj\n`);
  const loop = opts.loopingPageTree ? ' 2 0 R' : '';
  objects.push(`2 0 obj\n<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}${loop}] /Count ${kids.length + (loop ? 1 : 0)} >>\nendobj\n`);
  objects.push('3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n');
  objects.push(...pageObjs);
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const o of objects) {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += o;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  const hex = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ((i * 37 + seed) & 0xff).toString(16).padStart(2, '0')).join('');
  const lock = opts.lockedWithUnknownPassword
    ? ` /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /O <${hex(32, 11)}> /U <${hex(32, 97)}> /P -44 >> /ID [<${hex(16, 5)}> <${hex(16, 5)}>]`
    : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${lock} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** A letter's text as pages: form feeds split pages, and a page holds at most 52 lines. */
export function letterPages(text: string): PdfPage[] {
  const pages: PdfPage[] = [];
  for (const chunk of text.split('\f')) {
    const lines = chunk.split(/\r?\n/);
    for (let i = 0; i < lines.length; i += 52) pages.push({ lines: lines.slice(i, i + 52) });
  }
  return pages.filter((p, i) => p.lines.some((l) => l.trim()) || i === 0);
}

// ---- hostile PDFs: each must get a clear answer within the reader's limits ----------------

/**
 * A page whose content stream inflates to `megabytes` MB of spaces (valid, empty content) from
 * about a thousandth of that: 1 MB deflated once, repeated (each piece ends in a sync flush and
 * refers only to itself, so the pieces join into one stream), then its Adler-32 in closed form.
 */
export function flateBomb(megabytes: number): PdfPage {
  const piece = deflateRawSync(Buffer.alloc(1 << 20, 0x20), { level: 9, finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const n = BigInt(megabytes) << 20n;
  const a = (1n + 0x20n * n) % 65521n;
  const b = (n + (0x20n * n * (n + 1n)) / 2n) % 65521n;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(Number((b << 16n) | a));
  const parts = [Buffer.from([0x78, 0xda]), ...Array<Buffer>(megabytes).fill(piece), Buffer.from([0x03, 0x00]), adler];
  return { lines: [], flateContent: Buffer.concat(parts) };
}

/** `runs` text runs of one letter each, all on one page (deflated: a small file). */
export function manyRuns(runs: number): PdfPage {
  const content = `BT /F1 1 Tf 72 700 Td ${'(a)Tj '.repeat(runs)}ET`;
  return { lines: [], flateContent: deflateSync(Buffer.from(content, 'latin1')) };
}

/** `/Deep` followed by arrays nested `depth` deep, for PdfOptions.catalogExtra. */
export const deepArrays = (depth: number) => `/Deep ${'['.repeat(depth)}${']'.repeat(depth)}`;

/** An open action that runs JavaScript, for PdfOptions.catalogExtra: a reader must ignore it. */
export const javaScriptOpenAction = "/OpenAction << /S /JavaScript /JS (app.alert\\('opened'\\); while \\(true\\) {}) >>";
