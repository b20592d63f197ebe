// Bytes of a text file -> its text: the one decoding of letter files, used by imr-check and by
// the workspace index, so both read what Windows tools export. A byte-order mark says how the
// file is encoded (UTF-8, UTF-16 LE or BE) and is not part of the text; without one, UTF-8.

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
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
