// Placeholder: the citation parser (issue 4) replaces this.
import type { KnowledgeBase } from '../mtus/knowledgeBase';
import type { Citation, FieldKind, Span } from './types';
export function parseCitations(_text: string, _value: Span, _field: FieldKind, _kb?: KnowledgeBase): Citation[] {
  return [];
}
