/**
 * Whether a failed statement broke a unique constraint: SQLite says SQLITE_CONSTRAINT_UNIQUE (or _PRIMARYKEY),
 * PostgreSQL 23505. A caller that raced another writer for the same row tells it from a real failure with this.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
