import type { Kysely } from 'kysely';
import type { LockoutState } from '../core/lockout.js';
import { changedRows, precompiled } from './precompiled-query.js';
import type { Database } from './schema.js';

/**
 * Whose failures are counted: a user's row, or a login ID that belongs to nobody, by a keyed hash of it. Both
 * lock exactly alike, so a sign-in cannot tell an existing account from an unknown one.
 */
export type LockoutSubject =
  { kind: 'user'; tenantId: string; userId: string } | { kind: 'login-id'; tenantId: string; idHash: string };

export async function readLockout(db: Kysely<Database>, subject: LockoutSubject): Promise<LockoutState> {
  const row =
    subject.kind === 'user'
      ? await db
          .selectFrom('users')
          .select(['failed_login_count', 'locked_until'])
          .where('tenant_id', '=', subject.tenantId)
          .where('id', '=', subject.userId)
          .executeTakeFirst()
      : await db
          .selectFrom('login_id_lockouts')
          .select(['failed_login_count', 'locked_until'])
          .where('tenant_id', '=', subject.tenantId)
          .where('id_hash', '=', subject.idHash)
          .executeTakeFirst();
  return row ? { failedLoginCount: row.failed_login_count, lockedUntil: row.locked_until } : { ...UNCOUNTED };
}

const UNCOUNTED: LockoutState = { failedLoginCount: 0, lockedUntil: 0 };

const swapUserLockout = precompiled(
  (
    db,
    v: { tenantId: string; userId: string; expectedCount: number; expectedUntil: number; count: number; until: number },
  ) =>
    db
      .updateTable('users')
      .set({ failed_login_count: v.count, locked_until: v.until })
      .where('tenant_id', '=', v.tenantId)
      .where('id', '=', v.userId)
      .where('failed_login_count', '=', v.expectedCount)
      .where('locked_until', '=', v.expectedUntil),
);

/**
 * Compare-and-swap: writes `next` only if the subject is still in state `expected`. One statement, so of many
 * concurrent writers exactly one wins each state; the others read again and retry.
 */
export async function swapLockout(
  db: Kysely<Database>,
  subject: LockoutSubject,
  expected: LockoutState,
  next: LockoutState,
  now: number,
): Promise<boolean> {
  const values = { failed_login_count: next.failedLoginCount, locked_until: next.lockedUntil };
  if (subject.kind === 'user') {
    const result = await swapUserLockout(db, {
      tenantId: subject.tenantId,
      userId: subject.userId,
      expectedCount: expected.failedLoginCount,
      expectedUntil: expected.lockedUntil,
      count: next.failedLoginCount,
      until: next.lockedUntil,
    });
    return changedRows(result) === 1;
  }
  const updated = await db
    .updateTable('login_id_lockouts')
    .set({ ...values, updated_at: now })
    .where('tenant_id', '=', subject.tenantId)
    .where('id_hash', '=', subject.idHash)
    .where('failed_login_count', '=', expected.failedLoginCount)
    .where('locked_until', '=', expected.lockedUntil)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) return true;
  if (expected.failedLoginCount !== 0 || expected.lockedUntil !== 0) return false;
  // No row yet stands for the uncounted state: the first writer creates it, a concurrent one retries.
  const inserted = await db
    .insertInto('login_id_lockouts')
    .values({ tenant_id: subject.tenantId, id_hash: subject.idHash, ...values, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'id_hash']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Unlocked lockouts of unknown login IDs that nobody has tried since `before`: their count is forgotten. */
export async function deleteStaleLoginIdLockouts(db: Kysely<Database>, now: number, before: number): Promise<void> {
  await db.deleteFrom('login_id_lockouts').where('updated_at', '<', before).where('locked_until', '<=', now).execute();
}

/** A successful sign-in: the failure count starts afresh, any lock ends, and the last login moves to now. */
export async function recordSignInSuccess(
  db: Kysely<Database>,
  tenantId: string,
  userId: string,
  now: number,
  rehashedPassword?: string,
): Promise<void> {
  if (rehashedPassword) {
    await db
      .updateTable('users')
      .set({ failed_login_count: 0, locked_until: 0, last_login_at: now, password_hash: rehashedPassword })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', userId)
      .execute();
    return;
  }
  await startAfresh(db, { tenantId, userId, now });
}

const startAfresh = precompiled((db, v: { tenantId: string; userId: string; now: number }) =>
  db
    .updateTable('users')
    .set({ failed_login_count: 0, locked_until: 0, last_login_at: v.now })
    .where('tenant_id', '=', v.tenantId)
    .where('id', '=', v.userId),
);
