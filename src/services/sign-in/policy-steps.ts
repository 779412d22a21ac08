import { ADMIN_PASSKEY_MESSAGES, SIGN_IN_MESSAGES } from '../../core/messages.js';
import { decideLogin, otpStepFor } from '../../core/policy/login-decision.js';
import type { Store } from '../../store/database.js';
import type { UserRow } from '../../store/schema.js';
import { findDefaultGroup, findGroup } from '../../store/groups.js';
import type { EmergencyTokenService } from '../otp/emergency-token-service.js';
import { adminOtpAppliesTo } from '../policy/admin-otp-enforcement.js';
import { adminPasskeyAppliesTo } from '../policy/admin-passkey-requirement.js';
import { evaluationContextFor } from '../policy/decision-context.js';
import type { EntrancePassService } from '../policy/entrance-pass-service.js';
import type { PolicyCatalog } from '../policy/policy-catalog.js';
import { CONTINUE, type SignInContext, type SignInStep } from './sign-in-context.js';

const otpNotConfigured = {
  outcome: 'deny',
  reason: 'otp-not-configured',
  httpStatus: 403,
  message: SIGN_IN_MESSAGES.otpNotConfigured,
} as const;

/**
 * Phishing-resistant sign-in for admins (SPEC §3.4) for an admin with no passkey, no OTP method and no emergency
 * token: nothing could open the way to adding a passkey, so the sign-in is refused after the password, with what to do.
 */
const noPasskeyForAdmin = {
  outcome: 'deny',
  reason: 'admin-passkey-required',
  httpStatus: 403,
  message: ADMIN_PASSKEY_MESSAGES.noPasskey,
} as const;

/** SPEC §5.1 step 3: the user's group decides whether they may enter at all, and whether OTP is required. */
export function evaluateGroupPolicy(store: Store, catalog: PolicyCatalog, passes: EntrancePassService): SignInStep {
  return {
    name: 'evaluate-group-policy',
    async run(context: SignInContext) {
      const { tenant, client } = context.request;
      const user = context.user!;
      context.group =
        (await findGroup(store.db, tenant.id, user.group_id)) ?? (await findDefaultGroup(store.db, tenant.id));
      if (!context.group) throw new Error(`tenant ${tenant.domain} has no Default group`);
      context.pass = await passes.validPass(user, client.passCookie);
      const policies = await catalog.policiesOf(tenant);
      const pass = context.pass ? { issuedAt: context.pass.issued_at } : null;
      context.evaluation = evaluationContextFor(tenant, user, { ip: client.ip, now: context.now, pass }, policies);
      context.decision = decideLogin(
        catalog.groupOf(context.group),
        // A passkey answers the OTP step, so requiring one of an admin requires that step, as enforcement does.
        adminOtpAppliesTo(tenant, user, context.now) || adminPasskeyAppliesTo(tenant, user, context.now),
        context.evaluation,
      );
      if (!context.decision.allowed)
        return { outcome: 'deny', reason: 'policy-denied', httpStatus: 403, message: SIGN_IN_MESSAGES.policyDenied };
      return CONTINUE;
    },
  };
}

/** SPEC §5.1 step 3–4: which OTP step, if any, the user must pass before a session is made. */
export function decideOtpStep(
  tokens: EmergencyTokenService,
  hasPasskeys: (user: UserRow) => Promise<boolean>,
): SignInStep {
  return {
    name: 'decide-otp-step',
    async run(context: SignInContext) {
      if (!context.decision?.otpRequired) return CONTINUE;
      const { tenant } = context.request;
      const user = context.user!;
      if (adminPasskeyAppliesTo(tenant, user, context.now)) {
        // Without a passkey yet, their usual method (or an emergency token) opens the way to adding one, never the
        // password alone: whoever has only that must not be able to register a passkey of their own.
        const canAnswer = (await hasPasskeys(user)) || user.otp_type !== 'none' || (await tokens.countUnused(user)) > 0;
        if (!canAnswer) return noPasskeyForAdmin;
        context.otpStage = 'otp';
        return CONTINUE;
      }
      const step = otpStepFor({
        otpRequired: true,
        // A passkey satisfies any OTP requirement (SPEC §3.4): its owner is taken to the OTP step, not refused.
        hasOtpMethod: user.otp_type !== 'none' || (await hasPasskeys(user)),
        adminOtpEnforced: adminOtpAppliesTo(tenant, user, context.now),
        adminWithoutOtp: tenant.admin_otp_missing === 'deny' ? 'deny' : 'setup',
        unusedEmergencyTokens: user.otp_type === 'none' ? await tokens.countUnused(user) : 0,
      });
      if (step === 'deny') return otpNotConfigured;
      if (step !== 'none') context.otpStage = step;
      return CONTINUE;
    },
  };
}
