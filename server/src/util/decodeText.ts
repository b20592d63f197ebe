// Bytes of a text file -> its text: the one decoding of letter files, used by imr-check and by
// the workspace index, so both read what Windows tools export. A byte-order mark says how the
// file is encoded (UTF-8, UTF-16 LE or BE) and is not part of the text; without one, UTF-8, and
// bytes that are not UTF-8 are Windows-1252 (what xpdf's pdftotext writes by default, and
// Notepad's "ANSI"): `don’t` and `é` rather than replacement characters.

const BOMS: readonly { bytes: readonly number[]; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

export function decodeText(bytes: Uint8Array): string {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, k) => bytes[k] === b)) {
      // TextDecoder drops the mark itself (ignoreBOM: false); invalid sequences become U+FFFD.
      return new TextDecoder(bom.encoding).decode(bytes);
    }
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // A replacement character is rare in a letter: only then are the bytes looked at again.
  if (!text.includes('\ufffd') || isUtf8(bytes)) return text;
  return windows1252(bytes);
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Windows-1252 (WHATWG's table): Latin-1 but for 0x80-0x9F, which hold the curly quotes, dashes
 * and the euro sign. By hand: Node's own TextDecoder('windows-1252') decodes Latin-1 in some
 * versions (22.13 among them).
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function windows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
}
