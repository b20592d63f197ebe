// `node:sqlite`, loaded quietly. Node 22 prints "ExperimentalWarning: SQLite is an experimental
// feature" on standard error when the module is first loaded: that would land in imr-check's
// output and the server's log. That one warning is dropped, by name and subject, before the
// module is required; every other warning is emitted as before.
import type * as Sqlite from 'node:sqlite';

let loaded: typeof Sqlite | undefined;

const isSqliteWarning = (warning: unknown, type: unknown): boolean => {
  const name = warning instanceof Error ? warning.name : type;
  const message = warning instanceof Error ? warning.message : String(warning);
  return name === 'ExperimentalWarning' && /\bSQLite\b/i.test(message);
};

/** The `node:sqlite` module (its experimental warning left out). */
export function sqlite(): typeof Sqlite {
  if (loaded) return loaded;
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (isSqliteWarning(warning, type)) return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    // Required here, not imported: the filter must be in place before the module loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('node:sqlite') as typeof Sqlite;
  } finally {
    process.emitWarning = emit;
  }
  return loaded;
}
