import type { Kysely } from 'kysely';
import type { Database, PasskeyRow } from './schema.js';

export async function insertPasskey(db: Kysely<Database>, row: PasskeyRow): Promise<void> {
  await db.insertInto('passkeys').values(row).execute();
}

/** A user's passkeys, oldest first: the order they were added in. */
export function listPasskeysOfUser(db: Kysely<Database>, userId: string): Promise<PasskeyRow[]> {
  return db
    .selectFrom('passkeys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function findPasskeyOfUser(db: Kysely<Database>, userId: string, id: string): Promise<PasskeyRow | undefined> {
  return db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

/** False when the passkey is not the user's (or no longer exists). */
export async function renamePasskey(db: Kysely<Database>, userId: string, id: string, name: string): Promise<boolean> {
  const result = await db
    .updateTable('passkeys')
    .set({ name })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deletePasskey(db: Kysely<Database>, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('passkeys').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Deletes the passkey unless it is the user's last one, inside the caller's transaction. The user's row is locked
 * first (a no-op UPDATE), so that two removals racing over a user's last two passkeys take turns, on one node or
 * two: the second counts after the first has committed and finds only one left.
 */
export async function deletePasskeyUnlessLast(
  trx: Kysely<Database>,
  userId: string,
  id: string,
): Promise<'deleted' | 'last' | 'not-found'> {
  await trx
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', userId)
    .execute();
  const kept = await trx.selectFrom('passkeys').select('id').where('user_id', '=', userId).execute();
  if (!kept.some((row) => row.id === id)) return 'not-found';
  if (kept.length === 1) return 'last';
  return (await deletePasskey(trx, userId, id)) ? 'deleted' : 'not-found';
}

/** The credential a sign-in assertion names, within the tenant (credential IDs are unique per tenant). */
export function findPasskeyByCredentialId(
  db: Kysely<Database>,
  tenantId: string,
  credentialId: string,
): Promise<PasskeyRow | undefined> {
  return db
    .selectFrom('passkeys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
}

/**
 * Records a verified use in one conditional UPDATE, so that two assertions racing with counters cannot both move it:
 * a reported counter of 0 (authenticators without one) always passes; any other must be greater than the stored one.
 * False means the counter did not go forward: a possible cloned authenticator.
 */
export async function recordPasskeyUse(
  db: Kysely<Database>,
  id: string,
  reportedCounter: number,
  now: number,
): Promise<boolean> {
  let query = db.updateTable('passkeys').where('id', '=', id);
  if (reportedCounter === 0) query = query.set({ last_used_at: now });
  else query = query.set({ sign_count: reportedCounter, last_used_at: now }).where('sign_count', '<', reportedCounter);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function flagPasskey(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db.updateTable('passkeys').set({ flagged_at: now }).where('id', '=', id).execute();
}

/** Whether the user has any passkey: one indexed lookup of at most one row, asked on every OTP page. */
export async function ownsAnyPasskey(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom('passkeys').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst();
  return row !== undefined;
}
