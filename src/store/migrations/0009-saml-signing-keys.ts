import { type Kysely, sql } from 'kysely';

/** The one-of-a-kind states of a tenant's SAML signing keys (core/signing-key-states.ts); `retired` is not. */
const SINGLE_STATES = ['active', 'next', 'previous'] as const;

/**
 * SAML signing keys, per tenant: a self-signed certificate and its private key sealed under the master key. Partial
 * unique indexes let the database itself hold at most one active, one next and one previous key per tenant, so two
 * servers that both find no key at a tenant's first sign-on cannot both make theirs the active one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('saml_signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    /** next | active | previous | retired */
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    /** PKCS#8 PEM sealed by SecretBox with the key's id as context; '' once retired. */
    .addColumn('sealed_private_key', 'text', (c) => c.notNull())
    .addColumn('not_before', 'bigint', (c) => c.notNull())
    .addColumn('not_after', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('activated_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const state of SINGLE_STATES)
    await db.schema
      .createIndex(`saml_signing_keys_one_${state}`)
      .on('saml_signing_keys')
      .column('tenant_id')
      .unique()
      .where(sql.ref('state'), '=', state)
      .execute();
  await db.schema
    .createIndex('saml_signing_keys_by_tenant')
    .on('saml_signing_keys')
    .columns(['tenant_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('saml_signing_keys').execute();
}
