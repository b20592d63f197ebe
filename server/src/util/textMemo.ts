// What a rule reads from a piece of a letter's text, remembered by that text. After an edit, every
// letter below it is moved to new offsets (parse/letterCache.ts), so caches keyed by its objects
// miss; its strings (a rationale's text, the letter's own copy) are the same string objects, whose
// hash V8 keeps, so a lookup by them costs nothing per version. Only what depends on the text
// alone may be kept here, never an offset in the document. A text is kept as its own copy: a
// slice would keep the whole document version it was cut from alive.

/** A string that shares no memory with `text` (UTF-16 round trip: lone surrogates survive). */
export const ownCopy = (text: string): string => Buffer.from(text, 'utf16le').toString('utf16le');

export class TextMemo<V> {
  private readonly values = new Map<string, V>();

  /** `limit`: past it the memo starts again (a long session reads many texts; a version needs few). */
  constructor(private readonly limit = 10_000) {}

  get(text: string, read: (text: string) => V): V {
    let value = this.values.get(text);
    if (value === undefined && !this.values.has(text)) {
      if (this.values.size >= this.limit) this.values.clear();
      value = read(text);
      this.values.set(ownCopy(text), value);
    }
    return value as V;
  }
}
