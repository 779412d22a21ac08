// Issue 12: an administrator who has just finished the forced OTP setup of a sign-in (SPEC §5.3) is offered a passkey
// on the way in, where their group allows passkeys: the portal's Passkeys page in offer mode, whose **Not now** goes
// on to where the sign-in was going, checked by the login's own next-path rules.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { totpCode } from '../../src/core/otp/totp.js';
import { commandLineActor } from '../../src/services/actor.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient, type HttpAnswer } from '../support/http-client.js';
import { secretOfOtpauthUri } from '../support/otp-tools.js';
import { addGroup, addUser, GOOD_PASSWORD, setCookieHeader, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DOMAIN = 'example.com';
const SETUP = `/portal/${DOMAIN}/login/otp-setup`;
const PASSKEYS = `/portal/${DOMAIN}/passkeys`;

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`a passkey offered after the forced OTP setup (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 3, 9, 0, 0));
    let server: TestServer;
    let noPasskeysGroupId: string;
    const admins = new Map<string, string>();

    before(async () => {
      server = await startTestServer(dialect, { clock });
      const admin = await signedInClient(server);
      noPasskeysGroupId = (await addGroup(admin, { displayName: 'No passkeys', passkeys: 'not-allowed' })).id;
      for (const [loginId, groupId] of [
        ['ada.offer@example.com', undefined],
        ['bo.offer@example.com', undefined],
        ['cy.offer@example.com', undefined],
        ['di.nopasskeys@example.com', noPasskeysGroupId],
      ] as const)
        admins.set(
          loginId,
          (await addUser(admin, { loginId, role: 'global-admin', ...(groupId ? { groupId } : {}) })).id,
        );
      const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
      assert.ok(tenant);
      await server.gatehouse.services.tenants.updateSettings(tenant, commandLineActor(), {
        adminOtpEnforcement: 'now',
      });
    });
    after(async () => server?.close());

    /** Password (with the login form's `next`), then the forced setup with an authenticator app: the confirm's answer. */
    async function signInThroughSetup(
      loginId: string,
      next: string,
    ): Promise<{ browser: HttpClient; done: HttpAnswer }> {
      const browser = new HttpClient(server.baseUrl);
      const password = await browser.login(loginId, GOOD_PASSWORD, { next });
      assert.equal(password.headers.get('location'), SETUP, password.text.slice(0, 300));
      const csrf = await browser.formToken(SETUP);
      const started = await browser.request('POST', `${SETUP}/totp`, { form: { _csrf: csrf } });
      const setupId = new RegExp(`^${SETUP}/([^/]+)$`).exec(started.headers.get('location') ?? '')?.[1];
      assert.ok(setupId, started.headers.get('location') ?? started.text);
      const tenant = await server.gatehouse.services.tenants.findByDomain(DOMAIN);
      assert.ok(tenant);
      const user = await server.gatehouse.store.db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', admins.get(loginId) ?? '')
        .executeTakeFirstOrThrow();
      const uri = await server.gatehouse.services.otpSetup.pendingOtpauthUri(tenant, commandLineActor(), user, setupId);
      const done = await browser.request('POST', `${SETUP}/${setupId}/confirm`, {
        form: { _csrf: csrf, code: totpCode(secretOfOtpauthUri(uri), clock.now()) },
      });
      assert.equal(done.status, 303, done.text.slice(0, 300));
      assert.ok(setCookieHeader(done, 'gatehouse_session'), 'signed in by the setup');
      return { browser, done };
    }

    const notNowHref = (page: HttpAnswer) =>
      /<a id="passkey-offer-continue" class="button secondary" href="([^"]*)">Not now<\/a>/.exec(page.text)?.[1];

    it('lands on the Passkeys page offering a passkey, with Not now going on to the console', async () => {
      const next = `/admin/${DOMAIN}/users`;
      const { browser, done } = await signInThroughSetup('ada.offer@example.com', next);
      assert.equal(done.headers.get('location'), `${PASSKEYS}?next=${encodeURIComponent(next)}`);

      const offer = await browser.request('GET', done.headers.get('location') ?? '');
      assert.equal(offer.status, 200);
      assert.match(offer.text, /<div id="passkey-offer"/);
      assert.match(offer.text, /Your one-time password is set up\./);
      assert.match(offer.text, /<button type="submit">Add a passkey<\/button>/);
      assert.equal(notNowHref(offer), next);
      assert.match(
        offer.text,
        new RegExp(`data-offer-continue="${next}"`),
        'the script continues there without WebAuthn',
      );
      assert.match(
        offer.text,
        new RegExp(`data-done-url="${PASSKEYS}\\?done=added&amp;next=${encodeURIComponent(next)}"`),
        'after adding, the page says so and still knows the way on',
      );

      const afterAdding = await browser.request('GET', `${PASSKEYS}?done=added&next=${encodeURIComponent(next)}`);
      assert.match(afterAdding.text, /Passkey added\./);
      assert.doesNotMatch(afterAdding.text, /id="passkey-offer"/);
      assert.match(
        afterAdding.text,
        new RegExp(`<a id="passkey-offer-continue" class="button" href="${next}">Continue</a>`),
      );
    });

    it('keeps a single sign-on return: Not now resumes the waiting request', async () => {
      const resume = `/portal/${DOMAIN}/sso/AAAAAAAAAAAAAAAAAAAAAA`;
      const { browser, done } = await signInThroughSetup('bo.offer@example.com', resume);
      assert.equal(done.headers.get('location'), `${PASSKEYS}?next=${encodeURIComponent(resume)}`);
      assert.equal(notNowHref(await browser.request('GET', done.headers.get('location') ?? '')), resume);
    });

    it('never lets Not now leave the tenant: a next that the login refuses falls back to the portal', async () => {
      const { browser, done } = await signInThroughSetup('cy.offer@example.com', 'https://evil.example/');
      assert.equal(done.headers.get('location'), `${PASSKEYS}?next=${encodeURIComponent(`/portal/${DOMAIN}/`)}`);
      for (const evil of ['https://evil.example/', '//evil.example/x', `/portal/other.example/`, '/\\evil.example'])
        assert.equal(
          notNowHref(await browser.request('GET', `${PASSKEYS}?next=${encodeURIComponent(evil)}`)),
          `/portal/${DOMAIN}/`,
          evil,
        );
    });

    it('goes straight on when the group does not allow passkeys', async () => {
      const next = `/admin/${DOMAIN}/users`;
      const { browser, done } = await signInThroughSetup('di.nopasskeys@example.com', next);
      assert.equal(done.headers.get('location'), next);
      // Even reached by hand, the page offers nothing to add: the way on reads Continue, not Not now.
      const page = await browser.request('GET', `${PASSKEYS}?next=${encodeURIComponent(next)}`);
      assert.doesNotMatch(page.text, /id="passkey-offer"|Add a passkey<\/button>/);
      assert.match(page.text, new RegExp(`<a id="passkey-offer-continue" class="button" href="${next}">Continue</a>`));
    });
  });
}
