import type { Kysely } from 'kysely';
import type { Database, UserRow } from './schema.js';

type AdminNotReady = Pick<UserRow, 'id' | 'login_id' | 'display_name' | 'role'>;

/** The tenant's enabled administrators, by login ID: at most 1,000 of them, which a readiness list can show. */
function enabledAdmins(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'login_id', 'display_name', 'role'])
    .where('tenant_id', '=', tenantId)
    .where('role', '!=', 'none')
    .where('status', '=', 'enabled')
    .orderBy('login_id_lower')
    .limit(1000);
}

/** Enabled administrators without an OTP method: whom admin OTP enforcement would catch unprepared. */
export function listAdminsWithoutOtp(db: Kysely<Database>, tenantId: string): Promise<AdminNotReady[]> {
  return enabledAdmins(db, tenantId).where('otp_type', '=', 'none').execute();
}

/**
 * Enabled administrators without a passkey: whom a phishing-resistant sign-in requirement would catch unprepared
 * (and whom "Required now" is refused for).
 */
export function listAdminsWithoutPasskey(db: Kysely<Database>, tenantId: string): Promise<AdminNotReady[]> {
  return enabledAdmins(db, tenantId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('passkeys').select('passkeys.id').whereRef('passkeys.user_id', '=', 'users.id'))),
    )
    .execute();
}
