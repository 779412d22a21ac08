import type { Clock } from '../../core/clock.js';
import { SSO_MESSAGES } from '../../core/messages.js';
import { otpStepFor } from '../../core/policy/login-decision.js';
import type { TenantRow, UserRow } from '../../store/schema.js';
import type { EmergencyTokenService } from '../otp/emergency-token-service.js';
import { adminOtpAppliesTo } from '../policy/admin-otp-enforcement.js';
import type { SignInAttempts } from './sign-in-attempts.js';
import type { SignInClient } from './sign-in-context.js';
import type { SignInOutcome } from './sign-in-outcome.js';
import type { SignInReturn } from './sign-in-return.js';

/**
 * A session opened without an OTP step meets a service that requires one (SPEC §6): the user is not asked for
 * the password again, only for the OTP step, as an attempt of the one sign-in flow. It completes as any sign-in
 * does, with a new session that replaces the old one, and returns to the waiting request.
 *
 * Nothing here is a guess to count: the OTP answers that follow count against the account as at any sign-in.
 */
export class OtpStepUp {
  constructor(
    private readonly attempts: SignInAttempts,
    private readonly tokens: EmergencyTokenService,
    private readonly clock: Clock,
    private readonly hasPasskeys: (user: UserRow) => Promise<boolean>,
  ) {}

  async begin(
    tenant: TenantRow,
    user: UserRow,
    client: SignInClient,
    options: { keepMeLoggedIn: boolean; returnTo: SignInReturn },
  ): Promise<Extract<SignInOutcome, { kind: 'go-to-step' | 'login-form' }>> {
    const enforced = adminOtpAppliesTo(tenant, user, this.clock.now());
    const step = otpStepFor({
      otpRequired: true,
      // A passkey answers the OTP step like any method (SPEC §3.4), as at a password sign-in.
      hasOtpMethod: user.otp_type !== 'none' || (await this.hasPasskeys(user)),
      adminOtpEnforced: enforced,
      adminWithoutOtp: tenant.admin_otp_missing === 'deny' ? 'deny' : 'setup',
      unusedEmergencyTokens: user.otp_type === 'none' ? await this.tokens.countUnused(user) : 0,
    });
    if (step === 'deny' || step === 'none')
      return {
        kind: 'login-form',
        status: 403,
        reason: 'otp-not-configured',
        message: SSO_MESSAGES.otpNotConfigured,
        loginId: user.login_id,
      };
    const attempt = await this.attempts.begin(tenant, user, { stage: step, ip: client.ip, ...options });
    return { kind: 'go-to-step', step, attempt };
  }
}
