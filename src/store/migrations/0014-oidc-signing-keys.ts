import { type Kysely, sql } from 'kysely';

/**
 * The one-of-a-kind states (core/signing-key-states.ts); `retired` is not. Written out rather than imported, like
 * every value a migration uses, so that what this migration did never changes after it ran.
 */
const SINGLE_STATES = ['active', 'next', 'previous'] as const;

/**
 * Issue 10: the OpenID Provider's signing keys, per tenant (docs/oidc-signing-keys.md). One row is one generation of
 * keys, an ES256 and an RS256 one, rotated together; the columns of its life are those of saml_signing_keys (0009),
 * so one set of store queries rotates both. Partial unique indexes let the database itself hold at most one active,
 * one next and one previous generation per tenant, so servers that race at a tenant's first use keep one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    /** next | active | previous | retired */
    .addColumn('state', 'text', (c) => c.notNull())
    /** The public JWKs as a JSON JWK Set (`{"keys": [...]}`), each with its kid, alg and use; kept once retired. */
    .addColumn('public_jwks', 'text', (c) => c.notNull())
    /** The private JWKs as JSON, sealed by SecretBox with the row's id as context; '' once retired. */
    .addColumn('sealed_private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('activated_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const state of SINGLE_STATES)
    await db.schema
      .createIndex(`oidc_signing_keys_one_${state}`)
      .on('oidc_signing_keys')
      .column('tenant_id')
      .unique()
      .where(sql.ref('state'), '=', state)
      .execute();
  await db.schema
    .createIndex('oidc_signing_keys_by_tenant')
    .on('oidc_signing_keys')
    .columns(['tenant_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_signing_keys').execute();
}
