import type { Kysely } from 'kysely';
import type { ApprovalRequestRow, Database, KeyDeviceRow } from './schema.js';

/** One device per user: enrolling a new one replaces the old (SPEC §3.3). */
export async function replaceKeyDevice(db: Kysely<Database>, row: KeyDeviceRow): Promise<void> {
  await db.deleteFrom('key_devices').where('user_id', '=', row.user_id).execute();
  await db.insertInto('key_devices').values(row).execute();
}

export function findKeyDevice(db: Kysely<Database>, id: string): Promise<KeyDeviceRow | undefined> {
  return db.selectFrom('key_devices').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findKeyDeviceOfUser(db: Kysely<Database>, userId: string): Promise<KeyDeviceRow | undefined> {
  return db.selectFrom('key_devices').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function deleteKeyDeviceOfUser(db: Kysely<Database>, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('key_devices').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function touchKeyDevice(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db.updateTable('key_devices').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** Remembers a nonce; false when the device already used it (a replayed request). */
export async function rememberNonce(
  db: Kysely<Database>,
  deviceId: string,
  nonce: string,
  expiresAt: number,
  now: number,
): Promise<boolean> {
  await db.deleteFrom('key_nonces').where('expires_at', '<', now).execute();
  const result = await db
    .insertInto('key_nonces')
    .values({ device_id: deviceId, nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['device_id', 'nonce']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function insertApprovalRequest(db: Kysely<Database>, row: ApprovalRequestRow): Promise<void> {
  await db.insertInto('approval_requests').values(row).execute();
}

export function findApprovalRequest(db: Kysely<Database>, id: string): Promise<ApprovalRequestRow | undefined> {
  return db.selectFrom('approval_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest request of a sign-in attempt. */
export function latestApprovalRequestOfAttempt(
  db: Kysely<Database>,
  attemptId: string,
): Promise<ApprovalRequestRow | undefined> {
  return db
    .selectFrom('approval_requests')
    .selectAll()
    .where('attempt_id', '=', attemptId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function pendingApprovalRequests(
  db: Kysely<Database>,
  userId: string,
  now: number,
): Promise<ApprovalRequestRow[]> {
  return db
    .selectFrom('approval_requests')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Records the answer if the request is still pending and unexpired: exactly one answer ever counts. */
export async function decideApprovalRequest(
  db: Kysely<Database>,
  id: string,
  status: 'accepted' | 'rejected' | 'wrong-number' | 'reported',
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('approval_requests')
    .set({ status, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteOldApprovalRequests(db: Kysely<Database>, before: number): Promise<void> {
  await db.deleteFrom('approval_requests').where('expires_at', '<', before).execute();
}

export async function deleteExpiredNonces(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('key_nonces').where('expires_at', '<', now).execute();
}

/** A sign-in that ended (by a typed code, or otherwise) takes its unanswered requests off the device. */
export async function closePendingApprovalRequests(
  db: Kysely<Database>,
  attemptId: string,
  now: number,
): Promise<void> {
  await db
    .updateTable('approval_requests')
    .set({ status: 'closed', decided_at: now })
    .where('attempt_id', '=', attemptId)
    .where('status', '=', 'pending')
    .execute();
}

/** Marks an unanswered request expired, once: true for the one caller that did, which counts the failure. */
export async function expireApprovalRequest(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('approval_requests')
    .set({ status: 'expired', decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A new request replaces every unanswered one of the user: the device only ever asks about the newest. */
export async function closePendingApprovalRequestsOfUser(db: Kysely<Database>, userId: string, now: number) {
  await db
    .updateTable('approval_requests')
    .set({ status: 'closed', decided_at: now })
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .execute();
}
