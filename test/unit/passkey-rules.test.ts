import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passkeyRulesOf, validatePasskeyName } from '../../src/core/passkey-rules.js';
import { ValidationError } from '../../src/core/validation-error.js';

describe('passkey names (issue 12)', () => {
  it('trims and keeps names of 1 to 64 characters, counted as the user sees them', () => {
    assert.equal(validatePasskeyName('  Work laptop \t'), 'Work laptop');
    assert.equal(validatePasskeyName('x'), 'x');
    assert.equal(validatePasskeyName('x'.repeat(64)), 'x'.repeat(64));
    assert.equal(validatePasskeyName('🔑'.repeat(64)), '🔑'.repeat(64));
    assert.equal(validatePasskeyName('Téléphone de Zoë'), 'Téléphone de Zoë');
  });

  it('refuses with a message that names the field', () => {
    const cases: [unknown, string][] = [
      [undefined, 'Passkey name must be text.'],
      [42, 'Passkey name must be text.'],
      ['', 'Passkey name is required, such as "Work laptop".'],
      [' \n ', 'Passkey name is required, such as "Work laptop".'],
      ['x'.repeat(65), 'Passkey name must be at most 64 characters.'],
      ['Work\u0000laptop', 'Passkey name must not contain control characters.'],
      ['Work\nlaptop', 'Passkey name must not contain control characters.'],
      ['Work\u0085laptop', 'Passkey name must not contain control characters.'],
    ];
    for (const [input, message] of cases)
      assert.throws(
        () => validatePasskeyName(input),
        (error: unknown) => error instanceof ValidationError && error.message === message && error.field === 'name',
        JSON.stringify(input),
      );
  });
});

describe("a group's passkey rules (one reading for registration, sign-in and Policy Check)", () => {
  it('allows passkeys unless the group says Not allowed, and without a password only where it says so', () => {
    const of = (passkeys: string) => passkeyRulesOf({ passkeys, passkey_user_verification: 'preferred' });
    assert.deepEqual(of('not-allowed'), { allowed: false, passwordless: false, userVerification: 'preferred' });
    assert.deepEqual(of('second-factor'), { allowed: true, passwordless: false, userVerification: 'preferred' });
    assert.deepEqual(of('passwordless'), { allowed: true, passwordless: true, userVerification: 'preferred' });
  });

  it("asks for user verification when the group requires it or the caller does, never less than the group's", () => {
    const requiring = { passkeys: 'second-factor', passkey_user_verification: 'required' };
    assert.equal(passkeyRulesOf(requiring).userVerification, 'required');
    assert.equal(passkeyRulesOf(requiring, 'preferred').userVerification, 'required');
    const preferring = { passkeys: 'second-factor', passkey_user_verification: 'preferred' };
    assert.equal(passkeyRulesOf(preferring, 'required').userVerification, 'required');
  });

  it('forbids nothing as a second factor, and allows no sign-in without a password, when the group cannot be found', () => {
    assert.deepEqual(passkeyRulesOf(undefined), { allowed: true, passwordless: false, userVerification: 'preferred' });
    assert.deepEqual(passkeyRulesOf(null, 'required'), {
      allowed: true,
      passwordless: false,
      userVerification: 'required',
    });
  });
});
