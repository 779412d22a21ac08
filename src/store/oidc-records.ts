import type { Kysely } from 'kysely';
import { changedRows, precompiled } from './precompiled-query.js';
import type { Database, OidcRecordRow } from './schema.js';

export type OidcRecordKey = { tenantId: string; model: string; id: string };

/** Writes a record whole, new or replacing the one of the same model and id, in one statement. */
export async function upsertOidcRecord(db: Kysely<Database>, row: OidcRecordRow): Promise<void> {
  await db
    .insertInto('oidc_records')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'model', 'id']).doUpdateSet({
        payload: row.payload,
        grant_id: row.grant_id,
        user_code: row.user_code,
        uid: row.uid,
        expires_at: row.expires_at,
        // A record written again keeps its use: saving never turns a used code back into a fresh one.
      }),
    )
    .execute();
}

const selectRecord = precompiled((db, v: OidcRecordKey & { now: number }) =>
  db
    .selectFrom('oidc_records')
    .selectAll()
    .where('tenant_id', '=', v.tenantId)
    .where('model', '=', v.model)
    .where('id', '=', v.id)
    .where((eb) => eb.or([eb('expires_at', '=', 0), eb('expires_at', '>', v.now)])),
);

/** The record, unless it has expired: an expired record is as good as gone, whether or not it was removed yet. */
export async function findOidcRecord(
  db: Kysely<Database>,
  key: OidcRecordKey,
  now: number,
): Promise<OidcRecordRow | undefined> {
  return (await selectRecord(db, { ...key, now })).rows[0];
}

export async function findOidcRecordBy(
  db: Kysely<Database>,
  where: { tenantId: string; model: string; field: 'uid' | 'user_code'; value: string },
  now: number,
): Promise<OidcRecordRow | undefined> {
  if (!where.value) return undefined;
  return db
    .selectFrom('oidc_records')
    .selectAll()
    .where('tenant_id', '=', where.tenantId)
    .where('model', '=', where.model)
    .where(where.field, '=', where.value)
    .where((eb) => eb.or([eb('expires_at', '=', 0), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

const markConsumed = precompiled((db, v: OidcRecordKey & { now: number }) =>
  db
    .updateTable('oidc_records')
    .set({ consumed_at: v.now })
    .where('tenant_id', '=', v.tenantId)
    .where('model', '=', v.model)
    .where('id', '=', v.id)
    .where('consumed_at', '=', 0),
);

/**
 * Marks a single-use record as used, once: true for the one caller that did. Of two requests racing with the same
 * authorization code, on any number of servers, one consumes it; the engine then treats the other as a reuse.
 */
export async function consumeOidcRecord(db: Kysely<Database>, key: OidcRecordKey, now: number): Promise<boolean> {
  return changedRows(await markConsumed(db, { ...key, now })) === 1;
}

export async function deleteOidcRecord(db: Kysely<Database>, key: OidcRecordKey): Promise<void> {
  await db
    .deleteFrom('oidc_records')
    .where('tenant_id', '=', key.tenantId)
    .where('model', '=', key.model)
    .where('id', '=', key.id)
    .execute();
}

/** Removes every record of a grant, whatever its model: what revoking a grant (or a reused code) means. */
export async function deleteOidcGrant(db: Kysely<Database>, tenantId: string, grantId: string): Promise<void> {
  if (!grantId) return;
  await db.deleteFrom('oidc_records').where('tenant_id', '=', tenantId).where('grant_id', '=', grantId).execute();
}

/** Removes a grant and everything issued under it: its codes and tokens, and the grant's own record. */
export async function deleteOidcGrantAndRecord(db: Kysely<Database>, tenantId: string, grantId: string): Promise<void> {
  if (!grantId) return;
  await db
    .deleteFrom('oidc_records')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantId)])]))
    .execute();
}

export async function deleteExpiredOidcRecords(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('oidc_records').where('expires_at', '>', 0).where('expires_at', '<=', now).execute();
}
