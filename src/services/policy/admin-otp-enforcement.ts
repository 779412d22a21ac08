import { isAdminRole, type Role } from '../../core/roles.js';
import type { SessionRow, TenantRow, UserRow } from '../../store/schema.js';

/** SPEC §5.3: is OTP enforced for administrators at `now`? */
export function adminOtpEnforcedAt(tenant: TenantRow, now: number): boolean {
  if (tenant.admin_otp_enforcement === 'now') return true;
  return (
    tenant.admin_otp_enforcement === 'scheduled' &&
    tenant.admin_otp_enforced_from > 0 &&
    tenant.admin_otp_enforced_from <= now
  );
}

export function adminOtpAppliesTo(tenant: TenantRow, user: UserRow, now: number): boolean {
  return isAdminRole(user.role as Role) && adminOtpEnforcedAt(tenant, now);
}

/**
 * A session opened without an OTP step does not carry an administrator once enforcement applies to them
 * (SPEC §5.3): not even one opened before enforcement began. Its user signs in again, with OTP.
 */
export function sessionLacksAdminOtp(tenant: TenantRow, user: UserRow, session: SessionRow, now: number): boolean {
  return session.otp_verified_at === 0 && adminOtpAppliesTo(tenant, user, now);
}
