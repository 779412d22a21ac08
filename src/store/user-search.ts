import { type Kysely, type RawBuilder, SqliteAdapter, sql } from 'kysely';
import type { Dialect } from './database.js';
import { lowerCasedColumnContains } from './like.js';

/**
 * The dialect behind a Kysely instance, a transaction or a migration's connection. Kysely offers no public
 * accessor, so this asks the query executor for its adapter.
 */
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

/** What the search condition is for: a sorted page of users, or a count of them. */
export type SearchUse = 'page' | 'count';

/** Trigrams need at least 3 characters (code points, not UTF-16 units). */
const TRIGRAM = 3;
/** Up to this many matches, a SQLite page is read from the trigram matches and sorted; beyond, the sort index. */
const MATCHES_WORTH_SORTING = 2000;

/**
 * The User List search: `text` is a substring of the user's `search_text` (login ID, names and email, stored
 * lower-cased). This is the one place where the search differs per dialect; migration 0004 builds what it uses.
 *
 * PostgreSQL: a LIKE on the column, served by its pg_trgm GIN index when the planner expects few matches,
 * while for a common text it walks the sort index and filters (the column's statistics tell it which).
 *
 * SQLite: the FTS5 trigram table `users_search`, searched for `text` as one quoted phrase. A phrase of
 * consecutive trigrams is exactly a substring, and inside the quotes `%`, `_` and `\` are ordinary characters.
 * SQLite's planner cannot tell a rare text from a common one, so the choice is made here from the number of
 * matches (at most MATCHES_WORTH_SORTING + 1 are read, well under a millisecond): a page of a rare text reads
 * its matches and sorts them, a page of a common text walks the sort index with the LIKE, which soon meets
 * enough matches. A count stops after its limit either way, so it always starts from the trigram matches.
 * Text shorter than a trigram has no index to use and is always the LIKE.
 */
export async function searchTextContains(db: Kysely<any>, text: string, use: SearchUse): Promise<RawBuilder<boolean>> {
  const lowered = text.toLowerCase();
  const like = lowerCasedColumnContains('search_text', lowered);
  if (dialectOf(db) === 'postgres' || Array.from(lowered).length < TRIGRAM) return like;
  const phrase = `"${lowered.replaceAll('"', '""')}"`;
  if (use === 'page') {
    const { rows } = await sql<{ matches: number }>`select count(*) as matches from
      (select 1 from users_search where users_search match ${phrase} limit ${MATCHES_WORTH_SORTING + 1})`.execute(db);
    if ((rows[0]?.matches ?? 0) > MATCHES_WORTH_SORTING) return like;
  }
  return sql<boolean>`search_rowid in (select rowid from users_search where users_search match ${phrase})`;
}
