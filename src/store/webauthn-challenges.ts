import { type Kysely, sql } from 'kysely';
import type { Store } from './database.js';
import type { Database, WebauthnChallengeRow } from './schema.js';

/**
 * Stores a challenge unless its user already has `limit` of that ceremony that can still be answered, and answers
 * whether it was stored. The count and the insert are one conditional statement; on PostgreSQL, where two such
 * statements could each count before either inserts (READ COMMITTED), a transaction-scoped advisory lock on the
 * user and ceremony makes them take turns. SQLite runs one write at a time anyway.
 */
export async function insertWebauthnChallengeWithin(
  store: Store,
  row: WebauthnChallengeRow & { user_id: string },
  limit: number,
): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    if (store.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtextextended(${`webauthn:${row.purpose}:${row.user_id}`}, 0))`.execute(
        trx,
      );
    // Typed casts: PostgreSQL takes an untyped parameter of a SELECT list for text, which a bigint column refuses.
    const result = await sql`
      insert into webauthn_challenges (challenge_hash, tenant_id, user_id, purpose, created_at, expires_at)
      select ${row.challenge_hash}, ${row.tenant_id}, ${row.user_id}, ${row.purpose},
        cast(${row.created_at} as bigint), cast(${row.expires_at} as bigint)
      where (
        select count(*) from webauthn_challenges
        where user_id = ${row.user_id} and purpose = ${row.purpose} and expires_at > cast(${row.created_at} as bigint)
      ) < ${limit}`.execute(trx);
    return Number(result.numAffectedRows ?? 0) === 1;
  });
}

/** A challenge whose limit is kept elsewhere: a passwordless sign-in's, bounded per client address before this. */
export async function insertWebauthnChallenge(db: Kysely<Database>, row: WebauthnChallengeRow): Promise<void> {
  await db.insertInto('webauthn_challenges').values(row).execute();
}

/**
 * Spends a challenge: one DELETE … RETURNING, so that of two requests racing with the same response (on one node
 * or two) exactly one gets the row. It is spent whether or not it has expired; the caller tells the two apart by
 * `expires_at`. A challenge issued to another user, tenant or ceremony is left alone and reads as unknown.
 */
export function spendWebauthnChallenge(
  db: Kysely<Database>,
  challenge: { hash: string; tenantId: string; userId: string | null; purpose: WebauthnChallengeRow['purpose'] },
): Promise<WebauthnChallengeRow | undefined> {
  let query = db
    .deleteFrom('webauthn_challenges')
    .where('challenge_hash', '=', challenge.hash)
    .where('tenant_id', '=', challenge.tenantId)
    .where('purpose', '=', challenge.purpose);
  query =
    challenge.userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', challenge.userId);
  return query.returningAll().executeTakeFirst();
}

export async function deleteExpiredWebauthnChallenges(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
}
