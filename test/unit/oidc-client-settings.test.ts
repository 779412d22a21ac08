// An OpenID Connect client's settings (issue 10 item 5): every rule of the validation, with its message and field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_OIDC_CLIENT_SETTINGS,
  type OidcClientSettings,
  validateOidcClientSettings,
} from '../../src/core/sso/oidc-client-settings.js';
import { ValidationError } from '../../src/core/validation-error.js';

const GOOD: OidcClientSettings = {
  ...DEFAULT_OIDC_CLIENT_SETTINGS,
  redirectUris: ['https://app.example.net/callback'],
};

function refusal(changes: Record<string, unknown>): { message: string; field: string | undefined } {
  try {
    validateOidcClientSettings(changes, GOOD);
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return { message: error.message, field: error.field };
  }
  assert.fail(`accepted ${JSON.stringify(changes)}`);
}

function assertRefused(changes: Record<string, unknown>, field: string, message: RegExp): void {
  const answer = refusal(changes);
  assert.equal(answer.field, field, answer.message);
  assert.match(answer.message, message);
}

describe('OpenID Connect client settings', () => {
  it('gives a new client the defaults: confidential, code + refresh, openid profile email, one hour, 30 days', () => {
    const settings = validateOidcClientSettings({}, GOOD);
    assert.deepEqual(settings, {
      clientType: 'confidential',
      redirectUris: ['https://app.example.net/callback'],
      postLogoutRedirectUris: [],
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'email'],
      accessTokenLifetime: 3600,
      idTokenLifetime: 3600,
      refreshTokenLifetime: 2_592_000,
      firstParty: true,
      pairwiseSubject: false,
      claims: [],
      initiateLoginUri: '',
    });
  });

  it('accepts a complete client and keeps the URIs exactly as typed', () => {
    const settings = validateOidcClientSettings(
      {
        clientType: 'confidential',
        redirectUris: ['https://app.example.net/cb?x=1', 'http://localhost:3000/cb', 'http://[::1]:8080/cb'],
        postLogoutRedirectUris: ['https://app.example.net/bye'],
        grantTypes: ['client_credentials', 'refresh_token', 'authorization_code'],
        scopes: ['openid', 'groups', 'offline_access', 'api:read', 'orders.write'],
        accessTokenLifetime: 60,
        idTokenLifetime: 86_400,
        refreshTokenLifetime: 31_536_000,
        firstParty: false,
        claims: [{ claim: 'department', attribute: 'dept' }],
        initiateLoginUri: 'https://app.example.net/login',
      },
      GOOD,
    );
    assert.deepEqual(settings.redirectUris, [
      'https://app.example.net/cb?x=1',
      'http://localhost:3000/cb',
      'http://[::1]:8080/cb',
    ]);
    assert.deepEqual(
      settings.grantTypes,
      ['authorization_code', 'refresh_token', 'client_credentials'],
      'kept in a fixed order',
    );
    assert.equal(settings.firstParty, false);
    assert.deepEqual(settings.claims, [{ claim: 'department', attribute: 'dept' }]);
    assert.equal(settings.initiateLoginUri, 'https://app.example.net/login');
  });

  it('accepts a public client using the authorization code (PKCE implied) and a machine-only client', () => {
    const spa = validateOidcClientSettings({ clientType: 'public', grantTypes: ['authorization_code'] }, GOOD);
    assert.equal(spa.clientType, 'public');
    const machine = validateOidcClientSettings({ grantTypes: ['client_credentials'], scopes: ['api:read'] }, GOOD);
    assert.deepEqual(machine.scopes, ['api:read'], 'no openid needed without authorization_code');
    const withoutRedirects = validateOidcClientSettings(
      { grantTypes: ['client_credentials'], scopes: ['api:read'], redirectUris: [] },
      GOOD,
    );
    assert.deepEqual(withoutRedirects.redirectUris, [], 'nor a redirect URI: nobody is sent anywhere');
    assert.throws(
      () => validateOidcClientSettings({ redirectUris: [] }, GOOD),
      /Add at least one Redirect URI/,
      'a client that signs users in needs one',
    );
  });

  it('refuses unknown fields and a settings value that is not an object', () => {
    assertRefused({ secret: 'x' }, 'oidc.secret', /Field "oidc\.secret" is not a known field/);
    assert.throws(() => validateOidcClientSettings('x', GOOD), /OpenID Connect settings must be an object/);
  });

  it('refuses a client type that is neither confidential nor public', () => {
    assertRefused({ clientType: 'native' }, 'oidc.clientType', /Client type must be one of confidential, public/);
  });

  it('refuses redirect URIs: none, not a list, http off loopback, a fragment, not a URL, duplicates, too many', () => {
    assertRefused({ redirectUris: [] }, 'oidc.redirectUris', /Add at least one Redirect URI/);
    assertRefused({ redirectUris: 'https://a.example' }, 'oidc.redirectUris', /Redirect URIs must be a list/);
    assertRefused(
      { redirectUris: ['https://a.example/cb', 'http://app.example.net/cb'] },
      'oidc.redirectUris',
      /Redirect URI 2 must use https/,
    );
    assertRefused(
      { redirectUris: ['https://a.example/cb#x'] },
      'oidc.redirectUris',
      /Redirect URI 1 must not contain a fragment/,
    );
    assertRefused({ redirectUris: ['not a url'] }, 'oidc.redirectUris', /Redirect URI 1 must not contain spaces/);
    assertRefused({ redirectUris: ['app://cb'] }, 'oidc.redirectUris', /Redirect URI 1 must be an https URL/);
    assertRefused({ redirectUris: [''] }, 'oidc.redirectUris', /Redirect URI 1 is required/);
    assertRefused(
      { redirectUris: ['https://a.example/cb', 'https://a.example/cb'] },
      'oidc.redirectUris',
      /Redirect URI 2 is the same as Redirect URI 1/,
    );
    assertRefused(
      { redirectUris: Array.from({ length: 21 }, (_, n) => `https://a.example/${n}`) },
      'oidc.redirectUris',
      /at most 20 Redirect URIs/,
    );
  });

  it('refuses post-logout redirect URIs by the same rules, but allows none', () => {
    assert.deepEqual(validateOidcClientSettings({ postLogoutRedirectUris: [] }, GOOD).postLogoutRedirectUris, []);
    assertRefused(
      { postLogoutRedirectUris: ['http://example.net/bye'] },
      'oidc.postLogoutRedirectUris',
      /Post-logout redirect URI 1 must use https/,
    );
    assertRefused(
      { postLogoutRedirectUris: ['https://example.net/bye#top'] },
      'oidc.postLogoutRedirectUris',
      /Post-logout redirect URI 1 must not contain a fragment/,
    );
  });

  it('refuses grant types: none, unknown, twice, client_credentials for a public client, refresh without code', () => {
    assertRefused({ grantTypes: [] }, 'oidc.grantTypes', /Choose at least one grant type/);
    assertRefused({ grantTypes: 'authorization_code' }, 'oidc.grantTypes', /Grant types must be a list/);
    assertRefused({ grantTypes: ['implicit'] }, 'oidc.grantTypes', /Grant type 1 must be one of authorization_code/);
    assertRefused(
      { grantTypes: ['authorization_code', 'authorization_code'] },
      'oidc.grantTypes',
      /Grant type 2 \(authorization_code\) is listed twice/,
    );
    assertRefused(
      { clientType: 'public', grantTypes: ['authorization_code', 'client_credentials'] },
      'oidc.grantTypes',
      /client_credentials needs a client secret, so only a confidential client may use it/,
    );
    assertRefused(
      { grantTypes: ['refresh_token'], scopes: ['openid'] },
      'oidc.grantTypes',
      /refresh_token only renews what authorization_code gave/,
    );
  });

  it('refuses scopes: openid missing for sign-in, unsafe custom names, twice, offline_access without refresh', () => {
    assertRefused({ scopes: ['profile'] }, 'oidc.scopes', /needs the openid scope/);
    assertRefused({ scopes: 'openid' }, 'oidc.scopes', /Scopes must be a list/);
    for (const bad of ['Api', 'a b', 'x"y', '1api', '', 'a'.repeat(65), 'api/read'])
      assertRefused({ scopes: ['openid', bad] }, 'oidc.scopes', /Scope 2: a custom scope is a name of a-z/);
    assertRefused({ scopes: ['openid', 7] }, 'oidc.scopes', /Scope 2 must be text/);
    assertRefused({ scopes: ['openid', 'email', 'email'] }, 'oidc.scopes', /Scope 3 \(email\) is listed twice/);
    assertRefused(
      { grantTypes: ['authorization_code'], scopes: ['openid', 'offline_access'] },
      'oidc.scopes',
      /offline_access asks for a refresh token; add the refresh_token grant/,
    );
  });

  it('refuses token lifetimes out of bounds or not whole seconds', () => {
    assertRefused(
      { accessTokenLifetime: 59 },
      'oidc.accessTokenLifetime',
      /Access token lifetime must be a whole number of seconds from 60 to 86400/,
    );
    assertRefused({ accessTokenLifetime: 86_401 }, 'oidc.accessTokenLifetime', /from 60 to 86400/);
    assertRefused({ idTokenLifetime: 1.5 }, 'oidc.idTokenLifetime', /ID token lifetime must be a whole number/);
    assertRefused({ idTokenLifetime: '3600' }, 'oidc.idTokenLifetime', /ID token lifetime/);
    assertRefused({ refreshTokenLifetime: 3599 }, 'oidc.refreshTokenLifetime', /from 3600 to 31536000/);
    assertRefused({ refreshTokenLifetime: 31_536_001 }, 'oidc.refreshTokenLifetime', /from 3600 to 31536000/);
  });

  it('refuses a first-party flag that is not true or false', () => {
    assertRefused({ firstParty: 'yes' }, 'oidc.firstParty', /First-party must be true or false/);
  });

  it('refuses claim mappings: bad names, reserved claims, bad attributes, unknown fields, duplicates', () => {
    assertRefused({ claims: {} }, 'oidc.claims', /Claims must be a list/);
    assertRefused(
      { claims: [{ claim: 'a b', attribute: 'dept' }] },
      'oidc.claims',
      /Claim 1: the claim name is letters/,
    );
    assertRefused({ claims: [{ claim: '', attribute: 'dept' }] }, 'oidc.claims', /Claim 1: the claim name/);
    for (const reserved of ['sub', 'email', 'groups', 'acr', 'amr', 'nonce'])
      assertRefused(
        { claims: [{ claim: reserved, attribute: 'dept' }] },
        'oidc.claims',
        new RegExp(`Claim 1: ${reserved} is a claim Gatehouse sets itself`),
      );
    assertRefused(
      { claims: [{ claim: 'department', attribute: 'Dept!' }] },
      'oidc.claims',
      /Claim 1: the attribute must name a custom attribute/,
    );
    assertRefused(
      { claims: [{ claim: 'department', attribute: 'dept', source: 'x' }] },
      'oidc.claims[].source',
      /not a known field/,
    );
    assertRefused(
      {
        claims: [
          { claim: 'department', attribute: 'dept' },
          { claim: 'department', attribute: 'team' },
        ],
      },
      'oidc.claims',
      /Claim 2 has the name "department" of claim 1: names must differ/,
    );
  });

  it('refuses an initiate login URI that is not https, and accepts none', () => {
    assert.equal(validateOidcClientSettings({ initiateLoginUri: '  ' }, GOOD).initiateLoginUri, '');
    assertRefused(
      { initiateLoginUri: 'http://app.example.net/login' },
      'oidc.initiateLoginUri',
      /Initiate login URI must use https/,
    );
    assertRefused(
      { initiateLoginUri: 'https://app.example.net/#login' },
      'oidc.initiateLoginUri',
      /must not contain a fragment/,
    );
  });
});
