import type { Clock } from '../../core/clock.js';
import { parseClientAddress } from '../../core/policy/ip-range.js';
import { ownsAnyPasskey } from '../../store/passkeys.js';
import { passkeyRulesOf } from '../../core/passkey-rules.js';
import { decideLogin, type DecisionStep, type OtpStep, otpStepFor } from '../../core/policy/login-decision.js';
import { ValidationError } from '../../core/validation-error.js';
import type { Store } from '../../store/database.js';
import { findDefaultGroup, findGroup } from '../../store/groups.js';
import type { TenantRow, UserRow } from '../../store/schema.js';
import type { EmergencyTokenService } from '../otp/emergency-token-service.js';
import { adminOtpAppliesTo } from './admin-otp-enforcement.js';
import { adminPasskeyAppliesTo } from './admin-passkey-requirement.js';
import { evaluationContextFor } from './decision-context.js';
import type { PolicyCatalog } from './policy-catalog.js';
import type { AccessFacts, ServiceAccessDecision } from '../sso/service-access.js';

const OTP_STEP_OUTCOMES: Record<OtpStep, string> = {
  none: 'no OTP step',
  otp: 'asks for the one-time password',
  'otp-setup': 'takes the admin through OTP setup first',
  deny: 'denied: OTP not configured, but OTP input is required',
};

export interface PolicyCheckInput {
  ip: string;
  at?: number;
  hasPass: boolean;
  passAgeDays?: number;
}

/** The service a Policy Check asks about, with what decides it. */
export type ServiceCheck = (user: UserRow, facts: AccessFacts) => Promise<ServiceAccessDecision>;

export interface PolicyCheckResult {
  allowed: boolean;
  otpRequired: boolean;
  otpConfigured: boolean;
  service: string | null;
  steps: DecisionStep[];
}

/**
 * Access Control > Policy Check: what a sign-in of this user from this address at this time would meet, using
 * the very decision the sign-in uses, so an admin can try a policy before assigning it. Writes nothing.
 */
export class PolicyCheckService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly catalog: PolicyCatalog,
    private readonly tokens: EmergencyTokenService,
  ) {}

  /**
   * With `service`, the question is the one every single sign-on asks (SPEC §6): may this user use this service,
   * with OTP or not, from this address, at this time.
   */
  async check(
    tenant: TenantRow,
    user: UserRow,
    input: PolicyCheckInput,
    service?: { name: string; decide: ServiceCheck },
  ): Promise<PolicyCheckResult> {
    if (!parseClientAddress(input.ip)) throw new ValidationError('IP address must be an IPv4 or IPv6 address.', 'ip');
    const at = input.at ?? this.clock.now();
    const group =
      (await findGroup(this.store.db, tenant.id, user.group_id)) ?? (await findDefaultGroup(this.store.db, tenant.id));
    if (!group) throw new Error(`tenant ${tenant.domain} has no Default group`);
    const passAge = input.hasPass ? Math.max(0, input.passAgeDays ?? 0) : 0;
    const context = evaluationContextFor(
      tenant,
      user,
      { ip: input.ip, now: at, pass: input.hasPass ? { issuedAt: at - passAge * 86_400_000 } : null },
      await this.catalog.policiesOf(tenant),
    );
    const adminOtpEnforced = adminOtpAppliesTo(tenant, user, at);
    const decision = service
      ? await service.decide(user, {
          ip: input.ip,
          now: at,
          hasPass: input.hasPass,
          passAgeDays: input.hasPass ? passAge : undefined,
        })
      : decideLogin(this.catalog.groupOf(group), adminOtpEnforced, context);
    const unusedEmergencyTokens = await this.tokens.countUnused(user);
    const otpConfigured = user.otp_type !== 'none' || unusedEmergencyTokens > 0;
    const steps = [...decision.steps];
    let allowed = decision.allowed;
    if (decision.allowed && decision.otpRequired) {
      const step = otpStepFor({
        otpRequired: true,
        // As the sign-in decides it: a passkey answers the OTP step too (SPEC §3.4), unless the group forbids them.
        hasOtpMethod:
          user.otp_type !== 'none' || (passkeyRulesOf(group).allowed && (await ownsAnyPasskey(this.store.db, user.id))),
        adminOtpEnforced,
        adminWithoutOtp: tenant.admin_otp_missing === 'deny' ? 'deny' : 'setup',
        unusedEmergencyTokens,
      });
      allowed = step !== 'deny';
      steps.push({
        setting: 'OTP step',
        outcome: OTP_STEP_OUTCOMES[step],
        detail:
          user.otp_type !== 'none'
            ? `OTP Type ${user.otp_type}`
            : `no OTP method; ${unusedEmergencyTokens} unused emergency tokens`,
      });
    }
    let otpRequired = decision.allowed && decision.otpRequired;
    // Phishing-resistant sign-in for admins (SPEC §3.4) decides the OTP step of an admin's login, whatever the group.
    if (!service && decision.allowed && adminPasskeyAppliesTo(tenant, user, at)) {
      const hasPasskey = await ownsAnyPasskey(this.store.db, user.id);
      otpRequired = true;
      allowed = hasPasskey || otpConfigured;
      steps.push({
        setting: 'Phishing-resistant sign-in for admins',
        outcome: hasPasskey
          ? 'asks for a passkey, nothing else'
          : otpConfigured
            ? 'takes the admin through adding a passkey after the OTP step'
            : 'denied: no passkey, no OTP method and no emergency token',
        detail: hasPasskey ? 'has a passkey' : 'no passkey',
      });
    }
    return { allowed, otpRequired, otpConfigured, service: service?.name ?? null, steps };
  }
}
