// The protocol between the extension (client/src) and the language server beyond LSP itself:
// every custom request, notification and command name, and the shapes they carry. Both sides
// import this one module, so a name cannot be spelt two ways. No imports: the client bundles it.

/** The language of IMR determination letters (package.json `contributes.languages`). */
export const LANGUAGE_ID = 'imr-determination';

/** The configuration section of every setting (`imr.rules`, `imr.run`, ...). */
export const SETTINGS_SECTION = 'imr';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Request `imr/cleanUp`: the edits that clean up PDF text in a document (also its formatter). */
export const CLEAN_UP_REQUEST = 'imr/cleanUp';
export interface CleanUpParams {
  uri: string;
}
export type CleanUpResponse = { range: Range; newText: string }[];

/** Notification `imr/status`, server to client: the status-bar counts of a document, sent when they change. */
export const STATUS_NOTIFICATION = 'imr/status';

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

/** Commands the extension registers (package.json `contributes.commands`); the server's quick fixes name `disableRule`. */
export const COMMANDS = {
  /** Text editor command: applies `imr/cleanUp` as one undo step. */
  cleanUpText: 'imr.cleanUpText',
  /** Argument: a rule code. Sets `imr.rules.<code>` to `off`. */
  disableRule: 'imr.disableRule',
  restartServer: 'imr.restartServer',
} as const;
