/**
 * Failures that mean the database cannot be reached or cannot take work now, rather than a
 * fault in the request or in the broker: node-postgres's connection errors and SQLSTATE class
 * 08 (connection exception), a server shutting down or full (57P01-57P03, 53300), and SQLite
 * still locked after its busy timeout or unable to read its file. These answer 503: the same
 * request succeeds once the database is back, and the pool reconnects by itself.
 */
const SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const POSTGRES_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL']);
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection refused/i,
  /Query read timeout/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SYSTEM_CODES.has(code) || POSTGRES_STATES.has(code) || code.startsWith('08')) return true;
    if ([...SQLITE_CODES].some((sqlite) => code.startsWith(sqlite))) return true;
  }
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  return typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message));
}

/** The reason in words, without connection strings or credentials. */
export function describeDatabaseFailure(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const why = typeof code === 'string' ? code : typeof message === 'string' ? message : String(error);
  return `the database did not answer (${why.replace(/\/\/[^@\s]*@/g, '//***@').slice(0, 200)})`;
}
