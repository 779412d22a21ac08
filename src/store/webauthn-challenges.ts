import { type Kysely, sql } from 'kysely';
import type { Database, WebauthnChallengeRow } from './schema.js';

export async function insertWebauthnChallenge(db: Kysely<Database>, row: WebauthnChallengeRow): Promise<void> {
  await db.insertInto('webauthn_challenges').values(row).execute();
}

/**
 * Stores a user's challenge unless `cap` of theirs for the same ceremony can still be answered (expires after
 * `row.created_at`); true when it was stored. Counting and inserting in two statements let parallel requests all see
 * room for one more and all insert; here the count is the INSERT's own condition. On SQLite (one node, one
 * connection) that single statement is enough. On PostgreSQL it is not: a statement's snapshot cannot see a row
 * that a concurrent one inserted, so callers first lock the user's row (a no-op UPDATE, as
 * `lockUserEmergencyTokens`) and queue there; without the lock, the two-node test in
 * passkeys-registration.test.ts stores more than the cap. Meant for registration's and sign-in's option requests
 * alike; takes the database, not a transaction, as it opens its own.
 */
export async function insertWebauthnChallengeUnderCap(
  db: Kysely<Database>,
  row: WebauthnChallengeRow & { user_id: string },
  cap: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('id', '=', row.user_id)
      .execute();
    // CASTs: PostgreSQL types the bare parameters of an INSERT … SELECT as text, which a bigint column refuses.
    const result = await sql`
      INSERT INTO webauthn_challenges (challenge_hash, tenant_id, user_id, purpose, created_at, expires_at)
      SELECT ${row.challenge_hash}, ${row.tenant_id}, ${row.user_id}, ${row.purpose},
             CAST(${row.created_at} AS bigint), CAST(${row.expires_at} AS bigint)
      WHERE (SELECT count(*) FROM webauthn_challenges
             WHERE user_id = ${row.user_id} AND purpose = ${row.purpose} AND expires_at > CAST(${row.created_at} AS bigint)
            ) < ${cap}`.execute(trx);
    return Number(result.numAffectedRows ?? 0) === 1;
  });
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

/** The user's challenges of one ceremony that can still be answered. */
export async function countLiveWebauthnChallenges(
  db: Kysely<Database>,
  userId: string,
  purpose: WebauthnChallengeRow['purpose'],
  now: number,
): Promise<number> {
  const row = await db
    .selectFrom('webauthn_challenges')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  // PostgreSQL answers counts as strings.
  return Number(row?.n ?? 0);
}
