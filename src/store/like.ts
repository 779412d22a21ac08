import { type RawBuilder, sql } from 'kysely';

/**
 * `<column> LIKE '%text%'` with the wildcards in `text` taken literally. The ESCAPE clause is spelled out
 * because SQLite, unlike PostgreSQL, has no default escape character.
 */
export function containsIgnoringCase(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
