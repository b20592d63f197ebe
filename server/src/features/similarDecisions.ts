// How the workspace's library decided requests similar to an item (library/similar.ts says what
// similar means): one line of the item's hover, and a code lens above the item whose command
// shows those letters in the IMR Letters view. The counts come from the library's thread
// (lsp/similarDecisions.ts); this module only words them.
import { COMMANDS, type LettersFilter } from '../protocol';

/** The similar items of the library and how each was decided (`other`: no valid decision), and the filter that lists them. */
export interface SimilarDecisions {
  upheld: number;
  overturned: number;
  other: number;
  filter: LettersFilter;
}

/** A lens's command; `command` '' (the editor shows the title as plain text) when there is nothing to list. */
export interface SimilarLensCommand {
  title: string;
  command: string;
  arguments?: [LettersFilter];
}

const total = (s: SimilarDecisions) => s.upheld + s.overturned + s.other;

/** `9 upheld, 3 overturned` (and `, 1 undecided` when an item has no valid decision). */
export function decisionCountsText(s: SimilarDecisions): string {
  return `${s.upheld} upheld, ${s.overturned} overturned${s.other > 0 ? `, ${s.other} undecided` : ''}`;
}

/** The hover's line: how similar requests were decided, or that there are none yet. */
export function similarHoverLine(s: SimilarDecisions): string {
  const n = total(s);
  if (n === 0) return "_No similar requests in this workspace's library yet._";
  return `${n === 1 ? 'One similar request' : 'Similar requests'} in this workspace's library: ${decisionCountsText(s)}`;
}

/**
 * The command of the lens above an item: `12 similar: 9 upheld, 3 overturned`, which shows them in
 * the IMR Letters view; plain text when none is similar yet, or while the library reads the
 * workspace (`null`: the editor is asked for the lenses again once it is done).
 */
export function similarLensCommand(s: SimilarDecisions | null): SimilarLensCommand {
  if (!s) return { title: 'Similar requests: the library is still reading the workspace', command: '' };
  const n = total(s);
  if (n === 0) return { title: 'No similar requests in the library yet', command: '' };
  return { title: `${n} similar: ${decisionCountsText(s)}`, command: COMMANDS.lettersShowSimilar, arguments: [s.filter] };
}
