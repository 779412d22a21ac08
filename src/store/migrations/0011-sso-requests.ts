import type { Kysely } from 'kysely';

/**
 * Issue 9: a single sign-on request (a SAML AuthnRequest today, an OpenID Connect authorization request next)
 * waits here while its user signs in, and is answered exactly once. The service is not a foreign key: a request
 * outlives its service by minutes at most, and answering looks the service up again anyway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sso_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull())
    /** saml */
    .addColumn('protocol', 'text', (c) => c.notNull())
    /** The ID of the service's own request ('' when the user started from the portal): a second one is a replay. */
    .addColumn('request_id', 'text', (c) => c.notNull())
    /** Where the answer goes: a URL the service registered, never one taken from the request unchecked. */
    .addColumn('reply_url', 'text', (c) => c.notNull())
    .addColumn('relay_state', 'text', (c) => c.notNull())
    /** The service asked for a fresh sign-in (SAML ForceAuthn): a session older than the request does not do. */
    .addColumn('force_authn', 'integer', (c) => c.notNull())
    /** The service asked that no page be shown (SAML IsPassive): without a session, the answer is NoPassive. */
    .addColumn('is_passive', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    /** When it was answered (0: not yet): one answer per request, however many tabs resume it. */
    .addColumn('answered_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sso_requests_replay_idx')
    .on('sso_requests')
    .columns(['tenant_id', 'service_id', 'request_id'])
    .unique()
    .where('request_id', '!=', '')
    .execute();
  await db.schema.createIndex('sso_requests_expires_idx').on('sso_requests').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sso_requests').execute();
}
