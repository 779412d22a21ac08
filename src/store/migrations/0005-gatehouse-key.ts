import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Where the QR code's enrolment link points: the public URL, or the origin the setup was started from.
  await db.schema
    .alterTable('otp_setups')
    .addColumn('enroll_base', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('key_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .execute();

  /** Nonces of signed device requests, kept while their timestamp could still be accepted. */
  await db.schema
    .createTable('key_nonces')
    .addColumn('device_id', 'text', (c) => c.notNull().references('key_devices.id').onDelete('cascade'))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_nonces_pk', ['device_id', 'nonce'])
    .execute();

  await db.schema
    .createTable('approval_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('attempt_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    /** pending | accepted | rejected */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('approval_requests_by_user')
    .on('approval_requests')
    .columns(['user_id', 'status'])
    .execute();
  await db.schema.createIndex('approval_requests_by_attempt').on('approval_requests').column('attempt_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['approval_requests', 'key_nonces', 'key_devices']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('otp_setups').dropColumn('enroll_base').execute();
}
