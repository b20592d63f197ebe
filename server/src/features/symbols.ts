// Outline: sections, and under the issues section one symbol per disputed item (name, with
// the decision as detail, and in a text of several pages its page: `Overturned · page 2`, what
// VS Code shows beside the name and in its tooltip) whose children are its fields. VS Code drops a symbol whose
// selectionRange is not inside its range, and rejects empty names, so both are guaranteed here.
import { type DocumentSymbol, type SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { trimSpan } from '../parse/joinedText';
import { letterModels } from '../model/letters';
import { decisionLabel, FIELD_TITLES, HEADER_NAMES, itemDisplayName } from '../model/helpers';
import { itemPage, letterPage } from '../model/pages';
import type { Determination, DisputedItem, Field, Span } from '../model/types';

/** Caps the outline of a huge file (many letters concatenated), as large editors do. */
export const MAX_SYMBOLS = 5000;

function symbol(
  model: Determination,
  name: string,
  detail: string,
  kind: SymbolKind,
  span: Span,
  selection: Span,
  children?: DocumentSymbol[],
): DocumentSymbol {
  const range = model.lines.range({ start: Math.min(span.start, selection.start), end: Math.max(span.end, selection.end) });
  return { name: name.trim() || '(untitled)', detail, kind, range, selectionRange: model.lines.range(selection), children };
}

function fieldSymbol(model: Determination, field: Field): DocumentSymbol {
  const preview = field.value.text.length > 60 ? `${field.value.text.slice(0, 57)}...` : field.value.text || '(empty)';
  const span = { start: field.label.span.start, end: Math.max(field.label.span.end, field.value.span.end) };
  return symbol(model, FIELD_TITLES[field.kind], preview, SymbolKind.Field, span, field.label.span);
}

/** ` · page 2` when the text has page breaks (a PDF's text); '' for a text of one page. */
function pageNote(model: Determination, page: number): string {
  return model.pageStarts.length > 1 ? ` · page ${page}` : '';
}

function itemSymbol(model: Determination, item: DisputedItem): DocumentSymbol {
  return symbol(
    model,
    itemDisplayName(item),
    decisionLabel(item) + pageNote(model, itemPage(model, item)),
    SymbolKind.Object,
    item.span,
    item.name.span.end > item.name.span.start ? item.name.span : item.header,
    item.allFields.map((f) => fieldSymbol(model, f)),
  );
}

export function getDocumentSymbols(model: Determination): DocumentSymbol[] {
  if (!model.isLetter) return [];
  if (model.parts.length <= 1) return letterSymbols(model, { count: 0 });
  // A batch of letters: one symbol per letter, named by its case number, holding its outline.
  const budget = { count: 0 };
  const out: DocumentSymbol[] = [];
  letterModels(model).forEach((letter, k) => {
    if (budget.count >= MAX_SYMBOLS || !letter.isLetter) return;
    budget.count++;
    const children = letterSymbols(letter, budget);
    const span = trimSpan(model.text, letter.parts[0].span);
    const firstLine = model.lines.positionAt(span.start).line;
    const selection = { start: span.start, end: Math.max(span.start, Math.min(span.end, model.lines.lineContentEnd(firstLine))) };
    const caseNumber = letter.header.find((h) => h.key === 'caseNumber')?.value?.text;
    const detail = `letter ${k + 1} of ${model.parts.length} · ${letter.items.length} item${letter.items.length === 1 ? '' : 's'}${pageNote(model, letterPage(model, letter.parts[0]))}`;
    out.push(symbol(model, caseNumber || `Letter ${k + 1}`, detail, SymbolKind.File, span, selection, children));
  });
  return out;
}

/** The outline of one letter; `budget.count` is shared by all letters of a file (capped at MAX_SYMBOLS). */
function letterSymbols(model: Determination, budget: { count: number }): DocumentSymbol[] {
  if (!model.isLetter) return [];
  const top: DocumentSymbol[] = [];
  let count = budget.count;
  if (model.header.length > 0) {
    const first = model.header[0].label.span;
    let end = first.end;
    const children = model.header.map((h) => {
      const span = { start: h.label.span.start, end: Math.max(h.label.span.end, h.value?.span.end ?? 0) };
      end = Math.max(end, span.end);
      return symbol(model, HEADER_NAMES[h.key], h.value?.text ?? '(empty)', SymbolKind.Property, span, h.label.span);
    });
    const caseNumber = model.header.find((h) => h.key === 'caseNumber')?.value?.text;
    top.push(symbol(model, 'Header', caseNumber ?? '', SymbolKind.Struct, { start: first.start, end }, first, children));
    count += children.length + 1;
  }
  // Items in document order, so each section takes its items from one pointer (a section
  // scanning every item made a file of many letters quadratic).
  const items = [...model.items].sort((a, b) => a.span.start - b.span.start);
  const placed = new Set<DisputedItem>();
  let next = 0;
  for (const section of model.sections) {
    if (count >= MAX_SYMBOLS) break;
    const children: DocumentSymbol[] = [];
    if (section.kind === 'determinationProcess' && model.credentials) {
      for (const [name, part] of [
        ['State(s) of Licensure', model.credentials.licensure],
        ['Certification(s)/Specialty', model.credentials.specialty],
      ] as const) {
        if (part && part.span.end > part.span.start && part.span.start >= section.span.start && part.span.end <= section.span.end)
          children.push(symbol(model, name, part.text, SymbolKind.Property, part.span, part.span));
      }
    }
    while (next < items.length && items[next].span.start < section.span.start) next++;
    for (let k = next; k < items.length && items[k].span.start < section.span.end && count < MAX_SYMBOLS; k++) {
      const item = items[k];
      if (item.span.end <= section.span.end && !placed.has(item)) {
        children.push(itemSymbol(model, item));
        placed.add(item);
        count += 1 + item.allFields.length;
      }
    }
    const title = section.heading.text;
    top.push(symbol(model, title, '', SymbolKind.Module, section.span, section.heading.span, children));
    count++;
  }
  // Items outside every section (a draft without headings, the 2013 notice's summary list).
  for (const item of items) {
    if (count >= MAX_SYMBOLS) break;
    if (placed.has(item)) continue;
    top.push(itemSymbol(model, item));
    count += 1 + item.allFields.length;
  }
  budget.count = count;
  return top.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/**
 * The outline as a flat list, for a client without hierarchical document symbols (LSP: such a
 * client takes SymbolInformation): each symbol in outline order, with the name of the one holding it.
 */
export function flatDocumentSymbols(symbols: readonly DocumentSymbol[], uri: string, container?: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of symbols) {
    out.push({ name: s.name, kind: s.kind, location: { uri, range: s.range }, ...(container ? { containerName: container } : {}) });
    if (s.children) out.push(...flatDocumentSymbols(s.children, uri, s.name));
  }
  return out;
}
