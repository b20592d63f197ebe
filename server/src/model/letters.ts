// The letters of a file, each as a model of its own. Most of the engine reads the whole model
// (every item, every section); what is about one letter's shape (its required headings, an
// item listed twice, its header dates, where a completion is) must read that letter alone, or
// a QA batch of letters would count one letter's heading or item for another.
import type { Determination, LetterPart } from './types';
import { lastAtOrBefore } from '../util/search';

/** The model of one letter of `model`: the same text and line index, that letter's parts. */
function viewOf(model: Determination, part: LetterPart): Determination {
  const isLetter = part.sections.length > 0 || part.items.length > 0 || part.header.length >= 2;
  const { header, sections, credentials, items } = part;
  return { ...model, header, sections, credentials, items, layout: isLetter ? part.layout : 'empty', isLetter, parts: [part] };
}

/** Where the letter of a one-letter model stands in the text (the whole text for a single letter). */
export function letterSpan(model: Determination): { start: number; end: number } {
  return model.parts.length === 1 ? model.parts[0].span : { start: 0, end: model.text.length };
}

/** Each letter of the file as its own model (the model itself when it holds one letter). */
export function letterModels(model: Determination): Determination[] {
  return model.parts.length <= 1 ? [model] : model.parts.map((p) => viewOf(model, p));
}

/** The letter that holds `offset` (the last one for the end of the text). */
export function letterAt(model: Determination, offset: number): Determination {
  if (model.parts.length <= 1) return model;
  const lo = lastAtOrBefore(model.parts.length, (i) => model.parts[i].span.start, offset);
  return viewOf(model, model.parts[lo]);
}

/** How a message names a letter: `The letter`, or in a batch `Letter 2 of 5 (CM99-0000002)`. */
export function letterName(file: Determination, letter: Determination): string {
  if (file.parts.length <= 1) return 'The letter';
  const k = file.parts.indexOf(letter.parts[0]);
  const caseNumber = letter.header.find((h) => h.key === 'caseNumber')?.value?.text;
  return `Letter ${k + 1} of ${file.parts.length}${caseNumber ? ` (${caseNumber})` : ''}`;
}
