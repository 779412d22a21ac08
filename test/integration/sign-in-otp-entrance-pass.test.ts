// SPEC §5.2 and the usual recipe "skip OTP when ipset:office or has_pass:true": a sign-in from the office skips OTP
// and earns the browser an entrance pass; the pass then skips OTP from anywhere until it expires or is revoked.
// The server trusts 127.0.0.1 as a proxy, so X-Forwarded-For says where each simulated browser is.
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
  setCookieHeader,
  signedInClient,
  submitLogin,
  submitOtp,
} from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const OFFICE = '198.51.100.23';
const CAFE = '203.0.113.77';
const DAY = 86_400_000;
const OTP_PAGE = '/portal/example.com/login/otp';
const PORTAL = '/portal/example.com/';

interface ApiPass {
  id: string;
  issuedAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  ip: string;
  userAgent: string;
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`sign-in: entrance passes and skipping OTP from the office (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 30, 10, 0, 10));
    let server: TestServer;
    let admin: HttpClient;
    let officeGroup: ApiGroup;

    /** The admin's console session; signed in again after the clock has jumped past it. */
    async function adminApi(method: string, path: string, json?: unknown): Promise<HttpAnswer> {
      let answer = await admin.api(method, path, json);
      if (answer.status === 401) {
        admin = await signedInClient(server, undefined, undefined, { keepMeLoggedIn: true });
        answer = await admin.api(method, path, json);
      }
      return answer;
    }

    before(async () => {
      server = await startTestServer(dialect, { clock, env: { TRUST_PROXY: '127.0.0.1' } });
      admin = await signedInClient(server, undefined, undefined, { keepMeLoggedIn: true });
      // The clock jumps weeks ahead below; the admin's own OTP enforcement is not what this file is about.
      const settings = await admin.api('PATCH', '/settings', { adminOtpEnforcement: 'off' });
      assert.equal(settings.status, 200, settings.text);
      const ipSet = await admin.api('POST', '/ip-sets', {
        identifier: 'office',
        displayName: 'Head office',
        entries: ['198.51.100.0/24'],
      });
      assert.equal(ipSet.status, 201, ipSet.text);
      const passes = await admin.api('PATCH', '/settings', {
        entrancePass: 'conditions',
        entrancePassCondition: 'ipset:office',
        entrancePassLifetimeDays: 30,
      });
      assert.equal(passes.status, 200, passes.text);
      officeGroup = await addGroup(admin, {
        displayName: 'Office or pass',
        skipOtp: 'conditions',
        skipOtpCondition: 'ipset:office or has_pass:true',
      });
    });
    after(async () => server?.close());

    async function userWithApp(local: string): Promise<{ user: ApiUser; secret: string }> {
      await adminApi('GET', '/me');
      const user = await addUser(admin, {
        loginId: `${local}@example.com`,
        displayName: local,
        groupId: officeGroup.id,
      });
      const setup = await startTotpSetup(admin, user.id);
      const secret = secretOfOtpauthUri(setup.otpauthUri);
      const confirmed = await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, {
        code: totpCode(secret, clock.now()),
      });
      assert.equal(confirmed.status, 200, confirmed.text);
      clock.advance(30_000);
      return { user, secret };
    }

    /** Signs in from `ip` and answers where the browser is sent: the portal (OTP skipped) or the OTP step. */
    async function signInFrom(browser: HttpClient, loginId: string, ip: string): Promise<HttpAnswer> {
      const answer = await submitLogin(browser, `${loginId}@example.com`, GOOD_PASSWORD, { ip });
      assert.equal(answer.status, 303, `sign-in from ${ip}: ${answer.status} ${answer.text.slice(0, 300)}`);
      return answer;
    }

    async function passesOf(userId: string): Promise<ApiPass[]> {
      const answer = await adminApi('GET', `/users/${userId}/entrance-passes`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ items: ApiPass[] }>().items;
    }

    it('skips OTP in the office and gives the browser a pass that lasts the configured days', async () => {
      const { user } = await userWithApp('olivia.office');
      const browser = new HttpClient(server.baseUrl);
      const inOffice = await signInFrom(browser, 'olivia.office', OFFICE);
      assert.equal(inOffice.headers.get('location'), PORTAL, 'no OTP step in the office');
      assert.ok(setCookieHeader(inOffice, 'gatehouse_session'));
      const passCookie = setCookieHeader(inOffice, 'gatehouse_pass');
      assert.ok(passCookie, 'an entrance pass is issued in the office');
      assert.match(passCookie, /HttpOnly/i);
      const expires = /;\s*Expires=([^;]+)/i.exec(passCookie)?.[1];
      assert.ok(expires, passCookie);
      assert.ok(Math.abs(Date.parse(expires) - (clock.now() + 30 * DAY)) < 2000, `the pass lives 30 days: ${expires}`);
      assert.doesNotMatch(
        passCookie,
        new RegExp(browser.cookies.get('gatehouse_session') ?? 'no session'),
        'the pass is not the session',
      );

      const [pass, ...more] = await passesOf(user.id);
      assert.equal(more.length, 0);
      assert.equal(pass?.ip, OFFICE, 'the pass remembers where it was issued');
      assert.equal(pass?.expiresAt, new Date(clock.now() + 30 * DAY).toISOString());

      const [entry] = await accessLogEntries(admin, { userId: user.id });
      assert.deepEqual([entry?.result, entry?.reason, entry?.ip, entry?.otpMethod], ['allowed', 'allowed', OFFICE, '']);
    });

    it('skips OTP away from the office only for a browser holding the pass', async () => {
      const { user, secret } = await userWithApp('paul.pass');
      const laptop = new HttpClient(server.baseUrl);
      await signInFrom(laptop, 'paul.pass', OFFICE);
      assert.ok(laptop.cookies.has('gatehouse_pass'));

      clock.advance(3 * DAY);
      const atCafe = await signInFrom(laptop, 'paul.pass', CAFE);
      assert.equal(atCafe.headers.get('location'), PORTAL, 'the pass skips OTP at the cafe');
      assert.equal(setCookieHeader(atCafe, 'gatehouse_pass'), undefined, 'no second pass is issued outside the office');
      assert.equal((await laptop.request('GET', PORTAL)).status, 200);
      const [pass] = await passesOf(user.id);
      assert.equal(pass?.lastUsedAt, new Date(clock.now()).toISOString(), 'the pass shows when it was last used');

      const phone = new HttpClient(server.baseUrl);
      const noPass = await signInFrom(phone, 'paul.pass', CAFE);
      assert.equal(noPass.headers.get('location'), OTP_PAGE, 'without the pass, OTP is required at the cafe');
      assert.equal((await phone.request('GET', PORTAL)).status, 303);
      const otp = await submitOtp(phone, totpCode(secret, clock.now()), { ip: CAFE });
      assert.equal(otp.status, 303, otp.text.slice(0, 300));
      assert.equal(setCookieHeader(otp, 'gatehouse_pass'), undefined, 'a sign-in outside the office earns no pass');
      assert.equal(phone.cookies.has('gatehouse_pass'), false);
      assert.equal((await passesOf(user.id)).length, 1);

      const entries = await accessLogEntries(admin, { userId: user.id });
      assert.deepEqual(
        entries.map((e) => [e.ip, e.result, e.otpMethod]),
        [
          [CAFE, 'allowed', 'authenticator-app'],
          [CAFE, 'allowed', ''],
          [OFFICE, 'allowed', ''],
        ],
      );
    });

    it("does not accept one user's pass for another", async () => {
      await userWithApp('ada.owner');
      await userWithApp('ben.borrower');
      const shared = new HttpClient(server.baseUrl);
      await signInFrom(shared, 'ada.owner', OFFICE);
      assert.ok(shared.cookies.has('gatehouse_pass'));
      const borrowed = await signInFrom(shared, 'ben.borrower', CAFE);
      assert.equal(borrowed.headers.get('location'), OTP_PAGE);
    });

    it('asks for OTP again once the pass is revoked', async () => {
      const { user, secret } = await userWithApp('rita.revoked');
      const laptop = new HttpClient(server.baseUrl);
      await signInFrom(laptop, 'rita.revoked', OFFICE);
      assert.equal((await signInFrom(laptop, 'rita.revoked', CAFE)).headers.get('location'), PORTAL);

      const [pass] = await passesOf(user.id);
      assert.ok(pass);
      const revoked = await adminApi('DELETE', `/users/${user.id}/entrance-passes/${pass.id}`);
      assert.equal(revoked.status, 204, revoked.text);
      assert.deepEqual(await passesOf(user.id), []);
      assert.equal((await adminApi('DELETE', `/users/${user.id}/entrance-passes/${pass.id}`)).status, 404);

      assert.ok(laptop.cookies.has('gatehouse_pass'), 'the browser still holds the cookie');
      const afterRevoke = await signInFrom(laptop, 'rita.revoked', CAFE);
      assert.equal(afterRevoke.headers.get('location'), OTP_PAGE, 'a revoked pass skips nothing');
      assert.equal((await submitOtp(laptop, totpCode(secret, clock.now()), { ip: CAFE })).status, 303);

      const audit = (await adminApi('GET', '/audit-logs?operation=entrance-pass.revoke')).json<{
        items: { targetId: string }[];
      }>();
      assert.ok(
        audit.items.some((entry) => entry.targetId === user.id),
        'the revocation is in the Admin Operation Logs',
      );
    });

    it('honours the pass lifetime: OTP is required again once the pass has expired', async () => {
      const { user, secret } = await userWithApp('lars.lifetime');
      const laptop = new HttpClient(server.baseUrl);
      await signInFrom(laptop, 'lars.lifetime', OFFICE);
      const issuedAt = clock.now();

      clock.set(issuedAt + 30 * DAY - 60_000);
      assert.equal(
        (await signInFrom(laptop, 'lars.lifetime', CAFE)).headers.get('location'),
        PORTAL,
        'valid a minute before its 30 days end',
      );

      clock.set(issuedAt + 30 * DAY + 60_000);
      const expired = await signInFrom(laptop, 'lars.lifetime', CAFE);
      assert.equal(expired.headers.get('location'), OTP_PAGE, 'an expired pass skips nothing');
      assert.deepEqual(await passesOf(user.id), [], 'an expired pass is no longer listed');
      assert.equal((await submitOtp(laptop, totpCode(secret, clock.now()), { ip: CAFE })).status, 303);

      // Back in the office, the browser earns a fresh pass.
      const again = await signInFrom(laptop, 'lars.lifetime', OFFICE);
      assert.ok(setCookieHeader(again, 'gatehouse_pass'));
      assert.equal((await passesOf(user.id)).length, 1);
    });

    it('issues no pass when the tenant says Never, and one after any sign-in when it says Always', async () => {
      const { secret } = await userWithApp('nina.never');
      try {
        assert.equal((await adminApi('PATCH', '/settings', { entrancePass: 'never' })).status, 200);
        const inOffice = await signInFrom(new HttpClient(server.baseUrl), 'nina.never', OFFICE);
        assert.equal(inOffice.headers.get('location'), PORTAL);
        assert.equal(setCookieHeader(inOffice, 'gatehouse_pass'), undefined);

        assert.equal((await adminApi('PATCH', '/settings', { entrancePass: 'always' })).status, 200);
        const browser = new HttpClient(server.baseUrl);
        assert.equal((await signInFrom(browser, 'nina.never', CAFE)).headers.get('location'), OTP_PAGE);
        const otp = await submitOtp(browser, totpCode(secret, clock.now()), { ip: CAFE });
        assert.equal(otp.status, 303, otp.text.slice(0, 300));
        assert.ok(setCookieHeader(otp, 'gatehouse_pass'), 'Always: a pass even outside the office, after the OTP step');
      } finally {
        const restored = await adminApi('PATCH', '/settings', {
          entrancePass: 'conditions',
          entrancePassCondition: 'ipset:office',
        });
        assert.equal(restored.status, 200, restored.text);
      }
    });
  });
}
