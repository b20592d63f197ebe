// A tiny PDF writer for test fixtures: pages of text lines in Helvetica (a standard font, not
// embedded), or pages with no text at all. Enough to turn the seed letters into PDFs and to
// make the bad inputs the reader must refuse, without committing any PDF.

export interface PdfPage {
  /** Text lines, top to bottom; empty for a page without a text layer. */
  lines: string[];
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
    const content = ops.join('\n');
    pageObjs.push(`${n} 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`);
    pageObjs.push(
      `${n + 1} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${n} 0 R /Resources << /Font << /F1 3 0 R >> >> >>\nendobj\n`,
    );
    kids.push(n + 1);
    n += 2;
  }
  objects.push('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  objects.push(`2 0 obj\n<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>\nendobj\n`);
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
