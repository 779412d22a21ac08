// OpenID Connect bad input on both databases: expired codes and tokens, malformed requests and JWTs, wrong methods
// and bodies, unknown clients. Each gets a spec-conformant error (a page for a browser that cannot be sent back to a
// client, an OAuth error otherwise), an Access Log entry, and never a 5xx or a stack trace.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { ManualClock } from '../../src/core/clock.js';
import type { CreatedConnectedService } from '../../src/contract/admin-api/index.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  addOidcClient,
  assertOAuthError,
  authorizationRequest,
  browse,
  DOMAIN,
  exchangeCode,
  openAuthorization,
  redirectUriOf,
  relyingParty,
} from '../support/oidc-scenario.js';
import {
  accessLogEntries,
  addGroup,
  addUser,
  assertNoInternals,
  GOOD_PASSWORD,
  signedInClient,
} from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OpenID Connect bad input (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.now());
    let server: TestServer;
    let admin: HttpClient;
    let app: CreatedConnectedService;
    let rp: oidc.Configuration;
    const basic = () => `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;

    before(async () => {
      server = await startTestServer(dialect, { clock });
      admin = await signedInClient(server);
      app = await addOidcClient(admin, 'Helpdesk');
      const group = await addGroup(admin, { displayName: 'Support', allowedServices: [app.id] });
      await addUser(admin, { loginId: 'hal@example.com', groupId: group.id });
      rp = await relyingParty(server, app);
    });
    after(async () => server?.close());

    async function signedInBrowser() {
      return signedInClient(server, 'hal@example.com', GOOD_PASSWORD);
    }

    it('refuses an expired authorization code (a minute is all it lives)', async () => {
      const browser = await signedInBrowser();
      const request = await authorizationRequest(rp, redirectUriOf('Helpdesk'));
      const stop = await openAuthorization(browser, request);
      clock.advance(61_000);
      await assertOAuthError(exchangeCode(rp, stop, request), 'invalid_grant');
    });

    it('refuses an expired access token at userinfo and says it is inactive', async () => {
      const browser = await signedInBrowser();
      const request = await authorizationRequest(rp, redirectUriOf('Helpdesk'));
      const tokens = await exchangeCode(rp, await openAuthorization(browser, request), request);
      clock.advance(3_601_000);
      await assertOAuthError(oidc.fetchUserInfo(rp, tokens.access_token, oidc.skipSubjectCheck), 'invalid_token');
      assert.equal((await oidc.tokenIntrospection(rp, tokens.access_token)).active, false);
      admin = await signedInClient(server);
      // An expired token names no client any more: the entry has the address and the reason.
      const entries = await accessLogEntries(admin, { reason: 'oidc-invalid-token' });
      assert.ok(entries.length >= 1, 'the refusal is in the Access Logs');
    });

    it('answers malformed authorization requests with an error to the client, or a page when it cannot', async () => {
      const browser = await signedInBrowser();
      const cases: { query: Record<string, string>; expect: 'page' | string }[] = [
        { query: { client_id: 'nobody', response_type: 'code', scope: 'openid' }, expect: 'page' },
        { query: { response_type: 'code', scope: 'openid' }, expect: 'page' },
        {
          query: {
            client_id: app.clientId!,
            response_type: 'token',
            scope: 'openid',
            redirect_uri: redirectUriOf('Helpdesk'),
          },
          expect: 'unsupported_response_type',
        },
        {
          query: { client_id: app.clientId!, response_type: 'code', redirect_uri: redirectUriOf('Helpdesk') },
          expect: 'invalid_scope',
        },
        {
          query: {
            client_id: app.clientId!,
            response_type: 'code',
            scope: 'openid',
            redirect_uri: redirectUriOf('Helpdesk'),
            code_challenge: 'x',
            code_challenge_method: 'plain',
          },
          expect: 'invalid_request',
        },
        {
          query: {
            client_id: app.clientId!,
            response_type: 'code',
            scope: 'openid',
            redirect_uri: redirectUriOf('Helpdesk'),
            id_token_hint: 'not.a.jwt',
          },
          expect: 'invalid_request',
        },
        {
          query: {
            client_id: app.clientId!,
            response_type: 'code',
            scope: 'openid',
            redirect_uri: redirectUriOf('Helpdesk'),
            request: 'eyJhbGciOiJub25lIn0.e30.',
          },
          expect: 'request_not_supported',
        },
      ];
      for (const { query, expect } of cases) {
        const answer = await browser.request('GET', `/oidc/${DOMAIN}/auth?${new URLSearchParams(query)}`, {
          headers: { accept: 'text/html' },
        });
        const label = JSON.stringify(query);
        assert.ok(answer.status < 500, `${label}: ${answer.status}`);
        assertNoInternals(answer.text);
        if (expect === 'page') {
          assert.equal(answer.status, 400, label);
          assert.equal(answer.headers.get('location'), null, label);
        } else {
          const stop = await browse(browser, answer);
          // In the query, or in the fragment for a response type that would have answered there.
          const answered = new URLSearchParams(stop.location?.hash.slice(1) || stop.location?.search);
          assert.equal(answered.get('error'), expect, `${label}: ${stop.status} ${stop.text.slice(0, 200)}`);
          assert.equal(stop.location?.origin, 'https://helpdesk.example.net', label);
        }
      }
      const entries = await accessLogEntries(admin, { reason: 'sso-bad-request' });
      assert.ok(entries.length >= cases.length - 1, `logged: ${entries.length}`);
    });

    it('answers malformed token requests with OAuth errors, never a 5xx', async () => {
      const token = (body: string, headers: Record<string, string> = {}) =>
        fetch(`${server.baseUrl}/oidc/${DOMAIN}/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(), ...headers },
          body,
        });
      const cases: [string, Record<string, string>, string][] = [
        ['', {}, 'invalid_request'],
        ['grant_type=password&username=a&password=b', {}, 'unsupported_grant_type'],
        ['grant_type=authorization_code', {}, 'invalid_request'],
        ['grant_type=authorization_code&code=made-up&redirect_uri=' + redirectUriOf('Helpdesk'), {}, 'invalid_grant'],
        ['grant_type=refresh_token&refresh_token=made-up', {}, 'invalid_grant'],
        ['grant_type=authorization_code&code=x&grant_type=refresh_token', {}, 'invalid_request'],
        ['grant_type=client_credentials', { authorization: 'Basic !!!' }, 'invalid_request'],
        [
          'grant_type=client_credentials',
          { authorization: 'Basic ' + Buffer.from('nobody:x').toString('base64') },
          'invalid_client',
        ],
        ['grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=a.b.c', {}, 'unsupported_grant_type'],
        ['x='.padEnd(70_000, 'a'), {}, 'invalid_request'],
      ];
      for (const [body, headers, error] of cases) {
        const answer = await token(body, headers);
        const text = await answer.text();
        assert.ok(answer.status >= 400 && answer.status < 500, `${body.slice(0, 60)}: ${answer.status} ${text}`);
        assert.equal((JSON.parse(text) as { error: string }).error, error, body.slice(0, 60));
        assertNoInternals(text);
      }
      const json = await token('{"grant_type":"client_credentials"}', { 'content-type': 'application/json' });
      assert.ok(json.status >= 400 && json.status < 500, `JSON body: ${json.status}`);
    });

    it('refuses a malformed bearer token at userinfo and unauthenticated introspection', async () => {
      const userinfo = await fetch(`${server.baseUrl}/oidc/${DOMAIN}/me`, { headers: { authorization: 'Bearer ' } });
      assert.equal(userinfo.status, 400);
      const garbage = await fetch(`${server.baseUrl}/oidc/${DOMAIN}/me`, {
        headers: { authorization: 'Bearer made-up-token' },
      });
      assert.equal(garbage.status, 401);
      assert.match(garbage.headers.get('www-authenticate') ?? '', /invalid_token/);
      const introspection = await fetch(`${server.baseUrl}/oidc/${DOMAIN}/token/introspection`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=abc',
      });
      // RFC 6749 §5.2: a request without client authentication is an invalid_request (the engine's words).
      assert.equal(introspection.status, 400);
      assert.equal(((await introspection.json()) as { error: string }).error, 'invalid_request');
    });

    it('has no engine for an unknown tenant, and a stale interaction link gets a page', async () => {
      const unknown = await fetch(`${server.baseUrl}/oidc/nowhere.example/.well-known/openid-configuration`);
      assert.equal(unknown.status, 404);
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const stale = await browser.request('GET', `/oidc/${DOMAIN}/interaction/AAAAAAAAAAAAAAAAAAAAA`);
      assert.equal(stale.status, 400);
      assert.match(stale.text, /expired/);
      const forged = await browser.request('GET', `/oidc/${DOMAIN}/interaction/..%2F..%2Fetc`);
      assert.ok(forged.status >= 400 && forged.status < 500, `${forged.status}`);
      const resumed = await browse(browser, await browser.request('GET', `/oidc/${DOMAIN}/auth/AAAAAAAAAAAAAAAAAAAAA`));
      assert.ok(resumed.status >= 400 && resumed.status < 500, `${resumed.status}`);
      assertNoInternals(resumed.text);
    });
  });
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OpenID Connect limits per address (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.now());
    let server: TestServer;
    let machine: CreatedConnectedService;

    before(async () => {
      server = await startTestServer(dialect, {
        clock,
        env: { OIDC_FAILURES_IP_MAX_PER_MINUTE: '3', SSO_IP_MAX_PER_MINUTE: '3' },
      });
      const admin = await signedInClient(server);
      machine = await addOidcClient(admin, 'Nightly Export', {
        oidc: { grantTypes: ['client_credentials'], scopes: ['export'], redirectUris: [] },
      });
    });
    after(async () => server?.close());

    const tokenRequest = (secret: string) =>
      fetch(`${server.baseUrl}/oidc/${DOMAIN}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${machine.clientId}:${secret}`).toString('base64')}`,
        },
        body: 'grant_type=client_credentials&scope=export',
      });

    it('counts only failures at the token endpoint, and stops guessing for a minute after a few', async () => {
      for (let i = 0; i < 6; i++) assert.equal((await tokenRequest(machine.clientSecret!)).status, 200, `success ${i}`);
      for (let i = 0; i < 3; i++) assert.equal((await tokenRequest('guess')).status, 401, `guess ${i}`);
      const stopped = await tokenRequest('guess');
      assert.equal(stopped.status, 429);
      assert.equal(stopped.headers.get('retry-after'), '60');
      assert.equal((await tokenRequest(machine.clientSecret!)).status, 429, 'the right secret waits too');
      clock.advance(61_000);
      assert.equal((await tokenRequest(machine.clientSecret!)).status, 200);
    });

    it('counts authorization requests against the address SSO budget', async () => {
      const browser = new HttpClient(server.baseUrl, DOMAIN);
      const path = `/oidc/${DOMAIN}/auth?client_id=nobody&response_type=code&scope=openid`;
      for (let i = 0; i < 3; i++) assert.equal((await browser.request('GET', path)).status, 400, `request ${i}`);
      const throttled = await browser.request('GET', path);
      assert.equal(throttled.status, 429);
      assert.match(throttled.text, /Too many sign-in requests/);
    });
  });
}
