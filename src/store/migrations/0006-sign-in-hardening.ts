import type { Kysely } from 'kysely';

/**
 * Issue 8: sign-in as one flow, counters that are exact under concurrency, smart lockout and push approval
 * that resists fatigue. Sign-in attempts and approval requests live minutes, so their tables are made anew
 * rather than altered: an upgrade ends the few sign-ins that were half-way, nothing more.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  /**
   * Fixed-window counters reserved before the check they guard (per-address throttle, per-account OTP failures,
   * push requests per user, ...): one conditional upsert reserves, so concurrent requests never pass a limit.
   */
  await db.schema
    .createTable('rate_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    /** The end of the current window; a reservation after it starts a new one. */
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  /** Lockout of login IDs that belong to nobody, tracked by a keyed hash so they answer exactly like real ones. */
  await db.schema
    .createTable('login_id_lockouts')
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('failed_login_count', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_id_lockouts_pk', ['tenant_id', 'id_hash'])
    .execute();

  /** Addresses a user signed in from successfully: a familiar client for smart lockout (30 days). */
  await db.schema
    .createTable('user_sign_in_addresses')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('last_success_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_sign_in_addresses_pk', ['user_id', 'ip'])
    .execute();

  /** How the session was opened: admin OTP enforcement needs to know whether an OTP step was passed. */
  await db.schema
    .alterTable('sessions')
    .addColumn('otp_verified_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('otp_method', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema.dropTable('sign_in_attempts').execute();
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    /** otp | otp-setup | reported (ended from Gatehouse Key with "This wasn't me") */
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('keep_me_logged_in', 'integer', (c) => c.notNull())
    /** Where the attempt goes once it succeeds: `portal` (return_to is a path); SSO issues add their kinds. */
    .addColumn('return_kind', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('otp_tries', 'integer', (c) => c.notNull())
    /** The OTP method already passed when the attempt moved on to forced OTP setup (an emergency token). */
    .addColumn('otp_method', 'text', (c) => c.notNull())
    .addColumn('email_code_hash', 'text', (c) => c.notNull())
    .addColumn('email_code_sent_at', 'bigint', (c) => c.notNull())
    .addColumn('push_requests', 'integer', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rate_counters', 'login_id_lockouts', 'user_sign_in_addresses'])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('sessions').dropColumn('otp_method').execute();
  await db.schema.alterTable('sessions').dropColumn('otp_verified_at').execute();
}
