// SPEC §5.1 in the real login flow: every message a user can meet between the password and the portal, the OTP
// step with its retries, its limit and its part in lockout, the session the group's cookie setting makes, and the
// Access Log line each attempt leaves (SPEC §7). No TRUST_PROXY here: the client is 127.0.0.1, whatever it claims.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { totpCode } from '../../src/core/otp/totp.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient, type HttpAnswer } from '../support/http-client.js';
import { secretOfOtpauthUri, startTotpSetup } from '../support/otp-tools.js';
import {
  accessLogEntries,
  addGroup,
  addUser,
  type ApiGroup,
  type ApiUser,
  GOOD_PASSWORD,
  pageError,
  setCookieHeader,
  signedInClient,
  submitLogin,
  submitOtp,
} from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const POLICY_DENIED = '403 Login denied by the policy. Access is not allowed.';
const OTP_NOT_CONFIGURED =
  '403 Login denied by the policy. OTP not configured, but OTP input is required. Access is not allowed.';
const INVALID_OTP = 'Invalid one-time password.';
const TOO_MANY_OTP = 'Too many invalid one-time passwords. Please log in again.';
const LOCKED = '403 Your account is locked. Please try logging in again after some time.';
const ATTEMPT_EXPIRED = 'This login attempt has expired. Please log in again.';
const HOUR = 3_600_000;

const OTP_PAGE = '/portal/example.com/login/otp';
const PORTAL = '/portal/example.com/';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`sign-in: policy messages, the OTP step and Access Logs (${dialect})`, { skip }, () => {
    // A Monday morning near the time these tests were written, so that the clock looks like a real one.
    const clock = new ManualClock(Date.UTC(2026, 10, 30, 10, 0, 10));
    let server: TestServer;
    let admin: HttpClient;
    let alwaysOtp: ApiGroup;

    before(async () => {
      server = await startTestServer(dialect, { clock });
      admin = await signedInClient(server, undefined, undefined, { keepMeLoggedIn: true });
      alwaysOtp = await addGroup(admin, {
        displayName: 'Always OTP',
        skipOtp: 'always-require',
        cookieExpirationHours: 12,
      });
    });
    after(async () => server?.close());

    /** A user with an authenticator app registered; answers the app's secret. Moves the clock past the code used. */
    async function userWithApp(local: string, groupId = alwaysOtp.id): Promise<{ user: ApiUser; secret: string }> {
      const user = await addUser(admin, { loginId: `${local}@example.com`, displayName: local, groupId });
      const setup = await startTotpSetup(admin, user.id);
      const secret = secretOfOtpauthUri(setup.otpauthUri);
      const confirmed = await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, {
        code: totpCode(secret, clock.now()),
      });
      assert.equal(confirmed.status, 200, confirmed.text);
      // The code used at registration is spent (replay guard): the first sign-in needs the next one.
      clock.advance(30_000);
      return { user, secret };
    }

    /** A code that is valid for none of the steps the server accepts now. */
    function wrongCodeFor(secret: string): string {
      const valid = new Set([-30_000, 0, 30_000].map((offset) => totpCode(secret, clock.now() + offset)));
      for (let n = 123456; ; n = (n + 111_111) % 1_000_000) {
        const candidate = String(n).padStart(6, '0');
        if (!valid.has(candidate)) return candidate;
      }
    }

    function assertOtpPage(answer: HttpAnswer, error?: string): void {
      assert.match(answer.headers.get('content-type') ?? '', /text\/html/);
      assert.match(answer.text, /<h1>One-Time Password<\/h1>/);
      assert.match(answer.text, /<button type="submit">Verify<\/button>/);
      assert.equal(pageError(answer), error);
    }

    async function portalStatus(client: HttpClient): Promise<number> {
      return (await client.request('GET', PORTAL)).status;
    }

    async function userView(id: string): Promise<ApiUser> {
      const answer = await admin.api('GET', `/users/${id}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<ApiUser>();
    }

    it('denies a sign-in the allow condition excludes, only after the right password, and logs it', async () => {
      const partners = await addGroup(admin, {
        displayName: 'Partner network',
        allowAccess: 'conditions',
        allowCondition: 'ip4:203.0.113.0/24',
      });
      const user = await addUser(admin, { loginId: 'pat.partner@example.com', groupId: partners.id });

      const wrongPassword = await submitLogin(
        new HttpClient(server.baseUrl),
        'pat.partner@example.com',
        'Not-The-Passw0rd',
      );
      assert.equal(wrongPassword.status, 401);
      assert.equal(
        pageError(wrongPassword),
        'Invalid login ID or password.',
        'a wrong password does not learn about the policy',
      );

      const browser = new HttpClient(server.baseUrl);
      const denied = await submitLogin(browser, 'pat.partner@example.com', GOOD_PASSWORD);
      assert.equal(denied.status, 403);
      assert.equal(pageError(denied), POLICY_DENIED);
      assert.equal(setCookieHeader(denied, 'gatehouse_session'), undefined, 'no session');
      assert.equal(setCookieHeader(denied, 'gatehouse_signin'), undefined, 'no OTP step either');
      assert.equal(await portalStatus(browser), 303, 'the portal still sends the browser to the login page');

      const [latest, earlier] = await accessLogEntries(admin, { userId: user.id });
      assert.deepEqual(
        [latest?.result, latest?.reason, latest?.ip, latest?.loginId],
        ['denied', 'policy-denied', '127.0.0.1', 'pat.partner@example.com'],
      );
      assert.deepEqual([earlier?.result, earlier?.reason], ['denied', 'invalid-credentials']);
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      const partners = (await admin.api('GET', '/groups'))
        .json<{ items: ApiGroup[] }>()
        .items.find((g) => g.displayName === 'Partner network');
      assert.ok(partners);
      const user = await addUser(admin, { loginId: 'xavier.forwarded@example.com', groupId: partners.id });
      for (const claimed of ['203.0.113.5', '203.0.113.5, 127.0.0.1', '127.0.0.1, 203.0.113.5']) {
        const answer = await submitLogin(
          new HttpClient(server.baseUrl),
          'xavier.forwarded@example.com',
          GOOD_PASSWORD,
          { ip: claimed },
        );
        assert.equal(answer.status, 403, `X-Forwarded-For: ${claimed} must not get in`);
        assert.equal(pageError(answer), POLICY_DENIED);
      }
      const entries = await accessLogEntries(admin, { userId: user.id });
      assert.equal(entries.length, 3);
      assert.ok(
        entries.every((entry) => entry.ip === '127.0.0.1' && entry.reason === 'policy-denied'),
        JSON.stringify(entries),
      );
    });

    it('says "OTP not configured" to a user whom the group asks for OTP and who has no method and no token left', async () => {
      const user = await addUser(admin, { loginId: 'nora.nootp@example.com', groupId: alwaysOtp.id });

      // With emergency tokens, the OTP step still has an answer: the token.
      const withTokens = await submitLogin(new HttpClient(server.baseUrl), 'nora.nootp@example.com', GOOD_PASSWORD);
      assert.equal(withTokens.status, 303);
      assert.equal(withTokens.headers.get('location'), OTP_PAGE);

      const tokens = (await admin.api('GET', `/users/${user.id}/emergency-tokens`)).json<{
        items: { id: string; usedAt: string | null }[];
      }>();
      assert.equal(tokens.items.length, 5);
      for (const token of tokens.items)
        assert.equal((await admin.api('DELETE', `/users/${user.id}/emergency-tokens/${token.id}`)).status, 204);

      const browser = new HttpClient(server.baseUrl);
      const denied = await submitLogin(browser, 'nora.nootp@example.com', GOOD_PASSWORD);
      assert.equal(denied.status, 403);
      assert.equal(pageError(denied), OTP_NOT_CONFIGURED);
      assert.equal(setCookieHeader(denied, 'gatehouse_session'), undefined);
      assert.equal(setCookieHeader(denied, 'gatehouse_signin'), undefined);

      const [latest] = await accessLogEntries(admin, { userId: user.id });
      assert.deepEqual([latest?.result, latest?.reason], ['denied', 'otp-not-configured']);
    });

    it('asks for the one-time password, says a wrong one is wrong, and lets the user retry', async () => {
      const { user, secret } = await userWithApp('olga.otp');
      const browser = new HttpClient(server.baseUrl);
      const password = await submitLogin(browser, 'olga.otp@example.com', GOOD_PASSWORD);
      assert.equal(password.status, 303);
      assert.equal(password.headers.get('location'), OTP_PAGE);
      assert.equal(setCookieHeader(password, 'gatehouse_session'), undefined, 'the password alone makes no session');
      assert.equal(await portalStatus(browser), 303, 'not signed in yet');

      const challenge = await browser.request('GET', OTP_PAGE);
      assert.equal(challenge.status, 200);
      assertOtpPage(challenge);
      assert.match(challenge.text, /authenticator app/);

      const wrong = await submitOtp(browser, wrongCodeFor(secret));
      assert.equal(wrong.status, 400);
      assertOtpPage(wrong, INVALID_OTP);
      assert.equal(setCookieHeader(wrong, 'gatehouse_session'), undefined);
      assert.equal((await userView(user.id)).failedLoginCount, 1, 'a wrong code counts towards lockout');

      const right = await submitOtp(browser, totpCode(secret, clock.now()));
      assert.equal(right.status, 303, right.text.slice(0, 300));
      assert.equal(right.headers.get('location'), PORTAL);
      assert.ok(setCookieHeader(right, 'gatehouse_session'));
      assert.equal(await portalStatus(browser), 200, 'signed in');
      assert.equal((await userView(user.id)).failedLoginCount, 0, 'a successful sign-in starts the count again');

      const entries = await accessLogEntries(admin, { userId: user.id });
      assert.deepEqual(
        entries.map((e) => [e.result, e.reason, e.otpMethod]),
        [
          ['allowed', 'allowed', 'authenticator-app'],
          ['denied', 'otp-invalid', 'authenticator-app'],
        ],
      );
    });

    it('ends the attempt after five wrong codes, each counting towards lockout; a new sign-in works', async () => {
      const { user, secret } = await userWithApp('fred.fumble');
      const browser = new HttpClient(server.baseUrl);
      assert.equal((await submitLogin(browser, 'fred.fumble@example.com', GOOD_PASSWORD)).status, 303);
      const attemptCookie = browser.cookies.get('gatehouse_signin');
      assert.ok(attemptCookie);

      for (let i = 1; i <= 4; i++) {
        const wrong = await submitOtp(browser, wrongCodeFor(secret));
        assert.equal(wrong.status, 400, `wrong code ${i}`);
        assertOtpPage(wrong, INVALID_OTP);
        assert.equal((await userView(user.id)).failedLoginCount, i, `wrong code ${i} counts towards lockout`);
      }
      const fifth = await submitOtp(browser, wrongCodeFor(secret));
      assert.equal(fifth.status, 401);
      assert.equal(pageError(fifth), TOO_MANY_OTP);
      assert.match(fifth.text, /name="password"/, 'back at the login form');
      assert.equal(browser.cookies.has('gatehouse_signin'), false, 'the attempt cookie is cleared');
      const view = await userView(user.id);
      assert.equal(view.failedLoginCount, 5);
      assert.equal(view.status, 'enabled', 'five is below the default threshold of 10');

      // Even the right code no longer completes that attempt, should the browser still hold its cookie.
      const replayed = new HttpClient(server.baseUrl);
      replayed.cookies.set('gatehouse_signin', attemptCookie);
      const afterEnd = await submitOtp(replayed, totpCode(secret, clock.now()));
      assert.equal(afterEnd.status, 401);
      assert.equal(pageError(afterEnd), ATTEMPT_EXPIRED);
      assert.equal(setCookieHeader(afterEnd, 'gatehouse_session'), undefined);

      const entries = await accessLogEntries(admin, { userId: user.id });
      assert.deepEqual(
        entries.map((e) => [e.result, e.reason]),
        [['denied', 'otp-too-many-attempts'], ...Array.from({ length: 5 }, () => ['denied', 'otp-invalid'])],
      );

      // "Please log in again": a new sign-in with the right code gets in.
      assert.equal((await submitLogin(browser, 'fred.fumble@example.com', GOOD_PASSWORD)).status, 303);
      const right = await submitOtp(browser, totpCode(secret, clock.now()));
      assert.equal(right.status, 303, right.text.slice(0, 300));
      assert.equal(await portalStatus(browser), 200);
      assert.equal((await userView(user.id)).failedLoginCount, 0);
    });

    it('locks the account when wrong codes reach the tenant lockout threshold', async () => {
      const changed = await admin.api('PATCH', '/settings', { lockoutThreshold: 3 });
      assert.equal(changed.status, 200, changed.text);
      try {
        const { user, secret } = await userWithApp('lena.locked');
        const browser = new HttpClient(server.baseUrl);
        assert.equal((await submitLogin(browser, 'lena.locked@example.com', GOOD_PASSWORD)).status, 303);
        for (let i = 1; i <= 2; i++) {
          const wrong = await submitOtp(browser, wrongCodeFor(secret));
          assert.equal(wrong.status, 400);
          assert.equal(pageError(wrong), INVALID_OTP);
        }
        const third = await submitOtp(browser, wrongCodeFor(secret));
        assert.equal(third.status, 403);
        assert.equal(pageError(third), LOCKED);
        assert.equal(setCookieHeader(third, 'gatehouse_session'), undefined);
        const view = await userView(user.id);
        assert.equal(view.status, 'locked');
        assert.equal(view.failedLoginCount, 3);

        // Locked: even the right password and the right code do not get in.
        const again = await submitLogin(new HttpClient(server.baseUrl), 'lena.locked@example.com', GOOD_PASSWORD);
        assert.equal(again.status, 403);
        assert.equal(pageError(again), LOCKED);

        const entries = await accessLogEntries(admin, { userId: user.id });
        assert.deepEqual(
          entries.map((e) => [e.result, e.reason]),
          [
            ['denied', 'account-locked'],
            ['denied', 'account-locked'],
            ['denied', 'otp-invalid'],
            ['denied', 'otp-invalid'],
            ['denied', 'otp-invalid'],
          ],
        );

        assert.equal((await admin.api('POST', `/users/${user.id}/unlock`)).status, 200);
        clock.advance(30_000);
        const unlocked = new HttpClient(server.baseUrl);
        assert.equal((await submitLogin(unlocked, 'lena.locked@example.com', GOOD_PASSWORD)).status, 303);
        assert.equal((await submitOtp(unlocked, totpCode(secret, clock.now()))).status, 303);
      } finally {
        await admin.api('PATCH', '/settings', { lockoutThreshold: 10 });
      }
    });

    it('records every attempt of every user in the Access Logs, and ?userId= keeps to one user', async () => {
      const all = await accessLogEntries(admin);
      const reasons = new Set(all.map((e) => e.reason));
      for (const reason of [
        'allowed',
        'invalid-credentials',
        'policy-denied',
        'otp-not-configured',
        'otp-invalid',
        'otp-too-many-attempts',
        'account-locked',
      ] as const)
        assert.ok(reasons.has(reason), `the Access Logs hold a "${reason}" entry`);
      assert.ok(
        all.every((e, i) => i === 0 || e.at <= (all[i - 1] as { at: string }).at),
        'newest first',
      );
      assert.ok(new Set(all.map((e) => e.loginId)).size >= 6);
      const olga = all.find((e) => e.loginId === 'olga.otp@example.com');
      assert.ok(olga);
      const hers = await accessLogEntries(admin, { userId: olga.userId });
      assert.ok(hers.length > 0 && hers.every((e) => e.loginId === 'olga.otp@example.com'));
      assert.deepEqual(
        hers.map((e) => e.id),
        all.filter((e) => e.userId === olga.userId).map((e) => e.id),
      );
    });

    it("gives a new session after the OTP step, lasting the group's Authentication Cookie Expiration", async () => {
      const { secret } = await userWithApp('kim.keep');
      const other = await addUser(admin, { loginId: 'sam.shared@example.com' });
      assert.ok(other.id);

      // The same browser was signed in as somebody else before (a shared computer).
      const browser = await signedInClient(server, 'sam.shared@example.com', GOOD_PASSWORD);
      const earlierSession = browser.cookies.get('gatehouse_session');
      assert.ok(earlierSession);

      const password = await submitLogin(browser, 'kim.keep@example.com', GOOD_PASSWORD, { keepMeLoggedIn: true });
      assert.equal(password.status, 303);
      assert.equal(setCookieHeader(password, 'gatehouse_session'), undefined, 'no session is made before the OTP step');
      const pending = browser.cookies.get('gatehouse_signin');
      assert.ok(pending, 'the pre-OTP state lives in its own cookie');
      const probe = new HttpClient(server.baseUrl);
      probe.cookies.set('gatehouse_session', pending);
      assert.equal(await portalStatus(probe), 303, 'the pre-OTP cookie is not a session');

      const signedIn = await submitOtp(browser, totpCode(secret, clock.now()));
      assert.equal(signedIn.status, 303, signedIn.text.slice(0, 300));
      const cookie = setCookieHeader(signedIn, 'gatehouse_session');
      assert.ok(cookie);
      const session = browser.cookies.get('gatehouse_session');
      assert.ok(session);
      for (const earlier of [earlierSession, pending])
        assert.notEqual(session.split('.')[0], earlier.split('.')[0], 'a new session id');
      assert.equal(browser.cookies.has('gatehouse_signin'), false, 'the attempt cookie is cleared');

      const expires = /;\s*Expires=([^;]+)/i.exec(cookie)?.[1];
      assert.ok(expires, `a "Keep me logged in" cookie has an Expires: ${cookie}`);
      const lifetime = Date.parse(expires) - clock.now();
      assert.ok(
        Math.abs(lifetime - 12 * HOUR) < 2000,
        `the cookie lives the group's 12 hours, not ${lifetime / HOUR} h`,
      );

      const earlierBrowser = new HttpClient(server.baseUrl);
      earlierBrowser.cookies.set('gatehouse_session', earlierSession);
      assert.equal(await portalStatus(earlierBrowser), 303, 'the session the browser had before has ended');

      assert.equal(await portalStatus(browser), 200);
      clock.advance(12 * HOUR - 60_000);
      assert.equal(await portalStatus(browser), 200, 'still signed in just before the 12 hours end');
      clock.advance(2 * 60_000);
      assert.equal(await portalStatus(browser), 303, 'signed out when the 12 hours are over');
    });

    it('makes a browser-session cookie without "Keep me logged in", still ended by the group lifetime', async () => {
      const { secret } = await userWithApp('bea.browser');
      const browser = new HttpClient(server.baseUrl);
      assert.equal((await submitLogin(browser, 'bea.browser@example.com', GOOD_PASSWORD)).status, 303);
      const signedIn = await submitOtp(browser, totpCode(secret, clock.now()));
      const cookie = setCookieHeader(signedIn, 'gatehouse_session');
      assert.ok(cookie);
      assert.doesNotMatch(cookie, /Expires=|Max-Age=/i, 'ends with the browser');
      // Keep the session busy so that the idle limit does not end it first.
      for (let hours = 0; hours < 12; hours += 0.75) {
        clock.advance(0.75 * HOUR);
        if (hours + 0.75 < 12)
          assert.equal(await portalStatus(browser), 200, `still signed in after ${hours + 0.75} h of use`);
      }
      assert.equal(await portalStatus(browser), 303, 'the group lifetime is also the longest a session lasts');
    });
  });
}
