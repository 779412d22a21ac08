import type { Condition } from './condition.js';
import { type EvaluationContext, evaluateAccessCondition } from './condition-evaluator.js';
import type { AllowMode, SkipOtpMode } from './group-settings.js';

export interface CompiledGroup {
  displayName: string;
  allowAccess: AllowMode;
  allowCondition: Condition | null;
  skipOtp: SkipOtpMode;
  skipOtpCondition: Condition | null;
  /** The conditions as the admin wrote them, for the explanation: printing them at every decision costs more than deciding. */
  allowConditionText: string;
  skipOtpConditionText: string;
}

/** One line of the explanation a Policy Check shows: which setting said what. */
export interface DecisionStep {
  setting: string;
  outcome: string;
  detail: string;
}

export interface LoginDecision {
  allowed: boolean;
  otpRequired: boolean;
  steps: DecisionStep[];
}

/**
 * SPEC §5.1 step 3 as a pure function: the group's allow condition, then whether OTP is required by
 * "Skip OTP authentication" or, for administrators, by admin OTP enforcement (§5.3).
 */
export function decideLogin(group: CompiledGroup, adminOtpEnforced: boolean, ctx: EvaluationContext): LoginDecision {
  const steps: DecisionStep[] = [];
  if (group.allowAccess === 'conditions' && group.allowCondition) {
    const holds = evaluateAccessCondition(group.allowCondition, ctx);
    steps.push({
      setting: 'Conditions to Allow Access',
      outcome: holds ? 'allowed' : 'denied',
      detail: `"${group.allowConditionText}" is ${holds} (group ${group.displayName})`,
    });
    if (!holds) return { allowed: false, otpRequired: false, steps };
  } else {
    steps.push({
      setting: 'Conditions to Allow Access',
      outcome: 'allowed',
      detail: `Always allow (group ${group.displayName})`,
    });
  }

  let otpRequired: boolean;
  if (group.skipOtp === 'always-require') {
    otpRequired = true;
    steps.push({ setting: 'Skip OTP authentication', outcome: 'OTP required', detail: 'Always require' });
  } else if (group.skipOtp === 'always-skip' || !group.skipOtpCondition) {
    otpRequired = false;
    steps.push({ setting: 'Skip OTP authentication', outcome: 'OTP skipped', detail: 'Always skip' });
  } else {
    const skip = evaluateAccessCondition(group.skipOtpCondition, ctx);
    otpRequired = !skip;
    steps.push({
      setting: 'Skip OTP authentication',
      outcome: skip ? 'OTP skipped' : 'OTP required',
      detail: `"${group.skipOtpConditionText}" is ${skip}`,
    });
  }
  if (adminOtpEnforced) {
    steps.push({
      setting: 'Admin OTP enforcement',
      outcome: 'OTP required',
      detail: 'OTP is enforced for administrators',
    });
    otpRequired = true;
  }
  return { allowed: true, otpRequired, steps };
}

export type OtpStep = 'none' | 'otp' | 'otp-setup' | 'deny';

/**
 * Which OTP step follows a decision: a user with an OTP method (or an emergency token) answers an OTP; an admin
 * whom enforcement catches without a method is taken through setup, or, if the tenant chose "deny", must answer
 * with an emergency token (`gatehouse admin recover` prints new ones: the way back in, followed by forced setup);
 * anybody else without a way to answer is denied (SPEC §5.1 step 3, §5.3).
 */
export function otpStepFor(facts: {
  otpRequired: boolean;
  hasOtpMethod: boolean;
  adminOtpEnforced: boolean;
  adminWithoutOtp: 'setup' | 'deny';
  unusedEmergencyTokens: number;
}): OtpStep {
  if (!facts.otpRequired) return 'none';
  if (facts.hasOtpMethod) return 'otp';
  if (facts.adminOtpEnforced && facts.adminWithoutOtp === 'setup') return 'otp-setup';
  return facts.unusedEmergencyTokens > 0 ? 'otp' : 'deny';
}
