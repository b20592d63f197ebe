// The one decoding of letter files (imr-check and the workspace index).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeText } from '../../../server/src/util/decodeText';

const text = 'Case Number: CM99-0000071\r\nAcupuncture x 6 – “left” knee: Upheld 🙂\n';
const swap = (b: Buffer) => {
  const out = Buffer.from(b);
  for (let i = 0; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1], out[i]];
  return out;
};

describe('decodeText', () => {
  test('UTF-8 without a mark, and with one (the mark is not text)', () => {
    assert.equal(decodeText(Buffer.from(text, 'utf8')), text);
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), text);
  });

  test('bytes that are not UTF-8 are Windows-1252 (xpdf pdftotext, Notepad "ANSI"); UTF-8 holding a replacement character stays UTF-8', () => {
    const ansi = 'Acupuncture x 6 – “left” knee, Dr. Pérez’s request: Upheld\r\n';
    const bytes = Buffer.from([...ansi].map((c) => ({ '–': 0x96, '“': 0x93, '”': 0x94, '’': 0x92 })[c] ?? c.charCodeAt(0)));
    assert.ok(bytes.every((b) => b < 0x100));
    assert.equal(decodeText(bytes), ansi);
    const withReplacement = 'A broken glyph \ufffd in a UTF-8 letter: Upheld';
    assert.equal(decodeText(Buffer.from(withReplacement, 'utf8')), withReplacement);
  });

  test('UTF-16 LE and BE with their byte-order marks', () => {
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), text);
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), swap(Buffer.from(text, 'utf16le'))])), text);
  });

  test('UTF-16 without a mark is not guessed: its NULs keep it binary', () => {
    assert.ok(decodeText(Buffer.from(text, 'utf16le')).includes('\u0000'));
    assert.equal(decodeText(new Uint8Array(0)), '');
    // An odd trailing byte is a replacement character, not an exception.
    assert.equal(decodeText(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])), 'A\ufffd');
  });
});
