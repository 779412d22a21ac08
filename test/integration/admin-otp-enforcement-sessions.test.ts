// C6 (SPEC §5.3): once admin OTP enforcement applies, a session opened without an OTP step no longer carries an
// administrator, however long it would still live: the admin API answers 403 otp_required until its admin signs
// in again with OTP. Sessions opened with OTP, and the portal, are not concerned.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { totpCode } from '../../src/core/otp/totp.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { secretOfOtpauthUri, startTotpSetup } from '../support/otp-tools.js';
import {
  addGroup,
  addUser,
  type ApiUser,
  assertApiError,
  GOOD_PASSWORD,
  signedInClient,
  submitLogin,
  submitOtp,
} from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const HOUR = 3_600_000;
const OTP_PAGE = '/portal/example.com/login/otp';
const SIGN_IN_AGAIN = /Log in again with OTP/;

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`admin OTP enforcement reaches sessions already open (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 30, 10, 0, 10));
    let server: TestServer;
    /** The initial Global Admin, signed in with the password alone before enforcement ("Keep me logged in"). */
    let admin: HttpClient;
    let adminUser: ApiUser;
    /** A User Admin, signed in the same way. */
    let helpdesk: HttpClient;
    /** A Global Admin whose group always asks for OTP: her session was opened with one. */
    let otto: HttpClient;
    const secrets = new Map<string, string>();

    /** Registers an authenticator app for a user through the admin API; answers its secret. */
    async function registerApp(by: HttpClient, user: ApiUser): Promise<string> {
      const setup = await startTotpSetup(by, user.id);
      const secret = secretOfOtpauthUri(setup.otpauthUri);
      const confirm = await by.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, {
        code: totpCode(secret, clock.now()),
      });
      assert.equal(confirm.status, 200, confirm.text);
      clock.advance(30_000);
      return secret;
    }

    /** A sign-in through the login form that passes the OTP step; answers the browser. */
    async function signInWithOtp(loginId: string, password: string): Promise<HttpClient> {
      const browser = new HttpClient(server.baseUrl);
      const login = await submitLogin(browser, loginId, password, { keepMeLoggedIn: true });
      assert.equal(login.headers.get('location'), OTP_PAGE, `${loginId} is asked for OTP`);
      const otp = await submitOtp(browser, totpCode(secrets.get(loginId) ?? '', clock.now()));
      assert.equal(otp.status, 303, otp.text.slice(0, 300));
      clock.advance(30_000);
      return browser;
    }

    before(async () => {
      server = await startTestServer(dialect, { clock });
      admin = await signedInClient(server, undefined, undefined, { keepMeLoggedIn: true });
      adminUser = (await admin.api('GET', '/me')).json<{ user: ApiUser }>().user;
      const otpAlways = await addGroup(admin, { displayName: 'OTP always', skipOtp: 'always-require' });
      const ottoUser = await addUser(admin, {
        loginId: 'otto@example.com',
        role: 'global-admin',
        groupId: otpAlways.id,
      });
      const halUser = await addUser(admin, { loginId: 'hal@example.com', role: 'user-admin' });
      secrets.set(ottoUser.loginId, await registerApp(admin, ottoUser));
      otto = await signInWithOtp(ottoUser.loginId, GOOD_PASSWORD);
      helpdesk = await signedInClient(server, halUser.loginId, GOOD_PASSWORD, { keepMeLoggedIn: true });
    });
    after(async () => server?.close());

    it('lets every admin in while enforcement lies ahead, with or without OTP', async () => {
      for (const client of [admin, helpdesk, otto]) assert.equal((await client.api('GET', '/me')).status, 200);
      const scheduled = await otto.api('PATCH', '/settings', {
        adminOtpEnforcement: 'scheduled',
        adminOtpEnforcedFrom: new Date(clock.now() + 2 * HOUR).toISOString(),
      });
      assert.equal(scheduled.status, 200, scheduled.text);
      assert.equal((await admin.api('GET', '/users')).status, 200);
    });

    it('closes the admin API to sessions opened without OTP once "Enforced from" has passed', async () => {
      clock.advance(2 * HOUR);
      for (const client of [admin, helpdesk]) {
        for (const [method, path, body] of [
          ['GET', '/me'],
          ['GET', '/users'],
          ['GET', `/users/${adminUser.id}`],
          ['PATCH', '/settings', { loginPageTitle: 'Taken over' }],
          ['POST', '/users', { loginId: 'sneaky@example.com' }],
        ] as const) {
          const refusal = assertApiError(await client.api(method, path, body), 403, 'otp_required');
          assert.match(refusal.message, SIGN_IN_AGAIN, `${method} ${path}`);
        }
      }
      const settings = await otto.api('GET', '/settings');
      assert.equal(settings.status, 200, 'a session opened with OTP keeps working');
      assert.equal(settings.json<{ loginPageTitle: string }>().loginPageTitle, 'Gatehouse', 'nothing was changed');
      assert.equal((await otto.api('GET', '/users?q=sneaky')).json<{ total: number }>().total, 0);
    });

    it('still opens the portal to such a session, where OTP Settings are', async () => {
      assert.equal((await admin.request('GET', '/portal/example.com/otp')).status, 200);
      const console = await admin.request('GET', '/admin/example.com/', { headers: { accept: 'text/html' } });
      assert.equal(console.status, 200, 'the console page loads, to say why its API refuses');
    });

    it('applies "Enforced now" at once, and lets the admin back in after a sign-in with OTP', async () => {
      const off = await otto.api('PATCH', '/settings', { adminOtpEnforcement: 'off' });
      assert.equal(off.status, 200, off.text);
      assert.equal((await admin.api('GET', '/me')).status, 200, 'without enforcement the old session works again');
      assert.equal((await otto.api('PATCH', '/settings', { adminOtpEnforcement: 'now' })).status, 200);
      assertApiError(await admin.api('GET', '/me'), 403, 'otp_required');

      secrets.set(ADMIN_LOGIN, await registerApp(otto, adminUser));
      // Registering OTP is not enough: the session was still opened without it.
      assertApiError(await admin.api('GET', '/me'), 403, 'otp_required');
      const again = await signInWithOtp(ADMIN_LOGIN, ADMIN_PASSWORD);
      const me = await again.api('GET', '/me');
      assert.equal(me.status, 200, me.text);
      assert.equal((await again.api('PATCH', '/settings', { loginPageTitle: 'Welcome' })).status, 200);
    });
  });
}
