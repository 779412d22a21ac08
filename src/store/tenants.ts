import type { Kysely } from 'kysely';
import type { Database, TenantRow } from './schema.js';

export type TenantSettingsRow = Pick<
  TenantRow,
  | 'login_page_title'
  | 'show_keep_me_logged_in'
  | 'password_policy'
  | 'password_min_length'
  | 'lockout_threshold'
  | 'lockout_minutes'
  | 'time_zone'
  | 'mail_sender'
  | 'otp_issuer'
  | 'entrance_pass_mode'
  | 'entrance_pass_condition'
  | 'entrance_pass_days'
  | 'admin_otp_enforcement'
  | 'admin_otp_enforced_from'
  | 'admin_otp_missing'
  | 'admin_passkey_requirement'
  | 'admin_passkey_required_from'
>;

export function findTenantByDomain(db: Kysely<Database>, domain: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').selectAll().where('domain', '=', domain).executeTakeFirst();
}

export function findTenantById(db: Kysely<Database>, id: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTenant(db: Kysely<Database>, row: TenantRow): Promise<void> {
  await db.insertInto('tenants').values(row).execute();
}

/** Marks IP Sets or templates as changed, so every server process recompiles them at its next decision. */
export async function bumpPolicyVersion(db: Kysely<Database>, tenantId: string): Promise<void> {
  await db
    .updateTable('tenants')
    .set((eb) => ({ policy_version: eb('policy_version', '+', 1) }))
    .where('id', '=', tenantId)
    .execute();
}

export async function updateTenantSettings(
  db: Kysely<Database>,
  id: string,
  settings: Partial<TenantSettingsRow>,
  now: number,
): Promise<void> {
  await db
    .updateTable('tenants')
    .set({ ...settings, updated_at: now })
    .where('id', '=', id)
    .execute();
}
