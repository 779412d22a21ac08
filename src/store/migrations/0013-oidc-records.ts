import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Issue 10: what the OpenID Provider engine (oidc-provider) keeps between requests — sessions, interactions,
 * authorization codes, access and refresh tokens, grants — in Gatehouse's own database, one row per record. The
 * engine names each record by model and id; the columns beside the payload are the ones it looks records up by.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_records')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    /** The engine's payload, as JSON. */
    .addColumn('payload', 'text', (c) => c.notNull())
    /** '' when the record belongs to no grant: revoking a grant removes every record of it. */
    .addColumn('grant_id', 'text', (c) => c.notNull())
    .addColumn('user_code', 'text', (c) => c.notNull())
    .addColumn('uid', 'text', (c) => c.notNull())
    /** 0: never expires. */
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    /** When a single-use record (an authorization code, a rotated refresh token) was used; 0 while unused. */
    .addColumn('consumed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('oidc_records_pk', ['tenant_id', 'model', 'id'])
    .execute();
  await db.schema
    .createIndex('oidc_records_grant_idx')
    .on('oidc_records')
    .columns(['tenant_id', 'grant_id'])
    .where(sql.ref('grant_id'), '<>', '')
    .execute();
  await db.schema
    .createIndex('oidc_records_uid_idx')
    .on('oidc_records')
    .columns(['tenant_id', 'model', 'uid'])
    .where(sql.ref('uid'), '<>', '')
    .execute();
  await db.schema
    .createIndex('oidc_records_user_code_idx')
    .on('oidc_records')
    .columns(['tenant_id', 'model', 'user_code'])
    .where(sql.ref('user_code'), '<>', '')
    .execute();
  await db.schema.createIndex('oidc_records_expires_idx').on('oidc_records').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_records').execute();
}
