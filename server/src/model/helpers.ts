// Questions many readers of the model ask, answered once here, and the words used to show
// parts of it (outline, workspace search, command line).
import type { Citation, Determination, DisputedItem, FieldKind, HeaderKey } from './types';

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

/** A header field's name in messages and the outline. */
export const HEADER_NAMES: Readonly<Record<HeaderKey, string>> = {
  caseNumber: 'Case Number',
  dateAssigned: 'Date Assigned',
  decisionDate: 'Decision Date',
  priority: 'Priority',
  dateOfInjury: 'Date of Injury',
  urDenialDate: 'UR Denial Date',
  applicationReceived: 'Application Received',
  noticeDate: 'Dated',
};

/** A field's name in messages and the outline (its label without the colon). */
export const FIELD_TITLES: Readonly<Record<FieldKind, string>> = {
  claimsAdministratorGuideline: 'Claims Administrator guideline',
  maximusGuideline: 'MAXIMUS guideline',
  decisionRationale: 'Decision rationale',
};

/** The decision as lists show it: `Upheld`, `Overturned`, `no decision` or `Uphled (not a decision)`. */
export function decisionLabel(item: Pick<DisputedItem, 'decision'>): string {
  switch (item.decision.kind) {
    case 'Upheld':
    case 'Overturned':
      return item.decision.kind;
    case 'absent':
      return 'no decision';
    default:
      return `${item.decision.text} (not a decision)`;
  }
}
