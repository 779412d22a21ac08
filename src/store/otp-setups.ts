import type { Kysely } from 'kysely';
import type { Database, OtpSetupRow } from './schema.js';

export async function insertOtpSetup(db: Kysely<Database>, row: OtpSetupRow): Promise<void> {
  await db.insertInto('otp_setups').values(row).execute();
}

export function findOtpSetup(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
  id: string,
): Promise<OtpSetupRow | undefined> {
  return db
    .selectFrom('otp_setups')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A new QR code or email setup invalidates every earlier one of that user that is still pending. */
export async function deletePendingOtpSetups(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('otp_setups').where('user_id', '=', userId).where('completed_at', '=', 0).execute();
}

/** Marks the setup completed unless another request already did: true for exactly one caller. */
export async function completeOtpSetup(db: Kysely<Database>, id: string, type: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('otp_setups')
    .set({ completed_at: now, completed_type: type })
    .where('id', '=', id)
    .where('completed_at', '=', 0)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Uses up one of the code's tries, if any is left: concurrent guesses cannot exceed the limit. */
export async function claimEmailCodeTry(db: Kysely<Database>, id: string, maxTries: number): Promise<boolean> {
  const result = await db
    .updateTable('otp_setups')
    .set((eb) => ({ code_tries: eb('code_tries', '+', 1) }))
    .where('id', '=', id)
    .where('code_tries', '<', maxTries)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceEmailCode(db: Kysely<Database>, id: string, codeHash: string, now: number): Promise<void> {
  await db
    .updateTable('otp_setups')
    .set({ code_hash: codeHash, code_sent_at: now, code_tries: 0 })
    .where('id', '=', id)
    .execute();
}

export async function deleteExpiredOtpSetups(db: Kysely<Database>, before: number): Promise<void> {
  await db.deleteFrom('otp_setups').where('expires_at', '<', before).execute();
}

/** A setup found by id alone: for Gatehouse Key's enrolment link, which carries no tenant or user. */
export function findOtpSetupById(db: Kysely<Database>, id: string): Promise<OtpSetupRow | undefined> {
  return db.selectFrom('otp_setups').selectAll().where('id', '=', id).executeTakeFirst();
}
