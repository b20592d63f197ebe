// A team's knowledge base for tests: one guideline the bundled base lacks, a made-up letter citing
// it, and the library's letters once the index lists them (agreement and knowledge-base watch tests).
import { LETTERS_REQUEST, type LetterSummary } from '../../server/src/protocol';
import { syntheticLetter } from './cli';
import type { TestServer } from './lspClient';

/** A knowledge base of the team's: one guideline the bundled base does not know. */
export const WIDGET_KB = {
  guidelines: [
    { id: 'widget-2020', title: 'Widget Guidelines (2020)', aliases: ['Widget Complaints'], edition: '2020', about: 'A made-up guideline for tests.' },
  ],
};

/** A made-up letter whose MAXIMUS guideline cites the team's guideline (and a section it does not list). */
export function widgetLetter(caseNumber: string): string {
  return syntheticLetter(caseNumber, ['Widget adjustment', 'Physical therapy 6 visits']).replace(
    /MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section\(s\): Physical medicine treatment\./,
    'MAXIMUS guideline: Decision based on MTUS Widget Complaints 2020, Section(s): Widget care.',
  );
}

/** The library's letters once every one of `uris` is listed (the index works in the background). */
export async function lettersOf(server: TestServer, uris: string[], ms = 30_000): Promise<LetterSummary[]> {
  const end = Date.now() + ms;
  for (;;) {
    const ls = await server.request(LETTERS_REQUEST, {});
    if (uris.every((u) => ls.some((l) => l.uri === u))) return ls.filter((l) => uris.includes(l.uri));
    if (Date.now() > end) throw new Error(`the library lists ${ls.length} letters, not yet ${uris.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
