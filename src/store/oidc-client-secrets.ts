import type { Kysely } from 'kysely';
import type { ConnectedServiceRow, Database, OidcClientSecretRow } from './schema.js';

/** The OpenID Connect client with this client_id, in this tenant only: how the token endpoint finds its client. */
export function findOidcClientByClientId(
  db: Kysely<Database>,
  tenantId: string,
  clientId: string,
): Promise<ConnectedServiceRow | undefined> {
  return db
    .selectFrom('connected_services')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('type', '=', 'oidc')
    .where('oidc_client_id', '=', clientId)
    .executeTakeFirst();
}

/** Newest first: secret ids are time-ordered (core/ids.ts), so two made in one millisecond keep their order. */
export function listClientSecrets(
  db: Kysely<Database>,
  tenantId: string,
  serviceId: string,
): Promise<OidcClientSecretRow[]> {
  return db
    .selectFrom('oidc_client_secrets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The hashes of the client's secrets that still work at `now`. */
export async function liveSecretHashes(
  db: Kysely<Database>,
  tenantId: string,
  serviceId: string,
  now: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('oidc_client_secrets')
    .select('secret_hash')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
  return rows.map((row) => row.secret_hash);
}

export async function insertClientSecret(db: Kysely<Database>, row: OidcClientSecretRow): Promise<void> {
  await db.insertInto('oidc_client_secrets').values(row).execute();
}

/**
 * Ends the client's live secrets at `expiresAt` (a rotation's overlap), in one statement; a secret already due to
 * expire sooner keeps its own expiry, so a rotation never lengthens an old secret's life. Answers how many it ended.
 */
export async function expireLiveSecrets(
  db: Kysely<Database>,
  tenantId: string,
  serviceId: string,
  now: number,
  expiresAt: number,
): Promise<number> {
  const result = await db
    .updateTable('oidc_client_secrets')
    .set({ expires_at: expiresAt })
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', expiresAt)]))
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Locks the client's row until the transaction ends (an update that changes nothing: both databases take a write
 * lock for it), so that two deletions of its last two working secrets cannot each see the other one still there.
 */
export async function lockClient(db: Kysely<Database>, tenantId: string, serviceId: string): Promise<void> {
  await db
    .updateTable('connected_services')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', serviceId)
    .execute();
}

export async function deleteClientSecret(
  db: Kysely<Database>,
  tenantId: string,
  serviceId: string,
  secretId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('oidc_client_secrets')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('id', '=', secretId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
