// How the library decided requests similar to each item of an open document (issue 26): the
// similarity keys come from the document's own summaries (an unsaved draft has them too), the
// counts from the library's thread in one message per document, never on didChange: only when
// the editor asks for a hover or resolves a code lens. `textDocument/codeLens` gives each keyed
// item a lens without a command at once (nothing waits on the library); `codeLens/resolve` fills
// in the counts, for the lenses the editor shows. Kept per document version and library state.
import { type SimilarDecisions, similarHoverLine, similarLensCommand, type SimilarLensCommand } from '../features/similarDecisions';
import type { LibraryService } from '../library/libraryService';
import { letterRef, similarFilter } from '../library/similar';
import type { LettersFilter, Position, Range, SimilarLensData } from '../protocol';
import { CodeLensRefreshRequest, type Connection } from 'vscode-languageserver/node';
import type { Analysis } from './analysis';

interface ItemKey {
  /** The item's name (its heading when it has none), as the library's summary gives it. */
  range: Range;
  filter: LettersFilter;
}

interface ItemSimilar {
  range: Range;
  similar: SimilarDecisions;
}

/** A similar-decisions lens: without `command` until resolved. */
export interface SimilarLens {
  range: Range;
  command?: SimilarLensCommand;
  data: SimilarLensData;
}

const samePosition = (a: Position, b: Position) => a.line === b.line && a.character === b.character;

export class SimilarDecisionsService {
  /** Bumped whenever the library changes: counts of an earlier state are asked again. */
  private generation = 0;
  /** The client asks for the lenses again when told to (`workspace/codeLens/refresh`). */
  canRefresh = false;

  constructor(
    private readonly library: LibraryService,
    private readonly connection: Connection,
  ) {}

  /** The library changed: counts are asked again, and the lenses once the index has read every file. */
  libraryChanged(indexing: boolean): void {
    this.generation++;
    if (!indexing) this.refresh();
  }

  /** The lenses are asked for again (the library was read, or the setting changed). */
  refresh(): void {
    if (this.canRefresh) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /** The hover's line for the item whose name starts at `name`; null when it has no key or the library is still indexing. */
  async hoverLine(uri: string, analysis: Analysis, name: Position): Promise<string | null> {
    const hit = (await this.items(uri, analysis))?.find((i) => samePosition(i.range.start, name));
    return hit ? similarHoverLine(hit.similar) : null;
  }

  /** `enabled`: `imr.codeLens.similarDecisions`. One lens per keyed item, without its counts. */
  codeLenses(uri: string, analysis: Analysis, enabled: boolean): SimilarLens[] {
    return enabled ? this.keys(uri, analysis).map((k) => ({ range: k.range, data: { uri } })) : [];
  }

  /** The lens with its command: the counts of its item (matched by where its name starts) in the document as it is now. */
  async resolve(lens: SimilarLens, analysis: Analysis): Promise<SimilarLens> {
    const items = await this.items(lens.data.uri, analysis);
    if (items === null) return { ...lens, command: similarLensCommand(null) };
    const hit = items.find((i) => samePosition(i.range.start, lens.range.start));
    // An item gone since (an edit the editor has not asked lenses for yet): left as it came.
    return hit ? { ...lens, command: similarLensCommand(hit.similar) } : lens;
  }

  /** Every item with a similarity key: from the document's own summaries, once per version. */
  private keys(uri: string, analysis: Analysis): ItemKey[] {
    if (analysis.declined) return [];
    return analysis.cached('similarKeys', () => {
      const keyed: ItemKey[] = [];
      for (const letter of analysis.checked.summaries(uri)) {
        for (const item of letter.items) {
          const filter = similarFilter(item, letterRef(uri, letter.letter));
          if (filter) keyed.push({ range: item.range, filter });
        }
      }
      return keyed;
    });
  }

  /** Every keyed item and its counts: one query per document version (and library state); null while indexing. */
  private items(uri: string, analysis: Analysis): Promise<ItemSimilar[] | null> {
    return analysis.cached(`similarDecisions:${this.generation}`, async () => {
      const keyed = this.keys(uri, analysis);
      if (keyed.length === 0) return [];
      const counts = await this.library.decisions(keyed.map((k) => k.filter));
      return counts && keyed.map((k, i) => ({ range: k.range, similar: { ...counts[i], filter: k.filter } }));
    });
  }
}
