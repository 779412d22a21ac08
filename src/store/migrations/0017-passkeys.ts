import type { Kysely } from 'kysely';

/**
 * Issue 12: passkeys (WebAuthn credentials) and the challenges of their ceremonies. Challenges live in the database,
 * not in a node's memory, so that a ceremony started on one node of a cluster can be finished on another.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('passkeys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** The credential ID the authenticator chose, base64url. */
    .addColumn('credential_id', 'text', (c) => c.notNull())
    /** The COSE public key, base64url. */
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', 'bigint', (c) => c.notNull())
    /** The transports the browser reported, comma-separated ('' when none). */
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('aaguid', 'text', (c) => c.notNull())
    /** 'singleDevice' or 'multiDevice' (a synced passkey), as the authenticator data's BE flag says. */
    .addColumn('device_type', 'text', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    /** When a sign-in showed a signature counter lower than the stored one (a possible clone); 0 = never. */
    .addColumn('flagged_at', 'bigint', (c) => c.notNull())
    .execute();
  // Sign-in looks a credential up by its ID within the tenant; one credential belongs to one user only.
  await db.schema
    .createIndex('passkeys_credential')
    .on('passkeys')
    .columns(['tenant_id', 'credential_id'])
    .unique()
    .execute();
  await db.schema.createIndex('passkeys_user_name').on('passkeys').columns(['user_id', 'name']).unique().execute();

  await db.schema
    .createTable('webauthn_challenges')
    /** SHA-256 of the challenge, base64url: the challenge itself is never stored. */
    .addColumn('challenge_hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    /** The user a registration is for; null for a passwordless sign-in, whose user is not known yet. */
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    /** 'register' | 'authenticate' */
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webauthn_challenges_expiry').on('webauthn_challenges').column('expires_at').execute();
  await db.schema.createIndex('webauthn_challenges_user').on('webauthn_challenges').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webauthn_challenges', 'passkeys']) await db.schema.dropTable(table).execute();
}
