import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateUserFields } from '../../src/core/user-fields.js';
import { pathOfReturn, safeNextPath, signInReturnOf } from '../../src/http/routes/portal/next-path.js';
import { ValidationError } from '../../src/core/validation-error.js';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return error.field;
  }
  assert.fail('accepted');
}

describe('user fields', () => {
  it('accepts a normal user and trims text', () => {
    assert.deepEqual(
      validateUserFields({
        loginId: ' Alice@Example.com ',
        displayName: ' Alice ',
        role: 'user-admin',
        status: 'disabled',
      }),
      {
        loginId: 'Alice@Example.com',
        displayName: 'Alice',
        role: 'user-admin',
        status: 'disabled',
      },
    );
  });

  it('names the field it refuses', () => {
    assert.equal(
      fieldOf(() => validateUserFields({ loginId: 'not-an-email' })),
      'loginId',
    );
    assert.equal(
      fieldOf(() => validateUserFields({ loginId: `${'a'.repeat(250)}@example.com` })),
      'loginId',
    );
    assert.equal(
      fieldOf(() => validateUserFields({ displayName: 'x'.repeat(257) })),
      'displayName',
    );
    assert.equal(
      fieldOf(() => validateUserFields({ givenName: 'bell\u0007' })),
      'givenName',
    );
    assert.equal(
      fieldOf(() => validateUserFields({ email: 'alice at example.com' })),
      'email',
    );
    assert.equal(
      fieldOf(() => validateUserFields({ role: 'superuser' })),
      'role',
    );
    assert.equal(
      fieldOf(() => validateUserFields({ status: 'locked' })),
      'status',
    );
    assert.equal(
      fieldOf(() => validateUserFields({ familyName: 42 })),
      'familyName',
    );
  });
});

describe('the next page after login', () => {
  it('stays inside the tenant', () => {
    assert.equal(safeNextPath('example.com', '/admin/example.com/users'), '/admin/example.com/users');
    for (const bad of [
      '//evil.example/',
      'https://evil.example/',
      '/admin/other.example/',
      '/portal/example.com/..\\x',
      '/admin/example.com//evil',
      undefined,
    ]) {
      assert.equal(safeNextPath('example.com', bad), '/portal/example.com/', String(bad));
    }
  });

  it('returns to a waiting single sign-on request of this tenant only', () => {
    const id = 'AbCdEfGhIjKlMnOpQrStUv';
    assert.deepEqual(signInReturnOf('example.com', `/portal/example.com/sso/${id}`), { kind: 'sso', requestId: id });
    assert.equal(pathOfReturn('example.com', { kind: 'sso', requestId: id }), `/portal/example.com/sso/${id}`);
    for (const bad of [
      `/portal/other.example/sso/${id}`,
      `/saml/example.com/sso/${id}`,
      '/portal/example.com/sso/short',
      `/portal/example.com/sso/${id}?next=//evil.example`,
    ]) {
      assert.notEqual(signInReturnOf('example.com', bad).kind, 'sso', bad);
    }
  });
});
