// The one test that an untrusted JSON value (a request's params, a stored file) is a plain object.

/** A non-null object that is not an array. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
