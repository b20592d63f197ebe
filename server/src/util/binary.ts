// Texts the server declines to read as letters.

/** NUL in the first 8 KB: not text a person wrote. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}
