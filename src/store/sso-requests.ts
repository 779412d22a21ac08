import type { Kysely } from 'kysely';
import { changedRows, precompiled, precompiledRow } from './precompiled-query.js';
import type { Database, SsoRequestRow } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

const insertRow = precompiledRow((db, row: SsoRequestRow) => db.insertInto('sso_requests').values(row));

/**
 * Keeps a request while its user signs in. False when the service already sent a request with this ID: a
 * replayed request, refused by the database's unique index so that two servers cannot both take it.
 */
export async function insertSsoRequest(db: Kysely<Database>, row: SsoRequestRow): Promise<boolean> {
  try {
    await insertRow(db, row);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

const selectRequest = precompiled((db, v: { tenantId: string; id: string }) =>
  db.selectFrom('sso_requests').selectAll().where('tenant_id', '=', v.tenantId).where('id', '=', v.id),
);

export async function findSsoRequest(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<SsoRequestRow | undefined> {
  return (await selectRequest(db, { tenantId, id })).rows[0];
}

const markAnswered = precompiled((db, v: { id: string; now: number }) =>
  db
    .updateTable('sso_requests')
    .set({ answered_at: v.now })
    .where('id', '=', v.id)
    .where('answered_at', '=', 0)
    .where('expires_at', '>', v.now),
);

/** Claims the one answer of a request: false when it was answered already or has expired. */
export async function claimSsoAnswer(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  return changedRows(await markAnswered(db, { id, now })) === 1;
}

export async function deleteExpiredSsoRequests(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('sso_requests').where('expires_at', '<=', now).execute();
}

/** The waiting request that a service's request of this ID became (a second visit of the same OIDC interaction). */
export function findSsoRequestByRequestId(
  db: Kysely<Database>,
  where: { tenantId: string; serviceId: string; requestId: string },
): Promise<SsoRequestRow | undefined> {
  return db
    .selectFrom('sso_requests')
    .selectAll()
    .where('tenant_id', '=', where.tenantId)
    .where('service_id', '=', where.serviceId)
    .where('request_id', '=', where.requestId)
    .executeTakeFirst();
}
