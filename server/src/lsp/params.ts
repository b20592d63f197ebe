// Every request goes through `handle`: malformed params get InvalidParams (not an exception
// from deep inside a feature), and a request cancelled before it ran does no work at all.
// The custom requests and notifications of protocol.ts are wired through `onCustomRequest` and
// `sendCustomNotification`, typed by their RequestType / NotificationType.
import type { NotificationType, RequestType } from 'vscode-jsonrpc';
import { type CancellationToken, type Connection, ErrorCodes, LSPErrorCodes, type RequestHandler, ResponseError } from 'vscode-languageserver/node';
import type { InitializationOptions } from '../protocol';
import { isObject } from '../util/isObject';

export function handle<P, R>(valid: (p: unknown) => boolean, run: (p: P) => R) {
  return (p: P, token?: CancellationToken): R | ResponseError => {
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    if (!valid(p)) return new ResponseError(ErrorCodes.InvalidParams, 'invalid params');
    return run(p);
  };
}

// vscode-languageserver brings its own copy of vscode-jsonrpc (another version than the
// client's, which protocol.ts's types come from), and TypeScript takes the two copies' message
// types for different types. So a custom message is registered and sent by its method, and
// typed here by its protocol.ts type: a handler answers that request's result, a notification
// carries that notification's params.

/** Answers one of protocol.ts's requests; its params and result are the request type's. */
export function onCustomRequest<P, R>(connection: Connection, type: RequestType<P, R, void>, handler: RequestHandler<P, R, void>): void {
  connection.onRequest(type.method, handler);
}

/** Sends one of protocol.ts's notifications, with the params of its type. */
export function sendCustomNotification<P>(connection: Connection, type: NotificationType<P>, params: P): void {
  void connection.sendNotification(type.method, params);
}

/** `initialize`'s options as the client sends them (protocol.ts); untrusted, so a value of the wrong kind is left out. */
export function initializationOptionsOf(raw: unknown): InitializationOptions {
  if (!isObject(raw)) return {};
  return { settings: raw.settings, ...(typeof raw.storagePath === 'string' && raw.storagePath ? { storagePath: raw.storagePath } : {}) };
}

const isPosition = (v: unknown) => isObject(v) && Number.isFinite(v.line) && Number.isFinite(v.character);
const isRange = (v: unknown) => isObject(v) && isPosition(v.start) && isPosition(v.end);

/** `{ textDocument: { uri } }`. */
export const hasDoc = (p: unknown) => isObject(p) && isObject(p.textDocument) && typeof p.textDocument.uri === 'string';
/** `{ textDocument, position }`. */
export const hasPosition = (p: unknown) => hasDoc(p) && isPosition((p as { position: unknown }).position);
/** `{ textDocument, range, context: { diagnostics: [] } }`. */
export const isCodeActionParams = (p: unknown) =>
  hasDoc(p) &&
  isRange((p as { range: unknown }).range) &&
  isObject((p as { context: unknown }).context) &&
  Array.isArray((p as { context: { diagnostics: unknown } }).context.diagnostics);
/** `{ textDocument, position, newName }`. */
export const isRenameParams = (p: unknown) => hasPosition(p) && typeof (p as { newName: unknown }).newName === 'string';
/** A code lens as `textDocument/codeLens` gave it: `{ range, data: { uri } }` (SimilarLensData). */
export const isSimilarLens = (p: unknown) => isObject(p) && isRange(p.range) && isObject(p.data) && typeof p.data.uri === 'string';
/** `{ query: string }`. */
export const hasQuery = (p: unknown) => isObject(p) && typeof p.query === 'string';
/** `{ uri: string }` (the custom requests). */
export const hasUri = (p: unknown) => isObject(p) && typeof p.uri === 'string';
