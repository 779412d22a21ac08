// Issue 12: a passkey answering the OTP step that an OpenID Connect client asks for; the client learns it was a
// hardware-bound, phishing-resistant second factor (amr hwk) and multi-factor; and a passkey alone (Sign in with a
// passkey), which the client learns was no password (no pwd).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuthenticationOptions } from '../../src/contract/portal/passkey-sign-in.js';
import type { RegistrationOptions } from '../../src/contract/portal/passkeys.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  addOidcClient,
  authorizationRequest,
  browse,
  DOMAIN,
  exchangeCode,
  openAuthorization,
  redirectUriOf,
  relyingParty,
} from '../support/oidc-scenario.js';
import { accessLogEntries, addGroup, addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import {
  type CreationOptionsJSON,
  type RequestOptionsJSON,
  SoftwareAuthenticator,
} from '../support/software-authenticator.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`passkeys and OpenID Connect amr (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    it('steps a password session of a passkey-only user up with Use a passkey; amr is pwd hwk user mfa', async () => {
      // Without GATEHOUSE_PUBLIC_URL the relying party is the origin the requests arrive on.
      const origin = new URL(server.baseUrl).origin;
      const group = await addGroup(admin, { displayName: 'Staff' });
      const user = await addUser(admin, { loginId: 'pia@example.com', groupId: group.id });
      const created = await addOidcClient(admin, 'Ledger');
      const allowed = await admin.api('PATCH', `/groups/${group.id}`, { allowedServices: [created.id] });
      assert.equal(allowed.status, 200, allowed.text);
      const browser = await signedInClient(server, 'pia@example.com', GOOD_PASSWORD);

      const authenticator = new SoftwareAuthenticator();
      const token = await browser.formToken(`/portal/${DOMAIN}/passkeys`);
      const headers = { 'x-csrf-token': token };
      const options = await browser.request('POST', `/portal/${DOMAIN}/passkeys/options`, {
        json: { name: 'Phone' },
        headers,
      });
      const creation = options.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      const added = await browser.request('POST', `/portal/${DOMAIN}/passkeys`, {
        json: { name: 'Phone', response: authenticator.create(creation, { origin }) },
        headers,
      });
      assert.equal(added.status, 201, added.text);

      const rp = await relyingParty(server, created);
      const request = await authorizationRequest(rp, redirectUriOf('Ledger'), { acr_values: 'urn:gatehouse:acr:mfa' });
      const asked = await openAuthorization(browser, request);
      assert.equal(asked.path, `/portal/${DOMAIN}/login/otp`, 'a passkey-only user is stepped up, not refused');
      assert.match(asked.text, /Use a passkey/);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(asked.text)?.[1] ?? '';
      const requested = await browser.request('POST', `/portal/${DOMAIN}/login/otp/passkey/options`, {
        json: {},
        headers: { 'x-csrf-token': csrf },
      });
      assert.equal(requested.status, 200, requested.text);
      const assertion = authenticator.get(requested.json<AuthenticationOptions>().optionsJSON as RequestOptionsJSON, {
        origin,
      });
      const posted = await browser.request('POST', `/portal/${DOMAIN}/login/otp/passkey`, {
        form: { _csrf: csrf, response: JSON.stringify(assertion) },
      });
      const claims = (await exchangeCode(rp, await browse(browser, posted), request)).claims();
      assert.deepEqual(claims?.amr, ['pwd', 'hwk', 'user', 'mfa'], 'the authenticator verified the user');
      assert.equal(claims?.acr, 'urn:gatehouse:acr:mfa');
      const entries = await accessLogEntries(admin, { userId: user.id });
      assert.ok(entries.some((entry) => entry.otpMethod === 'passkey' && entry.result === 'allowed'));
      assert.ok(
        entries.some((entry) => entry.service === 'Ledger' && entry.otpMethod === 'passkey'),
        'single sign-on entries name the method passkey too',
      );
    });

    it('signs in with a passkey alone at the login page of an authorization; amr leaves pwd out', async () => {
      const origin = new URL(server.baseUrl).origin;
      const group = await addGroup(admin, { displayName: 'Passkey only', passkeys: 'passwordless' });
      await addUser(admin, { loginId: 'quinn@example.com', groupId: group.id });
      const created = await addOidcClient(admin, 'Payroll');
      const allowed = await admin.api('PATCH', `/groups/${group.id}`, { allowedServices: [created.id] });
      assert.equal(allowed.status, 200, allowed.text);
      const owner = await signedInClient(server, 'quinn@example.com', GOOD_PASSWORD);
      const authenticator = new SoftwareAuthenticator();
      const headers = { 'x-csrf-token': await owner.formToken(`/portal/${DOMAIN}/passkeys`) };
      const options = await owner.request('POST', `/portal/${DOMAIN}/passkeys/options`, {
        json: { name: 'Key' },
        headers,
      });
      const creation = options.json<RegistrationOptions>().optionsJSON as CreationOptionsJSON;
      const added = await owner.request('POST', `/portal/${DOMAIN}/passkeys`, {
        json: { name: 'Key', response: authenticator.create(creation, { origin }) },
        headers,
      });
      assert.equal(added.status, 201, added.text);

      const rp = await relyingParty(server, created);
      // An authenticator that does not verify the user is refused without a password (passkeys-passwordless tests it).
      for (const [userVerified, amr] of [[true, ['hwk', 'user', 'mfa']]] as const) {
        const browser = new HttpClient(server.baseUrl);
        const request = await authorizationRequest(rp, redirectUriOf('Payroll'));
        const login = await openAuthorization(browser, request);
        assert.ok(login.path.startsWith(`/portal/${DOMAIN}/login?`), login.path);
        assert.match(login.text, /Sign in with a passkey/);
        const next = new URL(login.path, server.baseUrl).searchParams.get('next') ?? '';
        const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1] ?? '';
        const requested = await browser.request('POST', `/portal/${DOMAIN}/login/passkey/options`, {
          json: {},
          headers: { 'x-csrf-token': csrf },
        });
        assert.equal(requested.status, 200, requested.text);
        const assertion = authenticator.get(requested.json<AuthenticationOptions>().optionsJSON as RequestOptionsJSON, {
          origin,
          userVerified,
        });
        const posted = await browser.request('POST', `/portal/${DOMAIN}/login/passkey`, {
          form: { _csrf: csrf, response: JSON.stringify(assertion), next },
        });
        assert.equal(posted.status, 303, posted.text.slice(0, 300));
        const claims = (await exchangeCode(rp, await browse(browser, posted), request)).claims();
        assert.deepEqual(claims?.amr, amr, `user verified: ${userVerified}`);
      }
    });
  });
}
