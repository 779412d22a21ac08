import type { Kysely } from 'kysely';
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
  const row = await db
    .insertInto('rate_counters')
    .values({ key, count: 1, expires_at: now + window.windowMs })
    .onConflict((oc) =>
      oc
        .column('key')
        // Values go in as parameters (eb.val): a literal in CASE … THEN would make every statement's SQL unique,
        // and SQLite would prepare it anew each time instead of reusing the cached statement.
        .doUpdateSet((eb) => ({
          count: eb
            .case()
            .when('rate_counters.expires_at', '<=', now)
            .then(1)
            .else(eb('rate_counters.count', '+', 1))
            .end(),
          expires_at: eb
            .case()
            .when('rate_counters.expires_at', '<=', now)
            .then(eb.val(now + window.windowMs))
            .else(eb.ref('rate_counters.expires_at'))
            .end(),
        }))
        .where((eb) =>
          eb.or([eb('rate_counters.expires_at', '<=', now), eb('rate_counters.count', '<', window.limit)]),
        ),
    )
    .returning('expires_at')
    .executeTakeFirst();
  return row ? { key, windowEndsAt: Number(row.expires_at) } : null;
}

/** Gives a reservation back (the guarded check succeeded), unless its window has already been replaced. */
export async function releaseRate(db: Kysely<Database>, reservation: RateReservation): Promise<void> {
  await db
    .updateTable('rate_counters')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', '=', reservation.key)
    .where('expires_at', '=', reservation.windowEndsAt)
    .where('count', '>', 0)
    .execute();
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
