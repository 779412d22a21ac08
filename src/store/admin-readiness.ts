import type { Kysely } from 'kysely';
import type { Database, UserRow } from './schema.js';

/** Enabled administrators without an OTP method: whom admin OTP enforcement would catch unprepared. */
export function listAdminsWithoutOtp(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Pick<UserRow, 'id' | 'login_id' | 'display_name' | 'role'>[]> {
  return db
    .selectFrom('users')
    .select(['id', 'login_id', 'display_name', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('role', '!=', 'none')
    .where('status', '=', 'enabled')
    .where('otp_type', '=', 'none')
    .orderBy('login_id_lower')
    .limit(1000)
    .execute();
}

/**
 * Enabled administrators without a passkey: whom a phishing-resistant sign-in requirement would catch unprepared
 * (and whom "Required now" is refused for).
 */
export function listAdminsWithoutPasskey(
  db: Kysely<Database>,
  tenantId: string,
): Promise<Pick<UserRow, 'id' | 'login_id' | 'display_name' | 'role'>[]> {
  return db
    .selectFrom('users')
    .select(['id', 'login_id', 'display_name', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('role', '!=', 'none')
    .where('status', '=', 'enabled')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('passkeys').select('passkeys.id').whereRef('passkeys.user_id', '=', 'users.id'))),
    )
    .orderBy('login_id_lower')
    .limit(1000)
    .execute();
}
