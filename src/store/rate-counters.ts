import { type Kysely, sql } from 'kysely';
import { precompiled } from './precompiled-query.js';
import type { Database } from './schema.js';

export interface RateWindow {
  /** Reservations one window allows. */
  limit: number;
  windowMs: number;
}

/** A reservation taken; releasing it needs to know which window it was taken in. */
export interface RateReservation {
  key: string;
  windowEndsAt: number;
}

/**
 * Reserves one unit of `key`'s current window in a single conditional upsert, before the check it guards:
 * however many requests arrive at once, at most `limit` of them get a reservation per window. Answers null
 * when the window is full.
 */
export async function reserveRate(
  db: Kysely<Database>,
  key: string,
  window: RateWindow,
  now: number,
): Promise<RateReservation | null> {
  // Written as SQL rather than with the query builder: building this upsert costs four times its execution, and
  // it runs before every sign-in. Both SQLite and PostgreSQL take it as it is.
  const end = now + window.windowMs;
  const { rows } = await sql<{ expires_at: number }>`
    insert into rate_counters (key, count, expires_at) values (${key}, 1, ${end})
    on conflict (key) do update set
      count = case when rate_counters.expires_at <= ${now} then 1 else rate_counters.count + 1 end,
      expires_at = case when rate_counters.expires_at <= ${now} then ${end} else rate_counters.expires_at end
    where rate_counters.expires_at <= ${now} or rate_counters.count < ${window.limit}
    returning expires_at`.execute(db);
  const row = rows[0];
  return row ? { key, windowEndsAt: Number(row.expires_at) } : null;
}

const giveBack = precompiled((db, v: RateReservation) =>
  db
    .updateTable('rate_counters')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', '=', v.key)
    .where('expires_at', '=', v.windowEndsAt)
    .where('count', '>', 0),
);

/** Gives a reservation back (the guarded check succeeded), unless its window has already been replaced. */
export async function releaseRate(db: Kysely<Database>, reservation: RateReservation): Promise<void> {
  await giveBack(db, reservation);
}

/** Whether the window of `key` is full now, without reserving anything. */
export async function isRateExhausted(
  db: Kysely<Database>,
  key: string,
  window: RateWindow,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('rate_counters')
    .select(['count', 'expires_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row !== undefined && row.expires_at > now && row.count >= window.limit;
}

export async function deleteExpiredRateCounters(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('rate_counters').where('expires_at', '<=', now).execute();
}
