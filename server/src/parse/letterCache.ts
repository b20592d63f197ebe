// Letters of a multi-letter file, remembered by their text between versions of the document.
// Typing in one letter of a 5 MB QA batch then re-reads that letter, not the 800 others: each
// letter is parsed on its own text (offsets from its first character) and moved to where it
// stands in the file. Parsing without a cache gives the same model, only slower.
import type { KnowledgeBase } from '../mtus/query';
import { ownCopy } from '../util/textMemo';
import type { Citation, DisputedItem, Field, Letter, Span, TextPart } from '../model/types';

interface Entry<T> {
  text: string;
  /** The letter read at offset 0. */
  atZero: T;
  /** The letter moved to each offset it stands at in this version... */
  placed: Map<number, T>;
  /** ...and in the version before (reused when it has not moved). */
  before?: Map<number, T>;
}

/**
 * Entries are found by a short key (length, first and last characters) and then compared in
 * full: hashing every letter's whole text on each keystroke cost more than the comparison.
 */
const keyOf = (text: string) => `${text.length}\u0000${text.slice(0, 48)}\u0000${text.slice(-48)}`;

export class LetterCache<T extends Letter> {
  private entries = new Map<string, Entry<T>[]>();
  private next = new Map<string, Entry<T>[]>();
  private kb: KnowledgeBase | undefined;

  /** Starts a document version: letters it does not ask for are forgotten at `end()`. */
  begin(kb: KnowledgeBase | undefined): void {
    // Citations are resolved against the knowledge base: another one means other letters.
    if (kb !== this.kb) this.entries.clear();
    this.kb = kb;
    this.next = new Map();
  }

  /** The letter `text` (read by `parse` at offset 0), moved to `offset`. */
  get(text: string, offset: number, parse: (text: string) => T): T {
    const key = keyOf(text);
    let entry = this.next.get(key)?.find((e) => e.text === text);
    if (!entry) {
      const old = this.entries.get(key)?.find((e) => e.text === text);
      // The letter's own copy: a slice (and every part read from it) would keep the whole
      // document version it was cut from in memory for as long as the letter is cached.
      const own = old?.text ?? ownCopy(text);
      entry = { text: own, atZero: old?.atZero ?? parse(own), placed: new Map(), before: old?.placed };
      const ownKey = keyOf(own);
      const bucket = this.next.get(ownKey);
      if (bucket) bucket.push(entry);
      else this.next.set(ownKey, [entry]);
    }
    let placed = entry.placed.get(offset) ?? entry.before?.get(offset);
    if (!placed) placed = offset === 0 ? entry.atZero : shifted(entry.atZero, offset);
    entry.placed.set(offset, placed);
    return placed;
  }

  end(): void {
    for (const bucket of this.next.values()) for (const entry of bucket) entry.before = undefined;
    this.entries = this.next;
    this.next = new Map();
  }
}

/**
 * A copy of a parsed letter with every span moved by `delta`; the original is not touched.
 * Written out per model type rather than by walking objects: it runs for every letter after
 * the one being edited, and a generic walk was most of an edit's time in a 5 MB file
 * (test/unit/parse/letterCache.test.ts checks that every span of the model is moved).
 */
export function shifted<T extends Letter>(letter: T, delta: number): T {
  const span = (s: Span): Span => ({ start: s.start + delta, end: s.end + delta });
  const part = (p: TextPart): TextPart => ({ span: span(p.span), text: p.text });
  const maybe = (p: TextPart | null): TextPart | null => (p ? part(p) : null);
  const citation = (c: Citation): Citation => ({
    ...c,
    span: span(c.span),
    guideline: c.guideline ? { ...c.guideline, name: part(c.guideline.name), year: maybe(c.guideline.year) } : null,
    topic: maybe(c.topic),
    sections: c.sections.map(part),
    referenceLabel: maybe(c.referenceLabel),
    pages: c.pages.map((p) => ({ ...p, part: part(p.part) })),
    source: maybe(c.source),
  });
  const item = (it: DisputedItem): DisputedItem => {
    // `fields` holds the first of each kind from `allFields`: the same objects, moved once.
    const moved = new Map<Field, Field>();
    const field = (f: Field): Field => {
      let m = moved.get(f);
      if (!m) moved.set(f, (m = { ...f, label: part(f.label), value: part(f.value), citations: f.citations.map(citation) }));
      return m;
    };
    const allFields = it.allFields.map(field);
    const fields = { ...it.fields };
    for (const k of Object.keys(fields) as (keyof typeof fields)[]) fields[k] = it.fields[k] ? field(it.fields[k]!) : null;
    return {
      ...it,
      name: part(it.name),
      decision: { ...it.decision, span: span(it.decision.span) },
      preamble: maybe(it.preamble),
      header: span(it.header),
      span: span(it.span),
      fields,
      allFields,
      request: it.request ? { ...it.request, span: span(it.request.span) } : null,
    };
  };
  return {
    ...letter,
    header: letter.header.map((h) => ({ ...h, label: part(h.label), value: maybe(h.value) })),
    sections: letter.sections.map((s) => ({ ...s, heading: part(s.heading), span: span(s.span) })),
    credentials: letter.credentials ? { licensure: maybe(letter.credentials.licensure), specialty: maybe(letter.credentials.specialty) } : null,
    items: letter.items.map(item),
  };
}
