import type { Kysely } from 'kysely';
import { changedRows, precompiled, precompiledRow } from './precompiled-query.js';
import type { Database, SignInAttemptRow } from './schema.js';

const insertAttemptRow = precompiledRow((db, row: SignInAttemptRow) => db.insertInto('sign_in_attempts').values(row));

export async function insertSignInAttempt(db: Kysely<Database>, row: SignInAttemptRow): Promise<void> {
  await insertAttemptRow(db, row);
}

const selectAttempt = precompiled((db, v: { id: string }) =>
  db.selectFrom('sign_in_attempts').selectAll().where('id', '=', v.id),
);

export async function findSignInAttempt(db: Kysely<Database>, id: string): Promise<SignInAttemptRow | undefined> {
  return (await selectAttempt(db, { id })).rows[0];
}

const countOtpTry = precompiled((db, v: { id: string; maxTries: number }) =>
  db
    .updateTable('sign_in_attempts')
    .set((eb) => ({ otp_tries: eb('otp_tries', '+', 1) }))
    .where('id', '=', v.id)
    .where('otp_tries', '<', v.maxTries),
);

/** Counts one more OTP try if the limit allows it: concurrent guesses cannot exceed the limit. */
export async function claimOtpTry(db: Kysely<Database>, id: string, maxTries: number): Promise<boolean> {
  return changedRows(await countOtpTry(db, { id, maxTries })) === 1;
}

/** Counts one more approval request for the attempt if fewer than `max` were sent. */
export async function claimPushRequest(db: Kysely<Database>, id: string, max: number): Promise<boolean> {
  const result = await db
    .updateTable('sign_in_attempts')
    .set((eb) => ({ push_requests: eb('push_requests', '+', 1) }))
    .where('id', '=', id)
    .where('stage', '=', 'otp')
    .where('push_requests', '<', max)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateSignInAttempt(
  db: Kysely<Database>,
  id: string,
  update: Partial<SignInAttemptRow>,
): Promise<void> {
  await db.updateTable('sign_in_attempts').set(update).where('id', '=', id).execute();
}

/** Moves an attempt from one stage to the next, once: false when another request moved or ended it first. */
export async function advanceSignInAttempt(
  db: Kysely<Database>,
  id: string,
  from: string,
  update: Partial<SignInAttemptRow> & { stage: string },
): Promise<boolean> {
  const result = await db
    .updateTable('sign_in_attempts')
    .set(update)
    .where('id', '=', id)
    .where('stage', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends the attempt; true for the one caller that actually ended it, so it completes exactly once. */
const deleteAttempt = precompiled((db, v: { id: string }) => db.deleteFrom('sign_in_attempts').where('id', '=', v.id));

export async function deleteSignInAttempt(db: Kysely<Database>, id: string): Promise<boolean> {
  return changedRows(await deleteAttempt(db, { id })) === 1;
}

export async function deleteExpiredSignInAttempts(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('expires_at', '<=', now).execute();
}
