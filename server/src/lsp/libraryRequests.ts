// The letter library's requests (protocol.ts): the view's groups and pages, the summary, and
// library files opened read-only beside the workspace's (library/openedLibraries.ts). Wiring only.
import { type Connection, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { isLetterGroupsParams, isLettersParams, type LibraryService } from '../library/libraryService';
import { CLOSE_LIBRARY_REQUEST, LETTER_GROUPS_REQUEST, LETTERS_REQUEST, LETTERS_SUMMARY_REQUEST, OPEN_LIBRARY_REQUEST } from '../protocol';
import { isObject } from '../util/isObject';
import { handle, onCustomRequest } from './params';

export function wireLibraryRequests(c: Connection, library: LibraryService): void {
  onCustomRequest(
    c,
    LETTERS_REQUEST,
    handle(isLettersParams, (p) => library.letters(p)),
  );
  onCustomRequest(
    c,
    LETTER_GROUPS_REQUEST,
    handle(isLetterGroupsParams, (p) => library.groups(p)),
  );
  onCustomRequest(
    c,
    LETTERS_SUMMARY_REQUEST,
    handle(isLettersParams, (p) => library.summary(p)),
  );
  // A library file opened read-only beside the workspace's (library/openedLibraries.ts); a bad one: an error naming it and why.
  onCustomRequest(c, OPEN_LIBRARY_REQUEST, async (p) => {
    if (!isObject(p) || typeof p.file !== 'string' || !p.file) return new ResponseError(ErrorCodes.InvalidParams, 'invalid params');
    const r = await library.opened.open(p.file);
    return r.ok ? r.result : new ResponseError(LSPErrorCodes.RequestFailed, r.reason);
  });
  onCustomRequest(
    c,
    CLOSE_LIBRARY_REQUEST,
    handle(
      (p) => isObject(p) && typeof p.id === 'string',
      (p) => library.opened.close(p.id),
    ),
  );
}
