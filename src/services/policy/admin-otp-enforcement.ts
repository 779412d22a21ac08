import { isAdminRole, type Role } from '../../core/roles.js';
import type { TenantRow, UserRow } from '../../store/schema.js';

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
