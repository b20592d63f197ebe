// The protocol between the extension (client/src) and the language server beyond LSP itself:
// every custom request, notification and command name, and the shapes they carry. Both sides
// import this one module, so a name cannot be spelt two ways, and each request and notification
// is a typed `RequestType` / `NotificationType`, so no caller restates its params or result.
// One import, vscode-jsonrpc's message types: the bundles take only its messages module
// (scripts/build.mjs), the one the client library and the server library use themselves.
import { NotificationType, RequestType } from 'vscode-jsonrpc';

/** The language of IMR determination letters (package.json `contributes.languages`). */
export const LANGUAGE_ID = 'imr-determination';

/** The configuration section of every setting (`imr.rules`, `imr.run`, ...). */
export const SETTINGS_SECTION = 'imr';
/** Node flags the extension starts the server with: 4 MB semi-spaces, not V8's up to 64 MB (RSS at 20,000 letters 189 MB, not 274). */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Request `imr/cleanUp`: the edits that clean up PDF text in a document (also its formatter). */
export interface CleanUpParams {
  uri: string;
}
export type CleanUpResponse = { range: Range; newText: string }[];
export const CLEAN_UP_REQUEST = new RequestType<CleanUpParams, CleanUpResponse, void>('imr/cleanUp');

/**
 * Request `imr/pages`: where each page of a document begins (form feeds end pages, as pdftotext
 * and the PDF reader write them), for the client's page markers and its `page 2 of 5`.
 */
export interface PagesParams {
  uri: string;
}
export interface PagesResult {
  /** Where page k + 1 begins (the first is 0:0); one entry for a text of one page, none for a document the server does not have. */
  starts: Position[];
}
export const PAGES_REQUEST = new RequestType<PagesParams, PagesResult, void>('imr/pages');

export interface StatusCounts {
  /** False for a text that is not a letter: the client hides the item. */
  isLetter: boolean;
  /** Letters in the file (a QA batch holds several). */
  letters: number;
  items: number;
  upheld: number;
  overturned: number;
  /** Items whose decision is missing or is not `Upheld` / `Overturned`. */
  undecided: number;
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  /** errors + warnings + information. */
  problems: number;
  /** Short text for the status bar: `IMR: 2 items · 1 upheld · 1 overturned · 0 problems`. */
  text: string;
  /** Longer text for the item's tooltip (it says what a click does). */
  tooltip: string;
}

export interface StatusParams extends StatusCounts {
  uri: string;
  version: number;
}

/** Notification `imr/status`, server to client: the status-bar counts of a document, sent when they change. */
export const STATUS_NOTIFICATION = new NotificationType<StatusParams>('imr/status');

/** Commands the extension registers (package.json `contributes.commands`); the server's quick fixes name `disableRule`. */
export const COMMANDS = {
  /** Text editor command: applies `imr/cleanUp` as one undo step. */
  cleanUpText: 'imr.cleanUpText',
  /** Argument: a rule code. Sets `imr.rules.<code>` to `off`. */
  disableRule: 'imr.disableRule',
  restartServer: 'imr.restartServer',
  /** The letter library (client/src/library): the view's title and item commands, the summary, the export. */
  lettersFilter: 'imr.letters.filter',
  lettersClearFilter: 'imr.letters.clearFilter',
  lettersGroupBy: 'imr.letters.groupBy',
  lettersRefresh: 'imr.letters.refresh',
  lettersOpenItem: 'imr.letters.openItem',
  /** A group's "Show more" node (argument: the node): loads its next page of letters. */
  lettersLoadMore: 'imr.letters.loadMore',
  showLettersSummary: 'imr.showLettersSummary',
  /**
   * A similar-decisions code lens (argument: a `LettersFilter`, features/similarDecisions.ts): the
   * IMR Letters view shows the letters it counted, with that filter set. Not in the palette.
   */
  lettersShowSimilar: 'imr.letters.showSimilar',
  /** Optional argument: the target Uri (no save dialog). */
  exportLettersCsv: 'imr.exportLettersCsv',
  /** Opens a PDF's read-only view (arguments: optional uri and range; without a uri, asks for the file). */
  openPdf: 'imr.openPdf',
  /** The same under the Explorer context menu's wording ("Open as IMR Determination"). */
  openPdfFromExplorer: 'imr.openPdfFromExplorer',
  /** Writes a PDF view's text to a .txt the user picks (optional second argument: the target Uri, no dialog), and opens it for editing. */
  saveLetterTextAs: 'imr.saveLetterTextAs',
  /** IMR: Open Letters Library…: a library file, read-only, as a second root of the view (optional argument: its Uri or path, no dialog). */
  openLibrary: 'imr.openLibrary',
  /** An opened library's root (argument: the root node): back to the workspace's library only. */
  closeLibrary: 'imr.letters.closeLibrary',
} as const;

// ---- PDF letters: their read-only views (client/src/pdfView.ts, server/src/pdf/pdfDocuments.ts)

/**
 * Scheme of the read-only text view of a PDF: `imr-pdf:` + the PDF's file path + `.txt`. The
 * suffix makes VS Code's own Save As propose `001.pdf.txt` beside the PDF, never the PDF itself.
 */
export const PDF_SCHEME = 'imr-pdf';

/**
 * The read-only custom editor offered for `*.pdf` by Open With… ("IMR Determination", priority
 * `option`, package.json `contributes.customEditors`): it opens the PDF's `imr-pdf:` view.
 */
export const PDF_EDITOR_VIEW_TYPE = 'imr.pdfLetter';
export const PDF_VIEW_SUFFIX = '.txt';

/** Client -> server: the text of a PDF, read by the server's PDF reader (the client never parses PDFs). */
export interface PdfTextParams {
  /** The PDF's `file:` URI, or its `imr-pdf:` view URI. */
  uri: string;
}
export interface PdfTextResult {
  text: string;
  pages: number;
}
/** A PDF that cannot be read is an error (RequestFailed) whose message names the file and why. */
export const PDF_TEXT_REQUEST = new RequestType<PdfTextParams, PdfTextResult, void>('imr/pdfText');

/** `file:///a/b.pdf` -> `imr-pdf:/a/b.pdf.txt` (as VS Code's Uri.toString spells it); other URIs: null. */
export function pdfViewUri(fileUri: string): string | null {
  const m = /^file:(\/\/[^/]*)?(\/.*)$/i.exec(fileUri);
  if (!m) return null;
  const authority = m[1] && m[1] !== '//' ? m[1] : '';
  return `${PDF_SCHEME}:${authority}${m[2]}${PDF_VIEW_SUFFIX}`;
}

/** `imr-pdf:/a/b.pdf.txt` (or `imr-pdf:///a/b.pdf.txt`) -> `file:///a/b.pdf`; other URIs: null. */
export function pdfFileUri(viewUri: string): string | null {
  const m = /^imr-pdf:(\/\/[^/]*)?(\/.*)$/i.exec(viewUri);
  if (!m) return null;
  const authority = m[1] && m[1] !== '//' ? m[1].slice(2) : '';
  return `file://${authority}${stripSuffix(m[2])}`;
}

export function stripSuffix(p: string): string {
  return p.toLowerCase().endsWith(PDF_VIEW_SUFFIX) ? p.slice(0, -PDF_VIEW_SUFFIX.length) : p;
}

export const isPdfViewUri = (uri: string): boolean => uri.toLowerCase().startsWith(`${PDF_SCHEME}:`);

// ---------------------------------------------------------------- the letter library
// The requests (`imr/letters`, `imr/letterGroups`, `imr/lettersSummary`) and the notification
// (`imr/lettersChanged`) follow their shapes, at the end.

/**
 * Outcome of a whole letter: all items upheld, all overturned, both, or (`undecided`) at least
 * one item without a valid decision (none, or a misspelt one such as `Uphled`): it needs one.
 */
export type LetterOutcome = 'upheld' | 'overturned' | 'mixed' | 'undecided';
export const LETTER_OUTCOMES: readonly LetterOutcome[] = ['upheld', 'overturned', 'mixed', 'undecided'];

/** The facets of a filter (`outcome:overturned` in the view's filter box), besides the item-name words: the one list. */
export const LETTER_FACETS = ['outcome', 'guideline', 'section', 'specialty', 'month', 'treatment', 'bodyPart'] as const;
export type LetterFacet = (typeof LETTER_FACETS)[number];

export interface LettersFilter {
  /** Words of the item name (each must start a word of the name). */
  text?: string;
  /** Outcome of the whole letter (`LetterOutcome`). */
  outcome?: LetterOutcome;
  /** A guideline cited by the MAXIMUS reviewer (as `GuidelineRef.guideline`). */
  guideline?: string;
  /** A MAXIMUS section of that guideline (or of any guideline) cited for the item. */
  section?: string;
  specialty?: string;
  /** Decision month, `YYYY-MM`. */
  month?: string;
  /** The kind of therapy an item requests, as `LetterItemSummary.treatment` (`physical`, `chiropractic`...). */
  treatment?: string;
  /** The body part an item's request names, as `LetterItemSummary.bodyPart` (`lumbar spine`). */
  bodyPart?: string;
  /**
   * A letter left out, `<file URI>#<letter number>`: the letter a similar-decisions lens is on
   * (a letter never counts itself). Not a facet of the filter box.
   */
  exclude?: string;
}

/** A similar-decisions code lens's `data`: listed without a command, it is counted by `codeLens/resolve` (its item found by where its name starts). */
export interface SimilarLensData {
  uri: string;
}

export interface LettersParams {
  /** An opened library file's id (`imr/openLibrary`); absent: the workspace's own library. */
  library?: string;
  filter?: LettersFilter;
  /** Only the letters of one group of `imr/letterGroups` (after the filter): the view's group, page by page. */
  group?: LetterGroupRef;
  /** Paging: skip this many letters of the (filtered) answer. Default 0. */
  offset?: number;
  /** Paging: answer at most this many letters. Default: all. */
  limit?: number;
  /**
   * The item keys to answer besides `name`, `decision` and `range` (always there): the view asks
   * for `['maximusGuidelines', 'problems']` only, a third fewer bytes. Default: all.
   */
  itemFields?: LetterItemField[];
}

/** Letters per `imr/letters` request of the CSV export (one answer of 10,000 letters held 14 MB of JSON at once). */
export const EXPORT_PAGE_SIZE = 1000;

export type LetterItemField =
  | 'claimsAdministratorGuidelines'
  | 'maximusGuidelines'
  | 'claimsAdministratorNoneCited'
  | 'maximusNoneCited'
  | 'conclusion'
  | 'requestedVisits'
  | 'problems'
  | 'page'
  | 'treatment'
  | 'bodyPart';
export const LETTER_ITEM_FIELDS: readonly LetterItemField[] = [
  'claimsAdministratorGuidelines',
  'maximusGuidelines',
  'claimsAdministratorNoneCited',
  'maximusNoneCited',
  'conclusion',
  'requestedVisits',
  'problems',
  'page',
  'treatment',
  'bodyPart',
];

/** What the IMR Letters view reads of each item (the CSV export reads everything; the summary asks imr/lettersSummary). */
export const VIEW_ITEM_FIELDS: LetterItemField[] = ['maximusGuidelines', 'problems'];

// The answer is lean: 10,000 letters travel in one answer, so a key whose value is empty
// (an empty list, no conclusion, a non-MTUS source) is left out rather than sent as [] / null /
// false. Read them with `?? []`. Strings repeated across letters (guideline names, specialties,
// decisions) are one string each in the server's memory.

export interface GuidelineRef {
  /** The name as the knowledge base calls it, or as written for a non-MTUS source. */
  guideline: string;
  /** Present (true) for an MTUS guideline; absent for another source. */
  mtus?: true;
  sections?: string[];
  pages?: string[];
}

export type ItemConclusion = 'medically necessary' | 'not medically necessary';

export interface LetterItemSummary {
  name: string;
  /** `Upheld`, `Overturned`, `no decision` or `<word> (not a decision)`. */
  decision: string;
  /** The item's name in the letter (where a click lands). */
  range: Range;
  claimsAdministratorGuidelines?: GuidelineRef[];
  maximusGuidelines?: GuidelineRef[];
  /**
   * True when the field says its author cited nothing ("did not cite any medical evidence") and
   * names no guideline: not the same as a field that is missing (both have no guidelines).
   */
  claimsAdministratorNoneCited?: true;
  maximusNoneCited?: true;
  /** What the rationale concludes; absent when it is unclear or there is no rationale. */
  conclusion?: ItemConclusion;
  /** Visits the item's name requests in all (`2x6` -> 12); absent when it states none. */
  requestedVisits?: number;
  /** Rule codes of the problems found in the item. */
  problems?: string[];
  /** The page of the file the item begins on (form feeds end pages); absent: page 1. */
  page?: number;
  /** The kind of therapy the name requests (`physical`, `occupational`, `chiropractic`...); absent when it is not a therapy request. */
  treatment?: string;
  /** The body part the name requests it for, lower case, words only (`lumbar spine`); absent when it names none. */
  bodyPart?: string;
}

export interface LetterSummary {
  uri: string;
  /** 1-based position of the letter within its file (a QA batch holds several). */
  letter: number;
  caseNumber?: string;
  decisionDate?: string;
  dateOfInjury?: string;
  urDenialDate?: string;
  dateAssigned?: string;
  specialty?: string;
  items: LetterItemSummary[];
  /** Rule codes of the letter's problems outside any item (a missing section...). */
  problems?: string[];
  /**
   * Only in an opened library file: where its file was when the library was written, when it is
   * not on this machine (neither there nor at its folder + file beside the library file).
   */
  notOnThisMachine?: string;
}

export type LettersResult = LetterSummary[];

// `imr/letterGroups`: the view's top level. The (filtered) letters grouped one way, with counts
// only: 10,000 letters answer in a few kilobytes, and the view asks `imr/letters` with `group`
// for a group's letters, a page at a time, when the group is opened.

export type LetterGrouping = 'outcome' | 'guideline' | 'specialty' | 'month';
export const LETTER_GROUPINGS: readonly LetterGrouping[] = ['outcome', 'guideline', 'specialty', 'month'];

export interface LetterGroupRef {
  by: LetterGrouping;
  /**
   * outcome: `upheld`, `overturned`, `mixed` or `undecided`; guideline, specialty: the name;
   * month: `YYYY-MM`. `''`: letters without one (no guideline cited, no specialty, no date).
   */
  key: string;
}

export interface LetterGroupsParams {
  /** An opened library file's id (`imr/openLibrary`); absent: the workspace's own library. */
  library?: string;
  groupBy: LetterGrouping;
  filter?: LettersFilter;
}

export interface LetterGroup {
  key: string;
  label: string;
  /** Letters in the group (a letter citing two guidelines is in both groups). */
  letters: number;
  /** Their items (those passing the filter). */
  items: number;
  /** The facet filter that shows this group alone; absent for the groups of letters without one. */
  filter?: LettersFilter;
}

export interface LetterGroupsResult {
  /** Letters and items passing the filter, each counted once. */
  letters: number;
  items: number;
  /** Outcome groups in a fixed order, months newest first, the others largest first; the `''` group last. */
  groups: LetterGroup[];
  /**
   * Letter files of the workspace left out of the library, each with the reason (too large, unreadable,
   * a PDF without text), in path order; absent when there are none. Not filtered: no letter of theirs was read.
   */
  notInLibrary?: NotInLibraryFile[];
  /**
   * A workspace folder holds more letter files than `imr.library.maxFiles`: how many were indexed,
   * and found. The view says "indexed N of M files: raise `imr.library.maxFiles`". Absent: none left out.
   */
  capped?: { indexed: number; found: number };
}

/** The setting that limits the files the library indexes per workspace folder. */
export const LIBRARY_MAX_FILES_SETTING = 'imr.library.maxFiles';

export interface NotInLibraryFile {
  /** The file's `file:` URI. */
  uri: string;
  /** Why, in words for the user ("no text layer: run OCR first"); never any of its text. */
  reason: string;
}

export interface LettersSummaryParams {
  /** An opened library file's id (`imr/openLibrary`); absent: the workspace's own library. */
  library?: string;
  filter?: LettersFilter;
}

export interface LettersSummaryRow {
  label: string;
  upheld: number;
  overturned: number;
  other: number;
  /** What a click on the bar or row shows in the view. */
  filter: LettersFilter;
}

export interface LettersSummary {
  totals: { letters: number; items: number; upheld: number; overturned: number; other: number; files: number };
  charts: { id: string; title: string; rows: LettersSummaryRow[] }[];
}

export interface LettersChangedParams {
  /** True while the index is still reading files. */
  indexing: boolean;
  /** Letters in the index now. */
  letters: number;
  /** Files still waiting to be read. */
  queued: number;
}

/** Initialization options the client passes for the library. */
export interface LibraryInitializationOptions {
  /** Folder for the stored index (the extension's workspace storage); absent: memory only. */
  storagePath?: string;
}

/** `initialize`'s `initializationOptions`: what the client sends (client/src/extension.ts) and the server reads (params.ts checks them). */
export interface InitializationOptions extends LibraryInitializationOptions {
  /** The `imr` settings when the server starts; the server normalises them (a malformed value falls back to its default). */
  settings?: unknown;
}

/** `imr/letters` (null params: all of them): every letter of the workspace index (one entry per letter of a file), filtered. */
export const LETTERS_REQUEST = new RequestType<LettersParams | null, LettersResult, void>('imr/letters');
/** `imr/letterGroups`: the (filtered) letters grouped one way, counts only (above). */
export const LETTER_GROUPS_REQUEST = new RequestType<LetterGroupsParams, LetterGroupsResult, void>('imr/letterGroups');
/** `imr/lettersSummary` (params `{ filter? }` or null): the summary's figures over the (filtered) letters. */
export const LETTERS_SUMMARY_REQUEST = new RequestType<LettersSummaryParams | null, LettersSummary, void>('imr/lettersSummary');
/** `imr/lettersChanged`, server to client: the library changed (a file indexed, changed or deleted), or indexing started/finished. */
export const LETTERS_CHANGED_NOTIFICATION = new NotificationType<LettersChangedParams>('imr/lettersChanged');

// An opened library file (`imr-check --library`, `imr-check merge`): read-only, never rebuilt.

export interface OpenLibraryParams {
  /** The library file's path on the server's machine. */
  file: string;
}
export interface OpenLibraryResult {
  /** Pass it as `library` to imr/letters, imr/letterGroups, imr/lettersSummary. The same file opened again: the same id. */
  id: string;
  /** The file, as opened (absolute). */
  file: string;
  letters: number;
}
/** `imr/openLibrary`: opens a library file read-only; a bad one (not SQLite, another version, truncated, locked) is an error (RequestFailed) naming the file and why. */
export const OPEN_LIBRARY_REQUEST = new RequestType<OpenLibraryParams, OpenLibraryResult, void>('imr/openLibrary');
export interface CloseLibraryParams {
  id: string;
}
/** `imr/closeLibrary`: closes an opened library file (an unknown id: nothing to do). */
export const CLOSE_LIBRARY_REQUEST = new RequestType<CloseLibraryParams, null, void>('imr/closeLibrary');
