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

/** The search condition, and whether it matches few enough users that a page should read them all and sort them. */
export interface SearchCondition {
  condition: RawBuilder<boolean>;
  /**
   * At most MATCHES_WORTH_SORTING users match (in every tenant): a page reads its matches through the trigram index
   * and sorts them, rather than walking the sort index until it meets enough of them.
   */
  sortMatches: boolean;
}

/** Trigrams need at least 3 characters (code points, not UTF-16 units). */
const TRIGRAM = 3;
/** Up to this many matches, a page is read from the trigram matches and sorted; beyond, from the sort index. */
const MATCHES_WORTH_SORTING = 2000;

/**
 * The User List search: `text` is a substring of the user's `search_text` (login ID, names and email, stored
 * lower-cased). This is the one place where the search differs per dialect; migration 0004 builds what it uses.
 *
 * A page of a rare text is best read from the trigram index and sorted, a page of a common text by walking the
 * sort index, which soon meets enough matches. Neither planner can tell the two apart well enough at a million
 * users, so the choice is made here from the number of matches: at most MATCHES_WORTH_SORTING + 1 are counted,
 * which takes a few milliseconds either way (a common text meets them at once, a rare one has few index entries).
 *
 * PostgreSQL: a LIKE on the column, served by its pg_trgm GIN index. Its planner estimates a LIKE from the column's
 * histogram, and for a text held by about 2000 of a million users it may still walk the sort index hoping to meet
 * 50 matches early; with the matches spread unevenly over the sort order, that walk reads tens of thousands of
 * rows (over 200 ms). So a page of a rare text is read by listUsers from a subquery it cannot see into
 * (`sortMatches`), where the trigram index is the cheapest plan. A count keeps the plain LIKE without counting
 * first: a count stops after its limit, and for it the planner's choice is good (the trigram index for a rare
 * text, a scan that stops early for a common one).
 *
 * SQLite: the FTS5 trigram table `users_search`, searched for `text` as one quoted phrase. A phrase of
 * consecutive trigrams is exactly a substring, and inside the quotes `%`, `_` and `\` are ordinary characters.
 * A rare text is `search_rowid in (the phrase's matches)`; a common one is the LIKE, for a page (walking the sort
 * index) and for a count too: SQLite builds the whole list of an IN subquery before it reads the first row, so a
 * count of a text with 180,000 matches would read them all although it stops after 1001.
 * Text shorter than a trigram has no index to use and is always the LIKE.
 */
export async function searchTextContains(db: Kysely<any>, text: string, use: SearchUse): Promise<SearchCondition> {
  const lowered = text.toLowerCase();
  const like = lowerCasedColumnContains('search_text', lowered);
  if (Array.from(lowered).length < TRIGRAM) return { condition: like, sortMatches: false };
  if (dialectOf(db) === 'postgres') {
    if (use === 'count') return { condition: like, sortMatches: false };
    const { rows } = await sql<{ matches: number | string }>`select count(*) as matches from
      (select 1 from users where ${like} limit ${MATCHES_WORTH_SORTING + 1}) as matching`.execute(db);
    return { condition: like, sortMatches: Number(rows[0]?.matches ?? 0) <= MATCHES_WORTH_SORTING };
  }
  const phrase = `"${lowered.replaceAll('"', '""')}"`;
  const { rows } = await sql<{ matches: number }>`select count(*) as matches from
    (select 1 from users_search where users_search match ${phrase} limit ${MATCHES_WORTH_SORTING + 1})`.execute(db);
  if ((rows[0]?.matches ?? 0) > MATCHES_WORTH_SORTING) return { condition: like, sortMatches: false };
  return {
    condition: sql<boolean>`search_rowid in (select rowid from users_search where users_search match ${phrase})`,
    sortMatches: true,
  };
}
