import { type Kysely, sql } from 'kysely';

const DAY_MS = 86_400_000;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('access_policy_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('display_name_lower', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('cookie_hours', 'integer', (c) => c.notNull())
    .addColumn('allow_mode', 'text', (c) => c.notNull())
    .addColumn('allow_condition', 'text', (c) => c.notNull())
    .addColumn('otp_mode', 'text', (c) => c.notNull())
    .addColumn('otp_condition', 'text', (c) => c.notNull())
    .addColumn('portal_otp_setup', 'integer', (c) => c.notNull())
    .addColumn('otp_email_change_mode', 'text', (c) => c.notNull())
    .addColumn('otp_email_change_condition', 'text', (c) => c.notNull())
    .addColumn('allowed_services', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('groups_name_unique')
    .unique()
    .on('access_policy_groups')
    .columns(['tenant_id', 'display_name_lower'])
    .execute();

  await db.schema
    .createTable('ip_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('entries', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ip_sets_identifier_unique')
    .unique()
    .on('ip_sets')
    .columns(['tenant_id', 'identifier'])
    .execute();

  await db.schema
    .createTable('policy_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('condition', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('templates_identifier_unique')
    .unique()
    .on('policy_templates')
    .columns(['tenant_id', 'identifier'])
    .execute();

  await db.schema
    .createTable('entrance_passes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('entrance_passes_by_user').on('entrance_passes').column('user_id').execute();

  await db.schema
    .createTable('access_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('login_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('otp_method', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_logs_by_time').on('access_logs').columns(['tenant_id', 'at', 'id']).execute();
  await db.schema
    .createIndex('access_logs_by_user')
    .on('access_logs')
    .columns(['tenant_id', 'user_id', 'at'])
    .execute();

  /** A sign-in between the password and the OTP step: bound to the browser by a cookie holding id.secret. */
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('keep_me_logged_in', 'integer', (c) => c.notNull())
    .addColumn('next_path', 'text', (c) => c.notNull())
    .addColumn('otp_tries', 'integer', (c) => c.notNull())
    .addColumn('email_code_hash', 'text', (c) => c.notNull())
    .addColumn('email_code_sent_at', 'bigint', (c) => c.notNull())
    .addColumn('issue_pass', 'integer', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('tenants')
    .addColumn('entrance_pass_mode', 'text', (c) => c.notNull().defaultTo('never'))
    .execute();
  await db.schema
    .alterTable('tenants')
    .addColumn('entrance_pass_condition', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('tenants')
    .addColumn('entrance_pass_days', 'integer', (c) => c.notNull().defaultTo(90))
    .execute();
  await db.schema
    .alterTable('tenants')
    .addColumn('admin_otp_enforcement', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .execute();
  await db.schema
    .alterTable('tenants')
    .addColumn('admin_otp_enforced_from', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('tenants')
    .addColumn('admin_otp_missing', 'text', (c) => c.notNull().defaultTo('setup'))
    .execute();
  // Bumped by every change to IP Sets or templates, so each server process knows when to recompile them.
  await db.schema
    .alterTable('tenants')
    .addColumn('policy_version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // Existing tenants get the same grace a new one gets: enforcement 14 days after they were created.
  await sql`update tenants set admin_otp_enforced_from = created_at + ${14 * DAY_MS}`.execute(db);

  await db.schema
    .alterTable('users')
    .addColumn('group_id', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('users_by_group').on('users').columns(['tenant_id', 'group_id', 'id']).execute();

  // Every tenant gets its Default group (password only, OTP never required), and every user is put in it.
  const now = Date.now();
  const tenants = await sql<{ id: string }>`select id from tenants`.execute(db);
  for (const { id } of tenants.rows) {
    const groupId = `default-${id}`;
    await sql`insert into access_policy_groups (id, tenant_id, display_name, display_name_lower, is_default, cookie_hours,
      allow_mode, allow_condition, otp_mode, otp_condition, portal_otp_setup, otp_email_change_mode, otp_email_change_condition,
      allowed_services, created_at, updated_at)
      values (${groupId}, ${id}, 'Default', 'default', 1, 168, 'always', '', 'always-skip', '', 1, 'always', '', '[]', ${now}, ${now})`.execute(
      db,
    );
    await sql`update users set group_id = ${groupId} where tenant_id = ${id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sign_in_attempts',
    'access_logs',
    'entrance_passes',
    'policy_templates',
    'ip_sets',
    'access_policy_groups',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.dropIndex('users_by_group').execute();
  for (const column of ['attributes', 'group_id']) await db.schema.alterTable('users').dropColumn(column).execute();
  for (const column of [
    'policy_version',
    'admin_otp_missing',
    'admin_otp_enforced_from',
    'admin_otp_enforcement',
    'entrance_pass_days',
    'entrance_pass_condition',
    'entrance_pass_mode',
  ])
    await db.schema.alterTable('tenants').dropColumn(column).execute();
}
