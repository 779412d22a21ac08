import type { Kysely } from 'kysely';

/**
 * Issue 12: each Access Policy Group says whether its users may use passkeys and whether an authenticator must verify
 * its user (PIN, biometrics). Existing groups get 'second-factor', so that the portal's Passkeys page, which every
 * user could use before this migration, keeps working; and 'preferred', the registration's behaviour until now.
 * The defaults are written here rather than imported, so that this migration stays what it was when it ran.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('access_policy_groups')
    /** not-allowed | second-factor | passwordless */
    .addColumn('passkeys', 'text', (c) => c.notNull().defaultTo('second-factor'))
    .execute();
  await db.schema
    .alterTable('access_policy_groups')
    /** preferred | required */
    .addColumn('passkey_user_verification', 'text', (c) => c.notNull().defaultTo('preferred'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_policy_groups').dropColumn('passkey_user_verification').execute();
  await db.schema.alterTable('access_policy_groups').dropColumn('passkeys').execute();
}
