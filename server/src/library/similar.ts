// What makes two requests similar, for "how were requests like this decided?" (the item's hover
// and its code lens): the same kind of therapy for the same body part where the request reader
// (parse/request.ts) knows both, otherwise the same MAXIMUS guideline topic (the guideline and
// section the reviewer cited). The key is a LettersFilter, so the library counts the similar
// items and the IMR Letters view shows them with one and the same filter.
import type { LetterItemSummary, LettersFilter } from '../protocol';

/** A body part as the library stores and compares it: lower case, words only (`Lumbar Spine` -> `lumbar spine`); '' when none. */
export function bodyPartKey(bodyPart: string | undefined): string {
  return (bodyPart?.toLowerCase().match(/[a-z0-9]+/g) ?? []).join(' ');
}

/** The letter `letter` (from 1) of the file at `uri`, as `LettersFilter.exclude` names it. */
export const letterRef = (uri: string, letter: number): string => `${uri}#${letter}`;

/**
 * The filter of the requests similar to an item (its library summary: the same keys as the stored
 * ones), leaving out its own letter; null when it has no key (no therapy and body part known, no
 * MAXIMUS section cited).
 */
export function similarFilter(item: LetterItemSummary, ownLetter: string): LettersFilter | null {
  if (item.treatment && item.bodyPart) return { treatment: item.treatment, bodyPart: item.bodyPart, exclude: ownLetter };
  // The first section the reviewer cited is the topic the item was decided on.
  const cited = item.maximusGuidelines?.find((r) => r.sections && r.sections.length > 0);
  return cited ? { guideline: cited.guideline, section: cited.sections![0], exclude: ownLetter } : null;
}
