// Questions many readers of the model ask, answered once here, and the words used to show
// parts of it (outline, workspace search, command line).
import type { Citation, Determination, DisputedItem } from './types';

/** Every citation in the items' fields, in document order. */
export function* allCitations(model: Determination): Generator<Citation> {
  for (const item of model.items) for (const field of item.allFields) yield* field.citations;
}

/** How an item without a name is shown. */
export const UNNAMED_ITEM = '(unnamed item)';

/** The item's name as shown in lists: its text, or `(unnamed item)`. */
export function itemDisplayName(item: Pick<DisputedItem, 'name'>): string {
  return item.name.text.length > 0 ? item.name.text : UNNAMED_ITEM;
}
