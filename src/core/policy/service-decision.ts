import type { Condition } from './condition.js';
import { type EvaluationContext, evaluateAccessCondition } from './condition-evaluator.js';
import type { DecisionStep, LoginDecision } from './login-decision.js';

/** What a Connected Service adds to its users' group policy (SPEC §6). */
export interface CompiledServicePolicy {
  name: string;
  /** Users of an allowing group may open the service only while this holds; null: no condition of its own. */
  allowCondition: Condition | null;
  allowConditionText: string;
  /** "Require OTP": as the group decides, always, or while a condition holds, whatever the group says. */
  requireOtp: 'group' | 'always' | Condition;
  requireOtpConditionText: string;
}

export type ServiceRefusal = 'service-not-allowed' | 'policy-denied' | 'service-denied';

export type ServiceDecision =
  | { allowed: false; reason: ServiceRefusal; steps: DecisionStep[] }
  | { allowed: true; otpRequired: boolean; steps: DecisionStep[] };

/**
 * May this user open this service now? Their group must list the service among its allowed services and
 * still let them in (its allow condition is evaluated again at every request: the address or time may have
 * changed since the session began); then the service's own allow condition. OTP is required when the group
 * requires it now or when the service's OTP condition holds.
 */
export function decideServiceAccess(
  service: CompiledServicePolicy,
  groupAllowsService: boolean,
  login: LoginDecision,
  ctx: EvaluationContext,
): ServiceDecision {
  const steps: DecisionStep[] = [...login.steps];
  if (!login.allowed) return { allowed: false, reason: 'policy-denied', steps };
  steps.push({
    setting: 'Allowed services',
    outcome: groupAllowsService ? 'allowed' : 'denied',
    detail: groupAllowsService
      ? `The group allows ${service.name}`
      : `${service.name} is not among the group's allowed services`,
  });
  if (!groupAllowsService) return { allowed: false, reason: 'service-not-allowed', steps };
  if (service.allowCondition) {
    const holds = evaluateAccessCondition(service.allowCondition, ctx);
    steps.push({
      setting: `Conditions to allow ${service.name}`,
      outcome: holds ? 'allowed' : 'denied',
      detail: `"${service.allowConditionText}" is ${holds}`,
    });
    if (!holds) return { allowed: false, reason: 'service-denied', steps };
  }
  let otpRequired = login.otpRequired;
  if (service.requireOtp === 'always') {
    steps.push({ setting: `Require OTP for ${service.name}`, outcome: 'OTP required', detail: 'Always require' });
    otpRequired = true;
  } else if (service.requireOtp !== 'group') {
    const requires = evaluateAccessCondition(service.requireOtp, ctx);
    steps.push({
      setting: `Require OTP for ${service.name}`,
      outcome: requires ? 'OTP required' : 'as the group decides',
      detail: `"${service.requireOtpConditionText}" is ${requires}`,
    });
    otpRequired ||= requires;
  }
  return { allowed: true, otpRequired, steps };
}
