import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otpStepFor } from '../../src/core/policy/login-decision.js';

const base = {
  otpRequired: true,
  hasOtpMethod: false,
  adminOtpEnforced: false,
  adminWithoutOtp: 'setup' as 'setup' | 'deny',
  unusedEmergencyTokens: 0,
};

describe('the OTP step after a login decision (SPEC §5.1 step 3, §5.3)', () => {
  it('asks nothing when no OTP is required, and an OTP from whoever has a method', () => {
    assert.equal(otpStepFor({ ...base, otpRequired: false }), 'none');
    assert.equal(otpStepFor({ ...base, hasOtpMethod: true }), 'otp');
    assert.equal(otpStepFor({ ...base, hasOtpMethod: true, adminOtpEnforced: true, adminWithoutOtp: 'deny' }), 'otp');
  });

  it('takes an enforced admin without a method through setup, tokens or not', () => {
    assert.equal(otpStepFor({ ...base, adminOtpEnforced: true }), 'otp-setup');
    assert.equal(otpStepFor({ ...base, adminOtpEnforced: true, unusedEmergencyTokens: 5 }), 'otp-setup');
  });

  it('under "deny" lets an enforced admin without a method answer with an emergency token (the way back in)', () => {
    const denyMode = { ...base, adminOtpEnforced: true, adminWithoutOtp: 'deny' as const };
    assert.equal(otpStepFor({ ...denyMode, unusedEmergencyTokens: 5 }), 'otp');
    assert.equal(otpStepFor({ ...denyMode, unusedEmergencyTokens: 1 }), 'otp');
    assert.equal(otpStepFor(denyMode), 'deny');
  });

  it('lets anybody else without a method in with a token, and denies who has neither', () => {
    assert.equal(otpStepFor({ ...base, unusedEmergencyTokens: 1 }), 'otp');
    assert.equal(otpStepFor(base), 'deny');
  });
});
