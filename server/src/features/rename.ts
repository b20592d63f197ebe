// Rename (F2) of a disputed item's name: the name in the item's heading, and every place the
// item repeats it verbatim (its Decision rationale, a partial authorization's preamble), so
// that an item renamed in its heading is not left with the old name in its rationale. Nothing
// else in a letter is renamed: anywhere else prepareRename refuses, saying where it works.
import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Determination, DisputedItem, Span } from '../model/types';
import { JoinedText } from '../parse/joinedText';

/** A refusal, with the message the editor shows. */
export interface Refused {
  refused: string;
}

export const RENAME_WHERE = 'Rename works on the name of a disputed item, in its heading (before the colon and the decision).';

/** The item whose heading name holds `offset` (its end included: the cursor right after the name). */
function itemNamedAt(model: Determination, offset: number): DisputedItem | undefined {
  return model.items.find((i) => i.name.text.length > 0 && offset >= i.name.span.start && offset <= i.name.span.end);
}

/** `prepareRename`: the name's range and text, or why nothing here can be renamed. */
export function prepareItemRename(model: Determination, offset: number): { range: Range; placeholder: string } | Refused {
  const item = itemNamedAt(model, offset);
  if (!item) return { refused: RENAME_WHERE };
  return { range: model.lines.range(item.name.span), placeholder: item.name.text };
}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/**
 * Where `name` is repeated in the span, as whole words: verbatim, but for the case of its first
 * letter (a rationale's `the request for physical therapy ...` repeats `Physical therapy ...`).
 * Each with the first letter as written, so the new name takes the sentence's case.
 */
function repeats(model: Determination, span: Span, name: string): { span: Span; first: string }[] {
  if (name.length < 2) return [];
  const joined = new JoinedText(model.text, span);
  const text = joined.text;
  const rest = name.slice(1);
  const out: { span: Span; first: string }[] = [];
  for (let at = text.indexOf(rest, 1); at > 0; at = text.indexOf(rest, at + rest.length)) {
    const start = at - 1;
    const first = text[start];
    if (first.toLowerCase() !== name[0].toLowerCase()) continue;
    if (isWordChar(text[start - 1]) || isWordChar(text[at + rest.length])) continue;
    out.push({ span: joined.span(start, at + rest.length), first });
  }
  return out;
}

/** The new name with its first letter in the case of `first` (the occurrence's). */
function inCaseOf(first: string, newName: string): string {
  const lower = first === first.toLowerCase() && first !== first.toUpperCase();
  return lower ? newName[0].toLowerCase() + newName.slice(1) : newName;
}

/** The edits of a rename at `offset` to `newName`, for document `uri`, or why not. */
export function renameItem(model: Determination, offset: number, newName: string, uri: string): WorkspaceEdit | Refused {
  const item = itemNamedAt(model, offset);
  if (!item) return { refused: RENAME_WHERE };
  const name = newName.trim();
  if (!name) return { refused: 'An item name cannot be empty.' };
  if (/[\r\n]/.test(name)) return { refused: 'An item name is one line of text.' };
  const edits: TextEdit[] = [{ range: model.lines.range(item.name.span), newText: name }];
  const places = [item.preamble?.span, item.fields.decisionRationale?.value.span].filter((s): s is Span => !!s && s.end > s.start);
  for (const place of places) {
    for (const r of repeats(model, place, item.name.text)) edits.push({ range: model.lines.range(r.span), newText: inCaseOf(r.first, name) });
  }
  return { changes: { [uri]: edits } };
}

export const isRefused = (r: object): r is Refused => 'refused' in r;
