import type { Kysely } from 'kysely';

/**
 * Issue 10 item 5: OpenID Connect clients are Connected Services of type `oidc`. The client_id has a column of its
 * own because the token endpoint looks clients up by it; it is random (128 bits) and unique across all tenants, so
 * that a client_id names one client wherever it is seen (logs, support requests), though every lookup is still made
 * within the tenant of the issuer. The rest of a client's settings is one JSON document that
 * core/sso/oidc-client-settings.ts validates whole, as SAML's is.
 *
 * A confidential client's secrets are rows of their own, so that a rotation can keep the old secret working for an
 * overlap period: only a SHA-256 hash of each is stored (the secrets are 256 random bits, which no guessing can
 * reach, so a slow password hash would only slow the token endpoint down), with when it expires (null: never).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('connected_services').addColumn('oidc_client_id', 'text').execute();
  await db.schema.alterTable('connected_services').addColumn('oidc_settings', 'text').execute();
  // NULL for services of other types: both databases let any number of NULLs past a unique index.
  await db.schema
    .createIndex('connected_services_oidc_client_id_unique')
    .unique()
    .on('connected_services')
    .column('oidc_client_id')
    .execute();

  await db.schema
    .createTable('oidc_client_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('connected_services.id').onDelete('cascade'))
    /** SHA-256 of the secret, hex. */
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    /** When it stops working (a rotation's overlap ends); null while it is the current secret. */
    .addColumn('expires_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('oidc_client_secrets_by_service')
    .on('oidc_client_secrets')
    .columns(['service_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_client_secrets').execute();
  await db.schema.dropIndex('connected_services_oidc_client_id_unique').execute();
  await db.schema.alterTable('connected_services').dropColumn('oidc_settings').execute();
  await db.schema.alterTable('connected_services').dropColumn('oidc_client_id').execute();
}
