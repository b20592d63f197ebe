// Every request goes through `handle`: malformed params get InvalidParams (not an exception
// from deep inside a feature), and a request cancelled before it ran does no work at all.
import { type CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { isObject } from './util/isObject';

export function handle<P, R>(valid: (p: P) => boolean, run: (p: P) => R) {
  return (p: P, token?: CancellationToken): R | ResponseError => {
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    if (!valid(p)) return new ResponseError(ErrorCodes.InvalidParams, 'invalid params');
    return run(p);
  };
}

const isPosition = (v: unknown) => isObject(v) && Number.isFinite(v.line) && Number.isFinite(v.character);
const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);

/** `{ textDocument: { uri } }`. */
export const hasDoc = (p: unknown) => isObject(p) && isObject(p.textDocument) && typeof p.textDocument.uri === 'string';
/** `{ textDocument, position }`. */
export const hasPosition = (p: unknown) => hasDoc(p) && isPosition((p as { position: unknown }).position);
/** `{ textDocument, range, context: { diagnostics: [] } }`. */
export const isCodeActionParams = (p: unknown) =>
  hasDoc(p) && isRange((p as { range: unknown }).range) && isObject((p as { context: unknown }).context) && Array.isArray((p as { context: { diagnostics: unknown } }).context.diagnostics);
/** `{ textDocument, position, newName }`. */
export const isRenameParams = (p: unknown) => hasPosition(p) && typeof (p as { newName: unknown }).newName === 'string';
/** `{ query: string }`. */
export const hasQuery = (p: unknown) => isObject(p) && typeof p.query === 'string';
/** `{ uri: string }` (the custom requests). */
export const hasUri = (p: unknown) => isObject(p) && typeof p.uri === 'string';
