import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { findUserByLoginId } from '../../src/store/users.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient, type HttpAnswer } from '../support/http-client.js';
import {
  addUser,
  assertApiError,
  type ApiUser,
  GOOD_PASSWORD,
  setCookieHeader,
  signedInClient,
  signInStatus,
  submitLogin,
} from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const INVALID = 'Invalid login ID or password.';
const LOCKED = '403 Your account is locked. Please try logging in again after some time.';
const MINUTE = 60_000;

/** The error paragraph of a re-shown login page. */
function loginError(answer: HttpAnswer): string | undefined {
  return /<p class="error" role="alert">([^<]*)<\/p>/.exec(answer.text)?.[1];
}

async function login(
  server: TestServer,
  loginId: string,
  password: string,
  extra: Record<string, string> = {},
): Promise<HttpAnswer> {
  return new HttpClient(server.baseUrl).login(loginId, password, extra);
}

/** Whether a browser holding exactly this session cookie value is signed in, asked of the admin API. */
async function meStatus(server: TestServer, sessionCookie: string): Promise<number> {
  const client = new HttpClient(server.baseUrl);
  client.cookies.set('gatehouse_session', sessionCookie);
  return (await client.request('GET', '/api/admin/example.com/v1/me')).status;
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`sign-in: messages, lockout, sessions and redirects (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    it('answers a wrong password and an unknown login ID alike, with the SPEC message and no session', async () => {
      await addUser(admin, { loginId: 'wrong@example.com' });
      const wrongPassword = await login(server, 'wrong@example.com', 'Not-The-Passw0rd');
      const unknown = await login(server, 'nobody@example.com', GOOD_PASSWORD);
      for (const answer of [wrongPassword, unknown]) {
        assert.equal(answer.status, 401);
        assert.match(answer.headers.get('content-type') ?? '', /text\/html/);
        assert.equal(loginError(answer), INVALID);
        assert.equal(setCookieHeader(answer, 'gatehouse_session'), undefined, 'no session cookie');
        assert.match(answer.text, /name="_csrf"/, 'the form is shown again, ready for another try');
      }
      assert.match(wrongPassword.text, /value="wrong@example\.com"/, 'the login ID is kept in the form');
    });

    it('accepts the login ID in any case and with surrounding spaces', async () => {
      await addUser(admin, { loginId: 'Case.Insensitive@example.com' });
      assert.equal(await signInStatus(server, 'CASE.insensitive@EXAMPLE.COM', GOOD_PASSWORD), 303);
      assert.equal(await signInStatus(server, '  case.insensitive@example.com ', GOOD_PASSWORD), 303);
    });

    it('answers a disabled account like a wrong password, even with the right one, and ends its sessions', async () => {
      const user = await addUser(admin, { loginId: 'disabled@example.com' });
      const browser = await signedInClient(server, user.loginId, GOOD_PASSWORD);
      assert.equal((await browser.request('GET', '/portal/example.com/')).status, 200);

      assert.equal((await admin.api('PATCH', `/users/${user.id}`, { status: 'disabled' })).status, 200);
      const answer = await login(server, user.loginId, GOOD_PASSWORD);
      assert.equal(answer.status, 401);
      assert.equal(loginError(answer), INVALID);
      assert.equal((await browser.request('GET', '/portal/example.com/')).status, 303, 'the open session has ended');
    });

    it('counts only consecutive failures: a successful login starts the count again', async () => {
      assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 3 })).status, 200);
      const user = await addUser(admin, { loginId: 'typo@example.com' });
      for (let round = 0; round < 2; round++) {
        assert.equal(await signInStatus(server, user.loginId, 'Typo-Passw0rd!'), 401);
        assert.equal(await signInStatus(server, user.loginId, 'Typo-Passw0rd!'), 401);
        assert.equal(await signInStatus(server, user.loginId, GOOD_PASSWORD), 303);
      }
      const seen = (await admin.api('GET', `/users/${user.id}`)).json<ApiUser>();
      assert.equal(seen.status, 'enabled');
      assert.equal(seen.failedLoginCount, 0);
    });

    it('locks an account after the tenant threshold, refuses even the right password, and an admin can unlock it', async () => {
      assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 3 })).status, 200);
      const user = await addUser(admin, { loginId: 'locked@example.com' });
      for (let attempt = 1; attempt <= 3; attempt++) {
        const answer = await login(server, user.loginId, `Wrong-Passw0rd-${attempt}`);
        assert.equal(answer.status, 401, `attempt ${attempt} is an ordinary failure`);
        assert.equal(loginError(answer), INVALID);
      }
      const refused = await login(server, user.loginId, GOOD_PASSWORD);
      assert.equal(refused.status, 403);
      assert.equal(loginError(refused), LOCKED);
      assert.equal(setCookieHeader(refused, 'gatehouse_session'), undefined);

      const seen = (await admin.api('GET', `/users/${user.id}`)).json<ApiUser>();
      assert.equal(seen.status, 'locked');
      assert.equal(seen.failedLoginCount, 3);
      assert.ok(
        seen.lockedUntil && Date.parse(seen.lockedUntil) > Date.now() + 25 * MINUTE,
        'locked for the default 30 minutes',
      );
      const listed = (await admin.api('GET', '/users?status=locked')).json<{ items: ApiUser[] }>().items;
      assert.deepEqual(
        listed.map((u) => u.loginId),
        ['locked@example.com'],
      );

      const unlocked = await admin.api('POST', `/users/${user.id}/unlock`);
      assert.equal(unlocked.status, 200);
      assert.equal(unlocked.json<ApiUser>().status, 'enabled');
      assert.equal(unlocked.json<ApiUser>().failedLoginCount, 0);
      assert.equal(await signInStatus(server, user.loginId, GOOD_PASSWORD), 303);
    });

    it('gives a new session id at every login and ends the session the browser had before', async () => {
      const browser = new HttpClient(server.baseUrl);
      const first = await browser.login(ADMIN_LOGIN, ADMIN_PASSWORD);
      const firstCookie = browser.cookies.get('gatehouse_session');
      assert.ok(firstCookie && setCookieHeader(first, 'gatehouse_session'));
      assert.equal(await meStatus(server, firstCookie), 200);

      const second = await browser.login(ADMIN_LOGIN, ADMIN_PASSWORD);
      assert.equal(second.status, 303);
      const secondCookie = browser.cookies.get('gatehouse_session');
      assert.ok(secondCookie);
      assert.notEqual(secondCookie, firstCookie);
      assert.notEqual(secondCookie.split('.')[0], firstCookie.split('.')[0], 'a new session id, not only a new secret');
      assert.equal(await meStatus(server, secondCookie), 200);
      assert.equal(await meStatus(server, firstCookie), 401, 'the old session no longer works');
    });

    it('sets a session cookie that outlives the browser only with "Keep me logged in"', async () => {
      const kept = await login(server, ADMIN_LOGIN, ADMIN_PASSWORD, { keepMeLoggedIn: 'yes' });
      const keptCookie = setCookieHeader(kept, 'gatehouse_session') ?? '';
      const expires = /;\s*Expires=([^;]+)/i.exec(keptCookie)?.[1];
      assert.ok(expires, `an Expires attribute: ${keptCookie}`);
      const lifetime = Date.parse(expires) - Date.now();
      assert.ok(lifetime > 167 * 60 * MINUTE && lifetime <= 168 * 60 * MINUTE, 'the default 168 hours');

      const plain = await login(server, ADMIN_LOGIN, ADMIN_PASSWORD);
      const plainCookie = setCookieHeader(plain, 'gatehouse_session') ?? '';
      assert.ok(plainCookie);
      assert.doesNotMatch(plainCookie, /Expires=|Max-Age=/i, 'a browser-session cookie');

      for (const cookie of [keptCookie, plainCookie]) {
        assert.match(cookie, /;\s*HttpOnly/i);
        assert.match(cookie, /;\s*SameSite=Lax/i);
        assert.match(cookie, /;\s*Path=\//i);
      }
    });

    it('ends the session at logout', async () => {
      const browser = await signedInClient(server);
      const cookie = browser.cookies.get('gatehouse_session') as string;
      const token = await browser.formToken('/portal/example.com/');
      const out = await browser.request('POST', '/portal/example.com/logout', { form: { _csrf: token } });
      assert.equal(out.status, 303);
      assert.equal(out.headers.get('location'), '/portal/example.com/login');
      assert.equal(browser.cookies.get('gatehouse_session'), undefined, 'the cookie is cleared');
      assert.equal(await meStatus(server, cookie), 401, 'the session is gone on the server too');
      assertApiError(await browser.request('GET', '/api/admin/example.com/v1/me'), 401, 'not_signed_in');
    });

    it('goes back to a safe `next` path after login, and to the portal for anything else', async () => {
      const nextOf = async (next: string) =>
        (await login(server, ADMIN_LOGIN, ADMIN_PASSWORD, { next })).headers.get('location');
      assert.equal(await nextOf('/portal/example.com/password'), '/portal/example.com/password');
      assert.equal(await nextOf('/admin/example.com/users'), '/admin/example.com/users');
      for (const unsafe of [
        '//evil.example',
        'https://evil.example',
        'https://evil.example/portal/example.com/',
        '/\\evil.example',
        '/portal/example.com//evil.example',
        'javascript:alert(1)',
        '/portal/other.example/',
      ]) {
        assert.equal(await nextOf(unsafe), '/portal/example.com/', `next=${unsafe}`);
      }
      assert.equal((await login(server, ADMIN_LOGIN, ADMIN_PASSWORD)).headers.get('location'), '/portal/example.com/');
    });

    it('brings a signed-out visitor back to the page they asked for', async () => {
      const browser = new HttpClient(server.baseUrl);
      const asked = await browser.request('GET', '/portal/example.com/password');
      assert.equal(asked.status, 303);
      const loginUrl = asked.headers.get('location') ?? '';
      assert.equal(loginUrl, '/portal/example.com/login?next=%2Fportal%2Fexample.com%2Fpassword');
      const page = await browser.request('GET', loginUrl);
      assert.match(page.text, /name="next" value="\/portal\/example\.com\/password"/);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const signedIn = await browser.request('POST', '/portal/example.com/login', {
        form: { _csrf: token, loginId: ADMIN_LOGIN, password: ADMIN_PASSWORD, next: '/portal/example.com/password' },
      });
      assert.equal(signedIn.headers.get('location'), '/portal/example.com/password');

      const evil = await new HttpClient(server.baseUrl).request(
        'GET',
        '/portal/example.com/login?next=%2F%2Fevil.example',
      );
      assert.match(evil.text, /name="next" value="\/portal\/example\.com\/"/, 'an unsafe next never reaches the form');
    });
  });

  describe(`sign-in with a moving clock: lock expiry and idle sessions (${dialect})`, { skip }, () => {
    let server: TestServer;
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 0));

    before(async () => {
      server = await startTestServer(dialect, { clock, env: { SESSION_IDLE_MINUTES: '30' } });
    });
    after(async () => server?.close());

    it('lets a locked-out user in again once lockoutMinutes have passed', async () => {
      const admin = await signedInClient(server);
      assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 3, lockoutMinutes: 5 })).status, 200);
      const user = await addUser(admin, { loginId: 'patient@example.com' });
      for (let i = 0; i < 3; i++) assert.equal(await signInStatus(server, user.loginId, 'Wrong-Passw0rd!'), 401);
      assert.equal(await signInStatus(server, user.loginId, GOOD_PASSWORD), 403);

      clock.advance(4 * MINUTE);
      assert.equal(await signInStatus(server, user.loginId, GOOD_PASSWORD), 403, 'still locked after 4 of 5 minutes');
      assert.equal((await admin.api('GET', `/users/${user.id}`)).json<ApiUser>().status, 'locked');

      clock.advance(MINUTE + 1000);
      assert.equal(
        (await admin.api('GET', `/users/${user.id}`)).json<ApiUser>().status,
        'enabled',
        'the lock has run out',
      );
      assert.equal(await signInStatus(server, user.loginId, GOOD_PASSWORD), 303);
    });

    it('does not re-lock an expired lock on the very next typo', async () => {
      const admin = await signedInClient(server);
      const user = await addUser(admin, { loginId: 'clumsy@example.com' });
      for (let i = 0; i < 3; i++) await signInStatus(server, user.loginId, 'Wrong-Passw0rd!');
      clock.advance(6 * MINUTE);
      assert.equal(await signInStatus(server, user.loginId, 'Wrong-Passw0rd!'), 401);
      assert.equal(await signInStatus(server, user.loginId, GOOD_PASSWORD), 303);
    });

    it('ends an idle session after SESSION_IDLE_MINUTES, but not while it is used', async () => {
      const browser = await signedInClient(server);
      const cookie = browser.cookies.get('gatehouse_session') as string;
      for (let i = 0; i < 3; i++) {
        clock.advance(20 * MINUTE);
        assert.equal(await meStatus(server, cookie), 200, `still in use after ${(i + 1) * 20} minutes`);
      }
      clock.advance(30 * MINUTE + 1000);
      assert.equal(await meStatus(server, cookie), 401, 'idle for more than 30 minutes');
      const portal = await browser.request('GET', '/portal/example.com/');
      assert.equal(portal.status, 303, 'the portal sends the browser back to the login page');
      assert.match(portal.headers.get('location') ?? '', /^\/portal\/example\.com\/login/);
    });

    it('keeps a "Keep me logged in" session through idle time, until its absolute lifetime ends', async () => {
      const kept = await signedInClient(server, ADMIN_LOGIN, ADMIN_PASSWORD, { keepMeLoggedIn: true });
      const plain = await signedInClient(server);
      const [keptCookie, plainCookie] = [
        kept.cookies.get('gatehouse_session') as string,
        plain.cookies.get('gatehouse_session') as string,
      ];
      clock.advance(3 * 60 * MINUTE);
      assert.equal(await meStatus(server, plainCookie), 401);
      assert.equal(await meStatus(server, keptCookie), 200, 'three idle hours do not end it');
      clock.advance(165 * 60 * MINUTE);
      assert.equal(await meStatus(server, keptCookie), 401, 'after 168 hours it ends whatever happens');
    });
  });

  describe(`sign-in throttling per client address (${dialect})`, { skip }, () => {
    let server: TestServer;
    const clock = new ManualClock();

    before(async () => {
      server = await startTestServer(dialect, {
        clock,
        env: { LOGIN_IP_MAX_FAILURES: '5', LOGIN_IP_WINDOW_MINUTES: '15' },
      });
    });
    after(async () => server?.close());

    it('refuses every sign-in from an address after too many failures across login IDs, without locking accounts', async () => {
      for (let i = 0; i < 5; i++) {
        assert.equal(await signInStatus(server, `guess${i}@example.com`, 'Guess-Passw0rd!'), 401, `failure ${i + 1}`);
      }
      const throttled = await login(server, ADMIN_LOGIN, ADMIN_PASSWORD);
      assert.equal(throttled.status, 429);
      assert.match(loginError(throttled) ?? '', /Too many login attempts/);
      assert.equal(setCookieHeader(throttled, 'gatehouse_session'), undefined);

      const tenant = await server.gatehouse.services.tenants.findByDomain('example.com');
      const adminRow = await findUserByLoginId(server.gatehouse.store.db, tenant?.id ?? '', ADMIN_LOGIN);
      assert.equal(adminRow?.failed_login_count, 0, 'the throttle does not count against the account');
      assert.equal(adminRow?.locked_until, 0);

      clock.advance(16 * MINUTE);
      assert.equal(await signInStatus(server, ADMIN_LOGIN, ADMIN_PASSWORD), 303, 'the window has passed');
    });
  });

  describe(`sign-in throttling counts an IPv6 client by its /64 (${dialect})`, { skip }, () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer(dialect, {
        env: { LOGIN_IP_MAX_FAILURES: '3', LOGIN_IP_WINDOW_MINUTES: '15', TRUST_PROXY: '127.0.0.1' },
      });
    });
    after(async () => server?.close());

    const from = (ip: string, loginId: string, password: string) =>
      submitLogin(new HttpClient(server.baseUrl), loginId, password, { ip });

    it('refuses a fresh address of the same /64 after its neighbours failed, and not another /64', async () => {
      for (const ip of ['2001:db8:1:2::a', '2001:db8:1:2::b', '2001:db8:1:2:ffff:ffff:ffff:ffff'])
        assert.equal((await from(ip, 'guess@example.com', 'Guess-Passw0rd!')).status, 401, ip);
      const sameNetwork = await from('2001:db8:1:2:1234::1', ADMIN_LOGIN, ADMIN_PASSWORD);
      assert.equal(sameNetwork.status, 429, 'a new address picked from the same /64 is the same client');
      assert.match(loginError(sameNetwork) ?? '', /Too many login attempts/);
      assert.equal((await from('2001:db8:1:3::1', ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303, 'the next /64 is not');
    });
  });
}
