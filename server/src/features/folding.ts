// Folding: each section, each disputed item, and each multi-line field.
import type { FoldingRange } from 'vscode-languageserver-types';
import { trimSpan } from '../parse/joinedText';
import type { Determination, Span } from '../model/types';

export const MAX_FOLDING_RANGES = 5000;

export function getFoldingRanges(model: Determination, limit = MAX_FOLDING_RANGES): FoldingRange[] {
  if (!model.isLetter) return [];
  const ranges: FoldingRange[] = [];
  const add = (span: Span, kind?: string) => {
    const start = model.lines.positionAt(span.start).line;
    const end = model.lines.positionAt(span.end).line;
    if (end > start && ranges.length < limit) ranges.push(kind ? { startLine: start, endLine: end, kind } : { startLine: start, endLine: end });
  };
  for (const part of model.parts) {
    // A letter of a batch folds as a whole; each letter's header folds on its own.
    if (model.parts.length > 1) add(trimSpan(model.text, part.span), 'region');
    if (part.header.length > 1)
      add({ start: part.header[0].label.span.start, end: Math.max(...part.header.map((h) => h.value?.span.end ?? h.label.span.end)) }, 'region');
  }
  for (const s of model.sections) add(s.span, 'region');
  for (const item of model.items) {
    add(item.span, 'region');
    for (const f of item.allFields) add({ start: f.label.span.start, end: f.value.span.end });
  }
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
