// What an OpenID Connect client is told of how the user signed in (core/sso/oidc-authentication.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACR_MULTI_FACTOR,
  ACR_PASSWORD,
  asksForMultiFactor,
  authenticationContextOf,
  authenticationMethodsOf,
  loggedOtpMethodOf,
  sessionMethodOf,
} from '../../src/core/sso/oidc-authentication.js';

describe('OpenID Connect amr and acr', () => {
  it('reports the password alone, or the password and the second factor used', () => {
    const password = { otpMethod: '', otpVerifiedAt: 0 };
    assert.deepEqual(authenticationMethodsOf(password), ['pwd']);
    assert.equal(authenticationContextOf(password), ACR_PASSWORD);
    for (const method of ['authenticator-app', 'email', 'emergency-token']) {
      const session = { otpMethod: method, otpVerifiedAt: 1 };
      assert.deepEqual(authenticationMethodsOf(session), ['pwd', 'otp', 'mfa'], method);
      assert.equal(authenticationContextOf(session), ACR_MULTI_FACTOR);
    }
    assert.deepEqual(authenticationMethodsOf({ otpMethod: 'gatehouse-key', otpVerifiedAt: 1 }), ['pwd', 'hwk', 'mfa']);
    assert.deepEqual(authenticationMethodsOf({ otpMethod: 'passkey', otpVerifiedAt: 1 }), ['pwd', 'hwk', 'mfa']);
    assert.deepEqual(authenticationMethodsOf({ otpMethod: 'passkey-uv', otpVerifiedAt: 1 }), [
      'pwd',
      'hwk',
      'user',
      'mfa',
    ]);
  });

  it('leaves pwd out of a passwordless passkey sign-in: hwk alone, or hwk user mfa when the user was verified', () => {
    const verified = sessionMethodOf('passkey', { userVerified: true, passwordless: true });
    const present = sessionMethodOf('passkey', { userVerified: false, passwordless: true });
    assert.deepEqual(authenticationMethodsOf({ otpMethod: verified, otpVerifiedAt: 1 }), ['hwk', 'user', 'mfa']);
    assert.deepEqual(authenticationMethodsOf({ otpMethod: present, otpVerifiedAt: 1 }), ['hwk']);
    assert.equal(loggedOtpMethodOf(verified), 'passkey');
    assert.equal(loggedOtpMethodOf(present), 'passkey');
    // After a password, as before.
    assert.equal(sessionMethodOf('passkey', { userVerified: true, passwordless: false }), 'passkey-uv');
    assert.equal(sessionMethodOf('passkey', { userVerified: false, passwordless: false }), 'passkey');
    assert.equal(sessionMethodOf('email', { userVerified: true, passwordless: false }), 'email');
    assert.equal(loggedOtpMethodOf('passkey-uv'), 'passkey');
    assert.equal(loggedOtpMethodOf('authenticator-app'), 'authenticator-app');
  });

  it('reads acr_values asking for multi-factor among other values, and nothing else as such', () => {
    assert.equal(asksForMultiFactor(undefined), false);
    assert.equal(asksForMultiFactor(''), false);
    assert.equal(asksForMultiFactor(ACR_PASSWORD), false);
    assert.equal(asksForMultiFactor('urn:other:loa:1 urn:gatehouse:acr:mfa'), true);
    assert.equal(asksForMultiFactor('mfa'), true);
    assert.equal(asksForMultiFactor('http://schemas.openid.net/pape/policies/2007/06/multi-factor'), true);
    assert.equal(asksForMultiFactor('urn:gatehouse:acr:mfa-ish'), false);
  });
});
