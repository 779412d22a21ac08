import { type RawBuilder, sql } from 'kysely';

/** `%text%` with the LIKE wildcards and the escape character in `text` escaped, for `escape '\'`. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `<column> LIKE '%text%'` with the wildcards in `text` taken literally. The ESCAPE clause is spelled out
 * because SQLite, unlike PostgreSQL, has no default escape character.
 */
export function containsIgnoringCase(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${containsPattern(text.toLowerCase())} escape '\\'`;
}

/**
 * The same test on a column that is stored lower-cased: the column is compared as it is, without lower(), so
 * that an index on the column itself (a PostgreSQL trigram index) can serve the LIKE.
 */
export function lowerCasedColumnContains(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${containsPattern(text.toLowerCase())} escape '\\'`;
}
