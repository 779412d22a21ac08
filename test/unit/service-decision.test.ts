import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EvaluationContext } from '../../src/core/policy/condition-evaluator.js';
import { parseCondition } from '../../src/core/policy/condition-parser.js';
import { parseClientAddress } from '../../src/core/policy/ip-range.js';
import { localTimeIn } from '../../src/core/policy/local-time.js';
import type { LoginDecision } from '../../src/core/policy/login-decision.js';
import { type CompiledServicePolicy, decideServiceAccess } from '../../src/core/policy/service-decision.js';

const ctx: EvaluationContext = {
  address: parseClientAddress('203.0.113.9'),
  hasPass: false,
  passAgeDays: null,
  loginId: 'alice@example.com',
  role: 'none',
  local: localTimeIn('UTC', Date.UTC(2026, 11, 2, 10, 30)), // Wednesday 10:30
  attributes: {},
  ipSets: new Map(),
  templates: new Map(),
};

const groupLetsIn = (otpRequired: boolean): LoginDecision => ({ allowed: true, otpRequired, steps: [] });

function service(allow = '', otp: 'group' | 'always' | string = 'group'): CompiledServicePolicy {
  return {
    name: 'Payroll',
    allowCondition: allow ? parseCondition(allow) : null,
    allowConditionText: allow,
    requireOtp: otp === 'group' || otp === 'always' ? otp : parseCondition(otp),
    requireOtpConditionText: otp,
  };
}

describe('service access decision', () => {
  it('refuses a service the group does not allow, and says so', () => {
    const decision = decideServiceAccess(service(), false, groupLetsIn(false), ctx);
    assert.equal(decision.allowed, false);
    assert.equal(!decision.allowed && decision.reason, 'service-not-allowed');
    assert.match(decision.steps.at(-1)!.detail, /Payroll is not among the group's allowed services/);
  });

  it('refuses when the group itself no longer lets the user in', () => {
    const denied: LoginDecision = { allowed: false, otpRequired: false, steps: [] };
    const decision = decideServiceAccess(service(), true, denied, ctx);
    assert.equal(!decision.allowed && decision.reason, 'policy-denied');
  });

  it("applies the service's own allow condition after the group's", () => {
    assert.equal(decideServiceAccess(service('ip4:203.0.113.0/24'), true, groupLetsIn(false), ctx).allowed, true);
    const outside = decideServiceAccess(service('ip4:192.0.2.0/24'), true, groupLetsIn(false), ctx);
    assert.equal(!outside.allowed && outside.reason, 'service-denied');
  });

  it('requires OTP when the group requires it or the service condition holds, never less', () => {
    const otp = (svc: CompiledServicePolicy, group: boolean) => {
      const decision = decideServiceAccess(svc, true, groupLetsIn(group), ctx);
      return decision.allowed && decision.otpRequired;
    };
    assert.equal(otp(service(), false), false);
    assert.equal(otp(service(), true), true);
    assert.equal(otp(service('', 'weekday:mon-fri'), false), true, 'the service asks for OTP on weekdays');
    assert.equal(otp(service('', 'weekday:sat-sun'), false), false);
    assert.equal(otp(service('', 'weekday:sat-sun'), true), true, 'the group still requires it');
    assert.equal(otp(service('', 'always'), false), true);
  });
});
