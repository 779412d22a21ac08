// OpenID Connect single sign-on against an independent relying party (panva's openid-client), on both databases:
// discovery, authorization code with PKCE, the ID token checked against the JWKS, userinfo, refresh with rotation and
// reuse, client credentials, revocation, introspection, RP-initiated logout, and the policy deciding every request.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import type { CreatedConnectedService } from '../../src/contract/admin-api/index.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  addOidcClient,
  authorizationRequest,
  browse,
  DOMAIN,
  exchangeCode,
  issuerOf,
  openAuthorization,
  redirectUriOf,
  relyingParty,
  assertOAuthError,
} from '../support/oidc-scenario.js';
import { accessLogEntries, addGroup, addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OpenID Connect single sign-on (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let app: CreatedConnectedService;
    let rp: oidc.Configuration;
    let appUsers: string;

    before(async () => {
      server = await startTestServer(dialect, { env: { LOG_LEVEL: 'error' } });
      admin = await signedInClient(server);
      app = await addOidcClient(admin, 'Timesheets', {
        oidc: {
          scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
          grantTypes: ['authorization_code', 'refresh_token'],
          postLogoutRedirectUris: ['https://timesheets.example.net/signed-out'],
          claims: [{ claim: 'department', attribute: 'dept' }],
        },
      });
      appUsers = (await addGroup(admin, { displayName: 'Timesheet users', allowedServices: [app.id] })).id;
      rp = await relyingParty(server, app);
    });
    after(async () => server?.close());

    const user = (loginId: string, extra: Record<string, unknown> = {}) =>
      addUser(admin, { loginId, displayName: `User ${loginId}`, groupId: appUsers, ...extra });

    it('publishes discovery at the issuer, with the endpoints the spec names, under the issuer', async () => {
      const metadata = rp.serverMetadata();
      assert.equal(metadata.issuer, issuerOf(server));
      for (const endpoint of [
        'authorization_endpoint',
        'token_endpoint',
        'userinfo_endpoint',
        'jwks_uri',
        'revocation_endpoint',
        'introspection_endpoint',
        'end_session_endpoint',
      ] as const)
        assert.ok(String(metadata[endpoint]).startsWith(`${issuerOf(server)}/`), `${endpoint}: ${metadata[endpoint]}`);
      assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
      assert.ok(metadata.id_token_signing_alg_values_supported?.includes('ES256'));
      assert.ok(metadata.id_token_signing_alg_values_supported?.includes('RS256'));
    });

    it('signs a user in with code + PKCE: the ID token verifies against the JWKS and carries the claims', async () => {
      const person = await user('olivia@example.com', {
        email: 'olivia@example.com',
        givenName: 'Olivia',
        familyName: 'Stone',
        attributes: { dept: 'Finance' },
      });
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const request = await authorizationRequest(rp, redirectUriOf('Timesheets'), {
        scope: 'openid profile email groups offline_access',
        prompt: 'consent',
      });
      const stop = await openAuthorization(browser, request, {
        loginId: 'olivia@example.com',
        password: GOOD_PASSWORD,
      });
      const tokens = await exchangeCode(rp, stop, request);
      const claims = tokens.claims();
      assert.ok(claims);
      assert.equal(claims.iss, issuerOf(server));
      assert.equal(claims.sub, person.id);
      assert.equal(claims.email, 'olivia@example.com');
      assert.equal(claims.email_verified, true);
      assert.equal(claims.preferred_username, 'olivia@example.com');
      assert.equal(claims.given_name, 'Olivia');
      assert.equal(claims.family_name, 'Stone');
      assert.deepEqual(claims.groups, ['Timesheet users']);
      assert.equal(claims.department, 'Finance');
      assert.deepEqual(claims.amr, ['pwd']);
      assert.equal(claims.acr, 'urn:gatehouse:acr:pwd');
      assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');

      const info = await oidc.fetchUserInfo(rp, tokens.access_token, person.id);
      assert.equal(info.email, 'olivia@example.com');
      assert.equal(info.department, 'Finance');

      const [entry] = await accessLogEntries(admin, { loginId: 'olivia@example.com', result: 'allowed' });
      assert.equal(entry?.service, 'Timesheets');
    });

    it('reuses the Gatehouse session: a second authorization needs no password', async () => {
      await user('pat@example.com');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const first = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      await exchangeCode(
        rp,
        await openAuthorization(browser, first, { loginId: 'pat@example.com', password: GOOD_PASSWORD }),
        first,
      );
      const second = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      const tokens = await exchangeCode(rp, await openAuthorization(browser, second), second);
      assert.ok(tokens.claims()?.sub);
    });

    it('prompt=login asks for the password again even with a session', async () => {
      await user('quinn@example.com');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const first = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      await exchangeCode(
        rp,
        await openAuthorization(browser, first, { loginId: 'quinn@example.com', password: GOOD_PASSWORD }),
        first,
      );
      const again = await authorizationRequest(rp, redirectUriOf('Timesheets'), { prompt: 'login' });
      const stop = await openAuthorization(browser, again);
      assert.match(stop.path, new RegExp(`^/portal/${DOMAIN}/login\\?`), 'the login form, not a code');
    });

    it('refreshes with rotation; a refresh token used twice revokes the whole grant', async () => {
      await user('rosa@example.com');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const request = await authorizationRequest(rp, redirectUriOf('Timesheets'), {
        scope: 'openid offline_access',
        prompt: 'consent',
      });
      const tokens = await exchangeCode(
        rp,
        await openAuthorization(browser, request, { loginId: 'rosa@example.com', password: GOOD_PASSWORD }),
        request,
      );
      const first = tokens.refresh_token!;
      const renewed = await oidc.refreshTokenGrant(rp, first);
      assert.ok(renewed.refresh_token && renewed.refresh_token !== first, 'a new refresh token each time');
      await assertOAuthError(oidc.refreshTokenGrant(rp, first), 'invalid_grant');
      // The reuse looks like a theft: the token the legitimate client holds now stops working too.
      await assertOAuthError(oidc.refreshTokenGrant(rp, renewed.refresh_token), 'invalid_grant');
      const introspected = await oidc.tokenIntrospection(rp, renewed.access_token);
      assert.equal(introspected.active, false, 'the access token of the revoked grant is dead too');
      const entries = await accessLogEntries(admin, { reason: 'oidc-invalid-grant' });
      assert.ok(entries.some((entry) => entry.service === 'Timesheets'));
    });

    it('refuses a code used twice, and revokes what it gave', async () => {
      await user('sam@example.com');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const request = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      const stop = await openAuthorization(browser, request, { loginId: 'sam@example.com', password: GOOD_PASSWORD });
      const tokens = await exchangeCode(rp, stop, request);
      await assertOAuthError(exchangeCode(rp, stop, request), 'invalid_grant');
      const introspected = await oidc.tokenIntrospection(rp, tokens.access_token);
      assert.equal(introspected.active, false);
    });

    it('gives one code to one of many requests racing with it, and then revokes what it gave', async () => {
      await user('sol@example.com');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const request = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      const stop = await openAuthorization(browser, request, { loginId: 'sol@example.com', password: GOOD_PASSWORD });
      const code = stop.location?.searchParams.get('code');
      assert.ok(code);
      const body = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUriOf('Timesheets'),
        code_verifier: request.verifier,
      });
      const basic = Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64');
      const answers = await Promise.all(
        Array.from({ length: 16 }, async () => {
          const answer = await fetch(rp.serverMetadata().token_endpoint!, {
            method: 'POST',
            headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
            body,
          });
          return { status: answer.status, json: (await answer.json()) as { error?: string; access_token?: string } };
        }),
      );
      const won = answers.filter((answer) => answer.status === 200);
      assert.equal(won.length, 1, `one exchange wins: ${answers.map((answer) => answer.status).join(' ')}`);
      assert.ok(answers.every((answer) => answer.status === 200 || answer.json.error === 'invalid_grant'));
      const introspected = await oidc.tokenIntrospection(rp, won[0]!.json.access_token!);
      assert.equal(introspected.active, false, 'a code presented twice revokes the tokens it gave');
    });

    it('refuses a wrong PKCE verifier and a wrong client secret', async () => {
      await user('tess@example.com');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const request = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      const stop = await openAuthorization(browser, request, { loginId: 'tess@example.com', password: GOOD_PASSWORD });
      await assertOAuthError(
        exchangeCode(rp, stop, { ...request, verifier: oidc.randomPKCECodeVerifier() }),
        'invalid_grant',
      );
      const impostor = await relyingParty(server, { clientId: app.clientId, clientSecret: 'not-the-secret' });
      const again = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      const stop2 = await openAuthorization(browser, again);
      await assertOAuthError(exchangeCode(impostor, stop2, again), 'invalid_client');
      const entries = await accessLogEntries(admin, { reason: 'oidc-invalid-client' });
      assert.ok(entries.length >= 1);
    });

    it('revokes an access token, and introspection tells', async () => {
      await user('uma@example.com');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const request = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      const tokens = await exchangeCode(
        rp,
        await openAuthorization(browser, request, { loginId: 'uma@example.com', password: GOOD_PASSWORD }),
        request,
      );
      const live = await oidc.tokenIntrospection(rp, tokens.access_token);
      assert.equal(live.active, true);
      assert.equal(live.client_id, app.clientId);
      await oidc.tokenRevocation(rp, tokens.access_token);
      assert.equal((await oidc.tokenIntrospection(rp, tokens.access_token)).active, false);
      await assertOAuthError(oidc.fetchUserInfo(rp, tokens.access_token, oidc.skipSubjectCheck), 'invalid_token');
    });

    it('never redirects to an unregistered redirect URI: an error page instead', async () => {
      const request = await authorizationRequest(rp, 'https://evil.example.org/callback');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const answer = await browser.request('GET', request.url.pathname + request.url.search, {
        headers: { accept: 'text/html' },
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.headers.get('location'), null);
      assert.match(answer.text, /did not register/);
      assert.doesNotMatch(answer.text, /evil\.example\.org/);
    });

    it('refuses a user whose group does not allow the client, and tells the client access_denied', async () => {
      await addUser(admin, { loginId: 'vic@example.com' });
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const request = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      const stop = await openAuthorization(browser, request, { loginId: 'vic@example.com', password: GOOD_PASSWORD });
      assert.equal(stop.status, 403);
      assert.match(stop.text, /You are not allowed to use this service\./);
      const back = /<a href="([^"]+)">Return to the application<\/a>/.exec(stop.text)?.[1];
      assert.ok(back, 'a way back to the application');
      const returned = await browse(browser, await browser.request('GET', new URL(back, server.baseUrl).pathname));
      assert.ok(returned.location);
      assert.equal(returned.location.searchParams.get('error'), 'access_denied');
      const [entry] = await accessLogEntries(admin, { loginId: 'vic@example.com', reason: 'service-not-allowed' });
      assert.equal(entry?.service, 'Timesheets');
    });

    it('rotates signing keys with overlap: a relying party that caches the JWKS knows the next key before it signs', async () => {
      await user('xia@example.com');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const signIn = async () => {
        const request = await authorizationRequest(rp, redirectUriOf('Timesheets'));
        const stop = await openAuthorization(browser, request, { loginId: 'xia@example.com', password: GOOD_PASSWORD });
        return exchangeCode(rp, stop, request);
      };
      const kidOf = (token: string) => decodeProtectedHeader(token).kid;
      const before = await signIn();
      const jwksUri = rp.serverMetadata().jwks_uri!;
      const prepared = await admin.api('POST', '/oidc-signing-keys');
      assert.equal(prepared.status, 201, prepared.text);
      const next = prepared.json<{ id: string; kids: { RS256: string } }>();
      // A relying party fetches the key set now and keeps it.
      const cached = (await (await fetch(jwksUri)).json()) as JSONWebKeySet;
      assert.ok(
        cached.keys.some((key) => key.kid === next.kids.RS256),
        'the next key is published',
      );
      const stillOld = await signIn();
      assert.equal(kidOf(stillOld.id_token!), kidOf(before.id_token!), 'but it does not sign yet');
      const activated = await admin.api('POST', `/oidc-signing-keys/${next.id}/activate`);
      assert.equal(activated.status, 200, activated.text);
      const after = await signIn();
      assert.equal(kidOf(after.id_token!), next.kids.RS256, 'the new key signs at once');
      // The cached set verifies the new token without fetching again.
      await jwtVerify(after.id_token!, createLocalJWKSet(cached), { issuer: issuerOf(server) });
      // And the former key is still published, so that tokens it signed still verify.
      const now = (await (await fetch(jwksUri)).json()) as JSONWebKeySet;
      assert.ok(now.keys.some((key) => key.kid === kidOf(before.id_token!)));
    });

    it('RP-initiated logout ends the Gatehouse session and returns to the registered address', async () => {
      await user('wes@example.com');
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const request = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      const tokens = await exchangeCode(
        rp,
        await openAuthorization(browser, request, { loginId: 'wes@example.com', password: GOOD_PASSWORD }),
        request,
      );
      const logout = oidc.buildEndSessionUrl(rp, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: 'https://timesheets.example.net/signed-out',
        state: 'bye',
      });
      const page = await browse(browser, await browser.request('GET', logout.pathname + logout.search));
      assert.equal(page.status, 200, page.text);
      const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.text)?.[1];
      assert.ok(action && xsrf, page.text);
      const confirmed = await browse(
        browser,
        await browser.request('POST', new URL(action, server.baseUrl).pathname, { form: { xsrf, logout: 'yes' } }),
      );
      assert.equal(
        confirmed.location?.origin + confirmed.location!.pathname,
        'https://timesheets.example.net/signed-out',
      );
      assert.equal(confirmed.location?.searchParams.get('state'), 'bye');
      const next = await authorizationRequest(rp, redirectUriOf('Timesheets'));
      const stop = await openAuthorization(browser, next);
      assert.match(stop.path, new RegExp(`^/portal/${DOMAIN}/login\\?`), 'signed out of Gatehouse too');
    });
  });
}
