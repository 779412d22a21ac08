import type { Kysely } from 'kysely';
import type { Database, WebauthnChallengeRow } from './schema.js';

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
