import type { Kysely } from 'kysely';
import type { Database, EmergencyTokenRow } from './schema.js';

export async function insertEmergencyTokens(db: Kysely<Database>, rows: EmergencyTokenRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('emergency_tokens').values(rows).execute();
}

export function listEmergencyTokens(db: Kysely<Database>, userId: string): Promise<EmergencyTokenRow[]> {
  return db
    .selectFrom('emergency_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function countUnusedEmergencyTokens(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('emergency_tokens')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .where('used_at', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Holds the user's row until the transaction ends (a no-op UPDATE: a row lock on PostgreSQL, the write lock on
 * SQLite), so that a count of the user's tokens and the insert that follows cannot interleave with another's.
 */
export async function lockUserEmergencyTokens(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ emergency_tokens_issued_at: eb.ref('emergency_tokens_issued_at') }))
    .where('id', '=', userId)
    .execute();
}

/** Spends the token if it is still unused: true for exactly one of any number of concurrent callers. */
export async function spendEmergencyToken(
  db: Kysely<Database>,
  userId: string,
  id: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('emergency_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('used_at', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteEmergencyToken(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('emergency_tokens')
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Claims the first issue of tokens for a user that has none yet; true for exactly one caller. */
export async function claimFirstEmergencyTokenIssue(
  db: Kysely<Database>,
  userId: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ emergency_tokens_issued_at: now })
    .where('id', '=', userId)
    .where('emergency_tokens_issued_at', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteUnusedEmergencyTokens(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('emergency_tokens').where('user_id', '=', userId).where('used_at', '=', 0).execute();
}
