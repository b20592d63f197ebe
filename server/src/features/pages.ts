// imr/pages: where each page of the document begins, as positions, for the client's page
// markers and status bar (client/src/pages.ts). Read from the model's page starts.
import type { Determination } from '../model/types';
import type { PagesResult } from '../protocol';

export function pageStarts(model: Determination): PagesResult {
  return { starts: model.pageStarts.map((offset) => model.lines.positionAt(offset)) };
}
