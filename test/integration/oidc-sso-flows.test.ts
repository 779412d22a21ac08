// OpenID Connect flows beyond the first sign-in, against panva's openid-client on both databases: acr_values and the
// client's Require OTP stepping a session up (amr/acr tell the client), the client's own allow condition, consent for
// a third-party client, public clients that must use PKCE, pairwise subjects, client credentials, disabled clients.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  addOidcClient,
  assertOAuthError,
  authorizationRequest,
  browse,
  type BrowserStop,
  DOMAIN,
  exchangeCode,
  openAuthorization,
  redirectUriOf,
  relyingParty,
} from '../support/oidc-scenario.js';
import { oathtoolCode, otpToolsSkipReason, registerAuthenticatorApp } from '../support/otp-tools.js';
import { accessLogEntries, addGroup, addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const toolsMissing = otpToolsSkipReason();

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OpenID Connect flows (${dialect})`, { skip: skip ?? toolsMissing }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let groupId: string;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      groupId = (await addGroup(admin, { displayName: 'Staff' })).id;
    });
    after(async () => server?.close());

    /** A client that the Staff group allows. */
    async function allowedClient(name: string, extra: Parameters<typeof addOidcClient>[2] = {}) {
      const created = await addOidcClient(admin, name, extra);
      const group = await admin.api('GET', `/groups/${groupId}`);
      const allowedServices = [...group.json<{ allowedServices: string[] }>().allowedServices, created.id];
      const changed = await admin.api('PATCH', `/groups/${groupId}`, { allowedServices });
      assert.equal(changed.status, 200, changed.text);
      return created;
    }

    /** Types the code of the user's authenticator app into the OTP step the browser was taken to. */
    async function answerOtp(browser: HttpClient, asked: BrowserStop, secret: string): Promise<BrowserStop> {
      assert.equal(asked.path, `/portal/${DOMAIN}/login/otp`, `the OTP step, got ${asked.status} at ${asked.path}`);
      const token = /name="_csrf" value="([^"]+)"/.exec(asked.text)?.[1] ?? '';
      const posted = await browser.request('POST', `/portal/${DOMAIN}/login/otp`, {
        form: { _csrf: token, code: oathtoolCode(secret) },
      });
      return browse(browser, posted);
    }

    it('acr_values asking for multi-factor steps a password session up to OTP; amr and acr say so', async () => {
      const user = await addUser(admin, { loginId: 'ada@example.com', groupId });
      const secret = await registerAuthenticatorApp(admin, user.id, Date.now() - 30_000);
      const created = await allowedClient('Ledger');
      const rp = await relyingParty(server, created);
      const browser = await signedInClient(server, 'ada@example.com', GOOD_PASSWORD);
      // Without acr_values the session's password is enough (the group asks no OTP).
      const plain = await authorizationRequest(rp, redirectUriOf('Ledger'));
      const plainTokens = await exchangeCode(rp, await openAuthorization(browser, plain), plain);
      assert.deepEqual(plainTokens.claims()?.amr, ['pwd']);
      const request = await authorizationRequest(rp, redirectUriOf('Ledger'), { acr_values: 'urn:gatehouse:acr:mfa' });
      const stop = await answerOtp(browser, await openAuthorization(browser, request), secret);
      const claims = (await exchangeCode(rp, stop, request)).claims();
      assert.deepEqual(claims?.amr, ['pwd', 'otp', 'mfa']);
      assert.equal(claims?.acr, 'urn:gatehouse:acr:mfa');
      const entries = await accessLogEntries(admin, { loginId: 'ada@example.com' });
      assert.ok(entries.some((entry) => entry.reason === 'otp-step-up' && entry.service === 'Ledger'));
    });

    it('max_age: a session older than the client allows signs in again, and auth_time says when', async () => {
      await addUser(admin, { loginId: 'max@example.com', groupId });
      const created = await allowedClient('Bank Console');
      const rp = await relyingParty(server, created);
      const browser = await signedInClient(server, 'max@example.com', GOOD_PASSWORD);
      const relaxed = await authorizationRequest(rp, redirectUriOf('Bank Console'), { max_age: '3600' });
      const first = (await exchangeCode(rp, await openAuthorization(browser, relaxed), relaxed)).claims();
      assert.ok(first?.auth_time, 'a young enough session answers at once');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const strict = await authorizationRequest(rp, redirectUriOf('Bank Console'), { max_age: '1' });
      const asked = await openAuthorization(browser, strict);
      assert.match(asked.path, new RegExp(`^/portal/${DOMAIN}/login\\?`), 'the login form, not a code');
      const again = await openAuthorization(browser, strict, { loginId: 'max@example.com', password: GOOD_PASSWORD });
      const second = (await exchangeCode(rp, again, strict)).claims();
      assert.ok(second?.auth_time && second.auth_time > first.auth_time, 'auth_time is the new sign-in');
    });

    it("the client's Require OTP steps up too", async () => {
      const user = await addUser(admin, { loginId: 'ben@example.com', groupId });
      const secret = await registerAuthenticatorApp(admin, user.id, Date.now() - 30_000);
      const created = await allowedClient('Payroll', { requireOtp: 'always' });
      const rp = await relyingParty(server, created);
      const browser = await signedInClient(server, 'ben@example.com', GOOD_PASSWORD);
      const request = await authorizationRequest(rp, redirectUriOf('Payroll'));
      const stop = await answerOtp(browser, await openAuthorization(browser, request), secret);
      assert.equal((await exchangeCode(rp, stop, request)).claims()?.acr, 'urn:gatehouse:acr:mfa');
    });

    it("the client's own allow condition refuses from an address it does not allow", async () => {
      await addUser(admin, { loginId: 'cy@example.com', groupId });
      const created = await allowedClient('Vault', { allowAccess: 'conditions', allowCondition: 'ip4:10.0.0.0/8' });
      const rp = await relyingParty(server, created);
      const browser = await signedInClient(server, 'cy@example.com', GOOD_PASSWORD);
      const request = await authorizationRequest(rp, redirectUriOf('Vault'));
      const stop = await openAuthorization(browser, request);
      assert.equal(stop.status, 403);
      assert.match(stop.text, /You are not allowed to use this service\./);
      const [entry] = await accessLogEntries(admin, { loginId: 'cy@example.com', reason: 'service-denied' });
      assert.equal(entry?.service, 'Vault');
    });

    it('a third-party client asks for consent; Deny tells the client access_denied, Allow gives the code', async () => {
      await addUser(admin, { loginId: 'dee@example.com', groupId });
      const created = await allowedClient('Partner Portal', { oidc: { firstParty: false } });
      const rp = await relyingParty(server, created);
      const browser = await signedInClient(server, 'dee@example.com', GOOD_PASSWORD);

      const denied = await authorizationRequest(rp, redirectUriOf('Partner Portal'));
      const consent = await openAuthorization(browser, denied);
      assert.equal(consent.status, 200);
      assert.match(consent.text, /Allow access to your account\?/);
      assert.match(consent.text, /See your email address/);
      const form = (page: BrowserStop) => ({
        action: /<form method="post" action="([^"]+)"/.exec(page.text)?.[1] ?? '',
        csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '',
      });
      const refused = await browse(
        browser,
        await browser.request('POST', form(consent).action, { form: { _csrf: form(consent).csrf, decision: 'deny' } }),
      );
      assert.equal(refused.status, 403);
      const back = /<a href="([^"]+)">Return to the application<\/a>/.exec(refused.text)?.[1] ?? '';
      const returned = await browse(browser, await browser.request('GET', new URL(back).pathname));
      assert.equal(returned.location?.searchParams.get('error'), 'access_denied');

      const allowed = await authorizationRequest(rp, redirectUriOf('Partner Portal'));
      const asked = await openAuthorization(browser, allowed);
      const { action, csrf } = form(asked);
      const forged = await browser.request('POST', action, { form: { _csrf: 'forged', decision: 'allow' } });
      assert.equal(forged.status, 403, 'the consent form is CSRF-protected');
      const granted = await browse(
        browser,
        await browser.request('POST', action, { form: { _csrf: csrf, decision: 'allow' } }),
      );
      assert.ok((await exchangeCode(rp, granted, allowed)).claims()?.sub);
    });

    it('a public client must use PKCE, and pairwise subjects differ per client', async () => {
      const person = await addUser(admin, { loginId: 'eve@example.com', groupId });
      const created = await allowedClient('Phone App', { oidc: { clientType: 'public', pairwiseSubject: true } });
      assert.equal(created.clientSecret, undefined, 'a public client has no secret');
      const rp = await relyingParty(server, created);
      const browser = await signedInClient(server, 'eve@example.com', GOOD_PASSWORD);
      const withoutPkce = oidc.buildAuthorizationUrl(rp, {
        redirect_uri: redirectUriOf('Phone App'),
        scope: 'openid',
        state: 'abc',
      });
      const refused = await browse(browser, await browser.request('GET', withoutPkce.pathname + withoutPkce.search));
      assert.equal(refused.location?.searchParams.get('error'), 'invalid_request');
      assert.match(refused.location?.searchParams.get('error_description') ?? '', /PKCE/);
      const request = await authorizationRequest(rp, redirectUriOf('Phone App'));
      const claims = (await exchangeCode(rp, await openAuthorization(browser, request), request)).claims();
      assert.ok(claims?.sub);
      assert.notEqual(claims.sub, person.id, 'a pairwise sub is not the user ID');
      const again = await authorizationRequest(rp, redirectUriOf('Phone App'));
      const second = (await exchangeCode(rp, await openAuthorization(browser, again), again)).claims();
      assert.equal(second?.sub, claims.sub, 'but stable for the same client');
    });

    it('client credentials give a machine client a token of its scopes; a user client cannot use the grant', async () => {
      const machine = await addOidcClient(admin, 'Reporting Job', {
        oidc: { grantTypes: ['client_credentials'], scopes: ['reports:read', 'reports:write'], redirectUris: [] },
      });
      const rp = await relyingParty(server, machine);
      const token = await oidc.clientCredentialsGrant(rp, { scope: 'reports:read' });
      assert.equal(token.scope, 'reports:read');
      const introspected = await oidc.tokenIntrospection(rp, token.access_token);
      assert.equal(introspected.active, true);
      assert.equal(introspected.client_id, machine.clientId);
      assert.equal(introspected.scope, 'reports:read');
      const other = await relyingParty(server, await allowedClient('Notes'));
      // The engine's words for it: "requested grant type is not allowed for this client".
      await assertOAuthError(oidc.clientCredentialsGrant(other), 'invalid_request');
    });

    it('the portal shows a tile for a client with an initiate login URI, pointing there with the issuer', async () => {
      await addUser(admin, { loginId: 'gil@example.com', groupId });
      await allowedClient('Expenses', { oidc: { initiateLoginUri: 'https://expenses.example.net/login?from=portal' } });
      await allowedClient('Hidden Tool');
      const browser = await signedInClient(server, 'gil@example.com', GOOD_PASSWORD);
      const portal = await browser.request('GET', `/portal/${DOMAIN}/`);
      const href = /<a class="tile" href="([^"]+)">Expenses<\/a>/.exec(portal.text)?.[1];
      assert.ok(href, 'a tile for Expenses');
      const target = new URL(href.replace(/&amp;/g, '&'));
      assert.equal(target.origin + target.pathname, 'https://expenses.example.net/login');
      assert.equal(target.searchParams.get('from'), 'portal');
      assert.equal(target.searchParams.get('iss'), `${server.baseUrl}/oidc/${DOMAIN}`);
      assert.doesNotMatch(portal.text, /Hidden Tool/, 'no tile without an initiate login URI');
    });

    it('Policy Check answers for an OpenID Connect client as it decides at sign-in', async () => {
      const person = await addUser(admin, { loginId: 'hana@example.com', groupId });
      const outsider = await addUser(admin, { loginId: 'ivo@example.com' });
      const created = await allowedClient('Audit Trail', { requireOtp: 'always' });
      const check = async (userId: string) => {
        const query = new URLSearchParams({ userId, ip: '203.0.113.9', hasPass: 'false', serviceId: created.id });
        const answer = await admin.api('GET', `/policy-check?${query}`);
        assert.equal(answer.status, 200, answer.text);
        return answer.json<{ allowed: boolean; otpRequired: boolean; service: string | null }>();
      };
      const answer = await check(person.id);
      assert.equal(answer.allowed, true);
      assert.equal(answer.otpRequired, true, "the client's Require OTP");
      assert.equal(answer.service, 'Audit Trail');
      assert.equal((await check(outsider.id)).allowed, false);
    });

    it('a disabled client can neither start a sign-in nor use its tokens', async () => {
      await addUser(admin, { loginId: 'fay@example.com', groupId });
      const created = await allowedClient('Old Wiki');
      const rp = await relyingParty(server, created);
      const browser = await signedInClient(server, 'fay@example.com', GOOD_PASSWORD);
      const request = await authorizationRequest(rp, redirectUriOf('Old Wiki'));
      const tokens = await exchangeCode(rp, await openAuthorization(browser, request), request);
      const disabled = await admin.api('PATCH', `/connected-services/${created.id}`, { status: 'disabled' });
      assert.equal(disabled.status, 200, disabled.text);
      await assertOAuthError(oidc.tokenIntrospection(rp, tokens.access_token), 'invalid_client');
      const again = await authorizationRequest(rp, redirectUriOf('Old Wiki'));
      const page = await browser.request('GET', again.url.pathname + again.url.search, {
        headers: { accept: 'text/html' },
      });
      assert.equal(page.status, 400);
      assert.match(page.text, /not connected to Gatehouse, or it is disabled/);
      assert.equal(page.headers.get('location'), null);
    });
  });
}
