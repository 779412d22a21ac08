import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('otp_issuer', 'text', (c) => c.notNull().defaultTo('Gatehouse'))
    .execute();

  // The user's one OTP method lives on the user row: listing and filtering by OTP Type then needs no join,
  // and the replay guard is a single conditional UPDATE of otp_last_step.
  await db.schema
    .alterTable('users')
    .addColumn('otp_type', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('otp_secret', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('otp_last_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('otp_email', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('otp_registered_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('emergency_tokens_issued_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('users_by_otp_type').on('users').columns(['tenant_id', 'otp_type', 'id']).execute();

  /** A registration in progress: the QR code shown (valid 10 minutes) or the email address being confirmed. */
  await db.schema
    .createTable('otp_setups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('code_sent_at', 'bigint', (c) => c.notNull())
    .addColumn('code_tries', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_type', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('otp_setups_by_user').on('otp_setups').column('user_id').execute();

  await db.schema
    .createTable('emergency_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('emergency_tokens_by_user').on('emergency_tokens').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('emergency_tokens').execute();
  await db.schema.dropTable('otp_setups').execute();
  await db.schema.dropIndex('users_by_otp_type').execute();
  for (const column of [
    'emergency_tokens_issued_at',
    'otp_registered_at',
    'otp_email',
    'otp_last_step',
    'otp_secret',
    'otp_type',
  ])
    await db.schema.alterTable('users').dropColumn(column).execute();
  await db.schema.alterTable('tenants').dropColumn('otp_issuer').execute();
}
