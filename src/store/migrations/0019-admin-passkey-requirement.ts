import type { Kysely } from 'kysely';

/**
 * Issue 12 item 3b: a tenant may require phishing-resistant sign-in (a passkey) from its administrators, not required,
 * from a date, or now (SPEC §3.4), like admin OTP enforcement. Existing tenants start with 'off': requiring it
 * before every admin has a passkey would shut them out. The default is written here, not imported, so that this
 * migration stays what it was when it ran.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    /** off | scheduled | now */
    .addColumn('admin_passkey_requirement', 'text', (c) => c.notNull().defaultTo('off'))
    .execute();
  await db.schema
    .alterTable('tenants')
    .addColumn('admin_passkey_required_from', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenants').dropColumn('admin_passkey_required_from').execute();
  await db.schema.alterTable('tenants').dropColumn('admin_passkey_requirement').execute();
}
