import type { AdminOtpStatus } from '../../contract/admin-api/index.js';
import type { Clock } from '../../core/clock.js';
import type { AdminOtpEnforcement } from '../../core/tenant-settings.js';
import type { Store } from '../../store/database.js';
import { listAdminsWithoutOtp } from '../../store/admin-readiness.js';
import type { TenantRow, UserRow } from '../../store/schema.js';
import { adminOtpEnforcedAt } from './admin-otp-enforcement.js';

/** What the console's banner and Domain Settings show about admin OTP enforcement (SPEC §5.3). */
export class AdminOtpStatusService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async status(tenant: TenantRow, me: UserRow): Promise<AdminOtpStatus> {
    const admins = await listAdminsWithoutOtp(this.store.db, tenant.id);
    return {
      enforcement: tenant.admin_otp_enforcement as AdminOtpEnforcement,
      enforcedFrom:
        tenant.admin_otp_enforcement === 'scheduled' && tenant.admin_otp_enforced_from
          ? new Date(tenant.admin_otp_enforced_from).toISOString()
          : null,
      enforcedNow: adminOtpEnforcedAt(tenant, this.clock.now()),
      me: { otpType: me.otp_type, ready: me.otp_type !== 'none' },
      adminsNotReady: admins.map((a) => ({ id: a.id, loginId: a.login_id, displayName: a.display_name, role: a.role })),
    };
  }
}
