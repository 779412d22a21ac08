import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkSettingsCombination,
  DEFAULT_TENANT_SETTINGS,
  validateTenantSettings,
} from '../../src/core/tenant-settings.js';
import { ValidationError } from '../../src/core/validation-error.js';
import { renderOtpChallenge } from '../../src/http/pages/otp-challenge-page.js';
import {
  adminPasskeyAppliesTo,
  adminPasskeyChosenFor,
  adminPasskeyRequiredAt,
  sessionLacksAdminPasskey,
} from '../../src/services/policy/admin-passkey-requirement.js';
import type { SessionRow, TenantRow, UserRow } from '../../src/store/schema.js';

/** Phishing-resistant sign-in for admins (issue 12 item 3b, SPEC §3.4): when it applies, and to whom. */
describe('phishing-resistant sign-in for admins', () => {
  const NOW = Date.UTC(2026, 11, 1, 9);
  const tenant = (requirement: string, from = 0) =>
    ({ admin_passkey_requirement: requirement, admin_passkey_required_from: from }) as TenantRow;
  const user = (role: string) => ({ role }) as UserRow;
  const session = (otpMethod: string) => ({ otp_method: otpMethod }) as SessionRow;

  it('applies now, from a date that has come, and never when not required', () => {
    assert.equal(adminPasskeyRequiredAt(tenant('now'), NOW), true);
    assert.equal(adminPasskeyRequiredAt(tenant('scheduled', NOW), NOW), true);
    assert.equal(adminPasskeyRequiredAt(tenant('scheduled', NOW + 1), NOW), false);
    assert.equal(adminPasskeyRequiredAt(tenant('scheduled', 0), NOW), false, 'no date, no requirement');
    assert.equal(adminPasskeyRequiredAt(tenant('off', NOW - 1), NOW), false);
  });

  it('applies to every admin role, never to an ordinary user', () => {
    for (const role of ['global-admin', 'user-admin', 'read-only-admin'])
      assert.equal(adminPasskeyAppliesTo(tenant('now'), user(role), NOW), true, role);
    assert.equal(adminPasskeyAppliesTo(tenant('now'), user('none'), NOW), false);
    assert.equal(adminPasskeyChosenFor(tenant('scheduled', NOW + 1), user('user-admin')), true);
    assert.equal(adminPasskeyChosenFor(tenant('off'), user('global-admin')), false);
  });

  it('keeps only sessions opened with a passkey, with or without user verification or a password', () => {
    const now = tenant('now');
    for (const method of ['passkey', 'passkey-uv', 'passwordless-passkey', 'passwordless-passkey-uv'])
      assert.equal(sessionLacksAdminPasskey(now, user('global-admin'), session(method), NOW), false, method);
    for (const method of ['', 'authenticator-app', 'email', 'emergency-token', 'gatehouse-key'])
      assert.equal(sessionLacksAdminPasskey(now, user('global-admin'), session(method), NOW), true, method);
    assert.equal(sessionLacksAdminPasskey(now, user('none'), session(''), NOW), false);
    assert.equal(sessionLacksAdminPasskey(tenant('off'), user('global-admin'), session(''), NOW), false);
  });

  it('validates the setting and its date, and asks for a date when scheduled', () => {
    assert.deepEqual(validateTenantSettings({ adminPasskeyRequirement: 'now' }), { adminPasskeyRequirement: 'now' });
    assert.deepEqual(validateTenantSettings({ adminPasskeyRequiredFrom: '2026-12-01T09:00:00+01:00' }), {
      adminPasskeyRequiredFrom: '2026-12-01T08:00:00.000Z',
    });
    assert.throws(() => validateTenantSettings({ adminPasskeyRequirement: 'always' }), ValidationError);
    assert.throws(() => validateTenantSettings({ adminPasskeyRequiredFrom: '1 December' }), ValidationError);
    assert.throws(
      () =>
        checkSettingsCombination({
          ...DEFAULT_TENANT_SETTINGS,
          adminOtpEnforcement: 'off',
          adminPasskeyRequirement: 'scheduled',
        }),
      /Required from needs a date and time/,
    );
    assert.equal(DEFAULT_TENANT_SETTINGS.adminPasskeyRequirement, 'off');
  });

  it('shows an admin who must use a passkey only "Use a passkey": no code input, no emergency token hint', () => {
    const page = renderOtpChallenge({
      title: 'Gatehouse',
      domain: 'example.com',
      csrfToken: 'token',
      otpType: 'authenticator-app',
      passkeyOffered: true,
      passkeyOnly: true,
    });
    assert.match(page, /Use a passkey/);
    assert.doesNotMatch(page, /id="code"/);
    assert.doesNotMatch(page, /one-time password/i);
    assert.doesNotMatch(page, /emergency token/);
    assert.match(page, /<script src="\/static\/passkey-sign-in.js"><\/script>/);
  });
});
