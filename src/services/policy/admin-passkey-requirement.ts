import { isAdminRole, type Role } from '../../core/roles.js';
import { loggedOtpMethodOf } from '../../core/sso/oidc-authentication.js';
import type { SessionRow, TenantRow, UserRow } from '../../store/schema.js';

/** SPEC §3.4: is phishing-resistant sign-in (passkey only) required of administrators at `now`? */
export function adminPasskeyRequiredAt(tenant: TenantRow, now: number): boolean {
  if (tenant.admin_passkey_requirement === 'now') return true;
  return (
    tenant.admin_passkey_requirement === 'scheduled' &&
    tenant.admin_passkey_required_from > 0 &&
    tenant.admin_passkey_required_from <= now
  );
}

/** The user is an administrator and must pass the OTP step with a passkey, whatever their group says. */
export function adminPasskeyAppliesTo(tenant: TenantRow, user: UserRow, now: number): boolean {
  return isAdminRole(user.role as Role) && adminPasskeyRequiredAt(tenant, now);
}

/**
 * Required now or from a date: from then on an administrator needs a passkey, so they may add one even where their
 * group says passkeys are not allowed, and the lock-out guard already counts the rule (a scheduled date is where the
 * tenant is going; refusing then is kinder than finding every Global Admin shut out on the day).
 */
export function adminPasskeyChosenFor(tenant: TenantRow, user: UserRow): boolean {
  return isAdminRole(user.role as Role) && tenant.admin_passkey_requirement !== 'off';
}

/** A session opened with a passkey: at the OTP step or without a password, with or without user verification. */
export function isPasskeySession(session: Pick<SessionRow, 'otp_method'>): boolean {
  return loggedOtpMethodOf(session.otp_method) === 'passkey';
}

/**
 * A session opened without a passkey does not carry an administrator once the requirement applies to them, not
 * even one opened before it began: like admin OTP enforcement, its user signs in again, this time with a passkey.
 */
export function sessionLacksAdminPasskey(tenant: TenantRow, user: UserRow, session: SessionRow, now: number): boolean {
  return !isPasskeySession(session) && adminPasskeyAppliesTo(tenant, user, now);
}
