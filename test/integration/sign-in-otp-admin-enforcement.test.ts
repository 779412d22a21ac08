// SPEC §5.3 with the injected clock: before "Enforced from" an admin without OTP signs in with the password; from
// then on every admin must pass OTP whatever the group says, and an admin without OTP is taken through OTP setup
// right after the password (or denied, if the tenant chose "deny").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AdminOtpStatus } from '../../src/contract/admin-api/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { totpCode } from '../../src/core/otp/totp.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  decodeQrImage,
  downloadBytes,
  otpToolsSkipReason,
  secretOfOtpauthUri,
  startTotpSetup,
} from '../support/otp-tools.js';
import {
  accessLogEntries,
  addGroup,
  addUser,
  assertApiError,
  type ApiUser,
  GOOD_PASSWORD,
  pageError,
  setCookieHeader,
  signedInClient,
  submitLogin,
  submitOtp,
} from '../support/scenario.js';
import { ADMIN_LOGIN, startTestServer, type TestServer } from '../support/test-server.js';

const OTP_NOT_CONFIGURED =
  '403 Login denied by the policy. OTP not configured, but OTP input is required. Access is not allowed.';
const SETUP = '/portal/example.com/login/otp-setup';
const OTP_PAGE = '/portal/example.com/login/otp';
const PORTAL = '/portal/example.com/';
const DAY = 86_400_000;

const toolsSkip = otpToolsSkipReason();

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`sign-in: admin OTP enforcement (${dialect})`, { skip }, () => {
    const createdAt = Date.UTC(2026, 10, 30, 10, 0, 10);
    const clock = new ManualClock(createdAt);
    let server: TestServer;
    /** The initial Global Admin, signed in with the password alone before enforcement. */
    let admin: HttpClient;
    /**
     * A second Global Admin whose group always asks for OTP: her console session was opened with it, so it is the
     * one that still works once enforcement has begun (admin's is refused from then on).
     */
    let otto: HttpClient;
    let hal: ApiUser;
    let sue: ApiUser;

    before(async () => {
      server = await startTestServer(dialect, { clock });
      // Signed in before enforcement, with "Keep me logged in": this console session lasts through the tests.
      admin = await signedInClient(server, undefined, undefined, { keepMeLoggedIn: true });
      const otpAlways = await addGroup(admin, { displayName: 'OTP always', skipOtp: 'always-require' });
      const ottoUser = await addUser(admin, {
        loginId: 'otto@example.com',
        role: 'global-admin',
        groupId: otpAlways.id,
      });
      const ottoSecret = await registerApp(ottoUser, admin);
      otto = new HttpClient(server.baseUrl);
      assert.equal(
        (await submitLogin(otto, ottoUser.loginId, GOOD_PASSWORD, { keepMeLoggedIn: true })).headers.get('location'),
        OTP_PAGE,
      );
      assert.equal((await submitOtp(otto, totpCode(ottoSecret, clock.now()))).status, 303);
    });
    after(async () => server?.close());

    async function status(client = otto): Promise<AdminOtpStatus> {
      const answer = await client.api('GET', '/admin-otp-status');
      assert.equal(answer.status, 200, answer.text);
      return answer.json<AdminOtpStatus>();
    }

    async function enforceFrom(at: number, missing: 'setup' | 'deny' = 'setup'): Promise<void> {
      const answer = await otto.api('PATCH', '/settings', {
        adminOtpEnforcement: 'scheduled',
        adminOtpEnforcedFrom: new Date(at).toISOString(),
        adminOtpMissing: missing,
      });
      assert.equal(answer.status, 200, answer.text);
    }

    async function registerApp(user: ApiUser, by = otto): Promise<string> {
      const setup = await startTotpSetup(by, user.id);
      const secret = secretOfOtpauthUri(setup.otpauthUri);
      assert.equal(
        (
          await by.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, {
            code: totpCode(secret, clock.now()),
          })
        ).status,
        200,
      );
      clock.advance(30_000);
      return secret;
    }

    async function otpTypeOf(id: string): Promise<string> {
      return (await otto.api('GET', `/users/${id}`)).json<{ otpType: string }>().otpType;
    }

    it('schedules enforcement 14 days after the tenant was created and lists the admins who are not ready', async () => {
      hal = await addUser(admin, { loginId: 'hal.helpdesk@example.com', displayName: 'Hal', role: 'user-admin' });
      await addUser(admin, { loginId: 'una.user@example.com', displayName: 'Una' });
      const now = await status(admin);
      assert.equal(now.enforcement, 'scheduled');
      assert.equal(now.enforcedFrom, new Date(createdAt + 14 * DAY).toISOString());
      assert.equal(now.enforcedNow, false);
      assert.deepEqual(now.me, { otpType: 'none', ready: false });
      assert.deepEqual(
        now.adminsNotReady.map((a) => [a.loginId, a.role]),
        [
          [ADMIN_LOGIN, 'global-admin'],
          ['hal.helpdesk@example.com', 'user-admin'],
        ],
        'ordinary users are not listed',
      );
      await registerApp(hal);
      assert.deepEqual(
        (await status()).adminsNotReady.map((a) => a.loginId),
        [ADMIN_LOGIN],
        'an admin who registered OTP is ready',
      );
    });

    it('lets an admin without OTP in with the password alone while enforcement lies in the future', async () => {
      sue = await addUser(admin, { loginId: 'sue.setup@example.com', displayName: 'Sue', role: 'global-admin' });
      await enforceFrom(clock.now() + 2 * 3_600_000);
      const answer = await submitLogin(new HttpClient(server.baseUrl), 'sue.setup@example.com', GOOD_PASSWORD);
      assert.equal(answer.status, 303);
      assert.equal(answer.headers.get('location'), PORTAL);
      assert.equal((await status()).enforcedNow, false);
    });

    it('asks an admin with OTP for it only once enforcement has begun, even in the Default group', async () => {
      const secret = await registerApp(hal);
      const early = await submitLogin(new HttpClient(server.baseUrl), 'hal.helpdesk@example.com', GOOD_PASSWORD);
      assert.equal(
        early.headers.get('location'),
        PORTAL,
        'before enforcement the Default group skips OTP for admins too',
      );

      clock.advance(2 * 3_600_000);
      assert.equal((await status()).enforcedNow, true);
      // The admin's console session was opened without OTP: it no longer carries an administrator.
      assertApiError(await admin.api('GET', '/admin-otp-status'), 403, 'otp_required');
      const browser = new HttpClient(server.baseUrl);
      const enforced = await submitLogin(browser, 'hal.helpdesk@example.com', GOOD_PASSWORD);
      assert.equal(enforced.status, 303);
      assert.equal(enforced.headers.get('location'), OTP_PAGE, 'enforced: OTP whatever the group says');
      assert.equal(setCookieHeader(enforced, 'gatehouse_session'), undefined);
      const otp = await submitOtp(browser, totpCode(secret, clock.now()));
      assert.equal(otp.status, 303, otp.text.slice(0, 300));
      assert.equal(otp.headers.get('location'), PORTAL);

      // Ordinary users of the Default group are not concerned.
      const user = await submitLogin(new HttpClient(server.baseUrl), 'una.user@example.com', GOOD_PASSWORD);
      assert.equal(user.headers.get('location'), PORTAL);
    });

    it(
      'takes an admin without OTP through OTP setup right after the password, and signs them in',
      { skip: toolsSkip },
      async () => {
        const browser = new HttpClient(server.baseUrl);
        const password = await submitLogin(browser, 'sue.setup@example.com', GOOD_PASSWORD);
        assert.equal(password.status, 303);
        assert.equal(password.headers.get('location'), SETUP);
        assert.equal(
          setCookieHeader(password, 'gatehouse_session'),
          undefined,
          'nothing else is reachable before the setup',
        );
        assert.equal((await browser.request('GET', PORTAL)).status, 303);
        assert.equal(
          (await browser.request('GET', OTP_PAGE)).headers.get('location'),
          SETUP,
          'the OTP step sends her to the setup',
        );

        const choice = await browser.request('GET', SETUP);
        assert.equal(choice.status, 200);
        assert.match(choice.text, /Administrators must use a one-time password to log in/);
        assert.match(choice.text, new RegExp(`<form method="post" action="${SETUP}/totp">`));
        assert.match(choice.text, /<button type="submit">Gatehouse Key<\/button>/);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(choice.text)?.[1];
        assert.ok(csrf);

        const keyButton = await browser.request('POST', `${SETUP}/totp`, { form: { _csrf: csrf } });
        assert.equal(keyButton.status, 303, keyButton.text);
        const qrPath = keyButton.headers.get('location') ?? '';
        const setupId = new RegExp(`^${SETUP}/([^/]+)$`).exec(qrPath)?.[1];
        assert.ok(setupId, qrPath);
        const qrPage = await browser.request('GET', qrPath);
        assert.equal(qrPage.status, 200);
        assert.match(qrPage.text, /<svg[\s>]/, 'the QR code is shown');
        assert.match(qrPage.text, /For apps other than Gatehouse Key/);
        assert.match(qrPage.text, new RegExp(`action="${SETUP}/${setupId}/confirm"`));

        const png = await downloadBytes(browser, `${qrPath}/qr.png`);
        assert.equal(png.status, 200);
        const uri = decodeQrImage(png.body);
        assert.match(uri, /^otpauth:\/\/totp\/Gatehouse:sue\.setup(@|%40)example\.com\?/);
        const secret = secretOfOtpauthUri(uri);

        const valid = new Set([-30_000, 0, 30_000].map((offset) => totpCode(secret, clock.now() + offset)));
        const wrongCode = ['123456', '234567', '345678'].find((code) => !valid.has(code)) ?? '';
        const wrong = await browser.request('POST', `${SETUP}/${setupId}/confirm`, {
          form: { _csrf: csrf, code: wrongCode },
        });
        assert.equal(wrong.status, 400);
        assert.equal(pageError(wrong), 'Invalid one-time password.');
        assert.equal(setCookieHeader(wrong, 'gatehouse_session'), undefined);

        const confirmed = await browser.request('POST', `${SETUP}/${setupId}/confirm`, {
          form: { _csrf: csrf, code: totpCode(secret, clock.now()) },
        });
        assert.equal(confirmed.status, 303, confirmed.text.slice(0, 400));
        assert.equal(
          confirmed.headers.get('location'),
          `/portal/example.com/passkeys?next=${encodeURIComponent(PORTAL)}`,
          'a passkey is offered on the way (issue 12), then on to the portal',
        );
        assert.ok(setCookieHeader(confirmed, 'gatehouse_session'), 'signed in right after the setup');
        assert.equal(browser.cookies.has('gatehouse_signin'), false);
        const portal = await browser.request('GET', PORTAL);
        assert.equal(portal.status, 200);
        const otpSettings = await browser.request('GET', '/portal/example.com/otp');
        assert.match(otpSettings.text, /<strong id="otp-type">Other authenticator app<\/strong>/);
        assert.equal(await otpTypeOf(sue.id), 'authenticator-app');
        assert.ok(!(await status()).adminsNotReady.some((a) => a.loginId === 'sue.setup@example.com'));

        const [entry] = await accessLogEntries(otto, { userId: sue.id });
        assert.deepEqual([entry?.result, entry?.reason, entry?.otpMethod], ['allowed', 'allowed', 'authenticator-app']);

        // From now on she answers OTP like any admin.
        clock.advance(30_000);
        const next = new HttpClient(server.baseUrl);
        assert.equal(
          (await submitLogin(next, 'sue.setup@example.com', GOOD_PASSWORD)).headers.get('location'),
          OTP_PAGE,
        );
        assert.equal((await submitOtp(next, totpCode(secret, clock.now()))).status, 303);
      },
    );

    it('denies an admin without OTP with the SPEC message when the tenant chose "deny"', async () => {
      const rory = await addUser(otto, {
        loginId: 'rory.readonly@example.com',
        displayName: 'Rory',
        role: 'read-only-admin',
      });
      // Unused emergency tokens would answer the OTP step (the way back in of `gatehouse admin recover`).
      const tokens = (await otto.api('GET', `/users/${rory.id}/emergency-tokens`)).json<{ items: { id: string }[] }>()
        .items;
      for (const token of tokens)
        assert.equal((await otto.api('DELETE', `/users/${rory.id}/emergency-tokens/${token.id}`)).status, 204);
      await enforceFrom(clock.now() - 60_000, 'deny');
      try {
        const browser = new HttpClient(server.baseUrl);
        const denied = await submitLogin(browser, 'rory.readonly@example.com', GOOD_PASSWORD);
        assert.equal(denied.status, 403);
        assert.equal(pageError(denied), OTP_NOT_CONFIGURED);
        assert.equal(setCookieHeader(denied, 'gatehouse_session'), undefined);
        assert.equal(setCookieHeader(denied, 'gatehouse_signin'), undefined);
        const [entry] = await accessLogEntries(otto, { userId: rory.id });
        assert.deepEqual([entry?.result, entry?.reason], ['denied', 'otp-not-configured']);
        assert.ok((await status()).adminsNotReady.some((a) => a.loginId === 'rory.readonly@example.com'));
      } finally {
        await otto.api('PATCH', '/settings', { adminOtpMissing: 'setup' });
      }
      const setup = await submitLogin(new HttpClient(server.baseUrl), 'rory.readonly@example.com', GOOD_PASSWORD);
      assert.equal(setup.headers.get('location'), SETUP, 'with "setup" again, the same admin is taken to the setup');
    });
  });
}
