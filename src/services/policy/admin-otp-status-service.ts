import type { AdminOtpStatus } from '../../contract/admin-api/index.js';
import type { Clock } from '../../core/clock.js';
import type { AdminOtpEnforcement, AdminPasskeyRequirement } from '../../core/tenant-settings.js';
import type { Store } from '../../store/database.js';
import { listAdminsWithoutOtp, listAdminsWithoutPasskey } from '../../store/admin-readiness.js';
import { ownsAnyPasskey } from '../../store/passkeys.js';
import type { TenantRow, UserRow } from '../../store/schema.js';
import { adminOtpEnforcedAt } from './admin-otp-enforcement.js';
import { adminPasskeyRequiredAt } from './admin-passkey-requirement.js';

type AdminRow = Pick<UserRow, 'id' | 'login_id' | 'display_name' | 'role'>;

const adminView = (a: AdminRow) => ({ id: a.id, loginId: a.login_id, displayName: a.display_name, role: a.role });

/**
 * What the console's banner and Domain Settings show about admin OTP enforcement (SPEC §5.3) and about the
 * phishing-resistant sign-in requirement for admins (SPEC §3.4): one status, so the console asks once.
 */
export class AdminOtpStatusService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async status(tenant: TenantRow, me: UserRow): Promise<AdminOtpStatus> {
    const [admins, withoutPasskey, myPasskey] = await Promise.all([
      listAdminsWithoutOtp(this.store.db, tenant.id),
      listAdminsWithoutPasskey(this.store.db, tenant.id),
      // Asked of the admin directly: the readiness list stops at 1,000 names, which may leave them out.
      ownsAnyPasskey(this.store.db, me.id),
    ]);
    const now = this.clock.now();
    return {
      enforcement: tenant.admin_otp_enforcement as AdminOtpEnforcement,
      enforcedFrom:
        tenant.admin_otp_enforcement === 'scheduled' && tenant.admin_otp_enforced_from
          ? new Date(tenant.admin_otp_enforced_from).toISOString()
          : null,
      enforcedNow: adminOtpEnforcedAt(tenant, now),
      me: { otpType: me.otp_type, ready: me.otp_type !== 'none' },
      adminsNotReady: admins.map(adminView),
      passkeys: {
        requirement: tenant.admin_passkey_requirement as AdminPasskeyRequirement,
        requiredFrom:
          tenant.admin_passkey_requirement === 'scheduled' && tenant.admin_passkey_required_from
            ? new Date(tenant.admin_passkey_required_from).toISOString()
            : null,
        requiredNow: adminPasskeyRequiredAt(tenant, now),
        me: { ready: myPasskey },
        adminsNotReady: withoutPasskey.map(adminView),
      },
    };
  }
}
