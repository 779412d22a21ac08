import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient, type HttpAnswer } from '../support/http-client.js';
import {
  addUser,
  type ApiUser,
  findUsers,
  GOOD_PASSWORD,
  setCookieHeader,
  signedInClient,
  signInStatus,
} from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

function pageError(answer: HttpAnswer): string | undefined {
  return /<p class="error" role="alert">([^<]*)<\/p>/.exec(answer.text)?.[1];
}

function assertSecurityHeaders(answer: HttpAnswer, what: string): void {
  const csp = answer.headers.get('content-security-policy') ?? '';
  assert.match(csp, /(^|;\s*)default-src 'none'(;|$)/, `${what}: CSP default-src 'none'`);
  assert.match(csp, /(^|;\s*)frame-ancestors 'none'(;|$)/, `${what}: CSP frame-ancestors 'none'`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: no unsafe CSP sources`);
  assert.equal(answer.headers.get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`user portal, security headers, health and API docs (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    it('shows the signed-in user on the portal home, and sends others to the login page', async () => {
      await addUser(admin, { loginId: 'Portal.User@example.com', displayName: 'Portal <User>' });
      const browser = await signedInClient(server, 'portal.user@example.com', GOOD_PASSWORD);
      const home = await browser.request('GET', '/portal/example.com/');
      assert.equal(home.status, 200);
      assert.match(home.text, /Signed in as <strong id="signed-in-user">Portal\.User@example\.com<\/strong>/);
      assert.match(home.text, /Portal &lt;User&gt;/, 'the display name is escaped');
      assert.doesNotMatch(home.text, /Admin console/, 'no console link for an ordinary user');
      assert.match(
        (await admin.request('GET', '/portal/example.com/')).text,
        /href="\/admin\/example\.com\/"/,
        'an admin gets one',
      );

      const anonymous = await new HttpClient(server.baseUrl).request('GET', '/portal/example.com/');
      assert.equal(anonymous.status, 303);
      assert.equal(anonymous.headers.get('location'), '/portal/example.com/login?next=%2Fportal%2Fexample.com%2F');
      const root = await new HttpClient(server.baseUrl).request('GET', '/');
      assert.equal(root.headers.get('location'), '/portal/example.com/');
    });

    it('changes the password in the portal: checks current, confirmation and policy, then ends the other sessions', async () => {
      const user = await addUser(admin, { loginId: 'changer@example.com' });
      const here = await signedInClient(server, user.loginId, GOOD_PASSWORD);
      const elsewhere = await signedInClient(server, user.loginId, GOOD_PASSWORD);
      const form = await here.request('GET', '/portal/example.com/password');
      assert.equal(form.status, 200);
      for (const field of ['currentPassword', 'newPassword', 'confirmPassword'])
        assert.match(form.text, new RegExp(`name="${field}"`));

      const change = async (currentPassword: string, newPassword: string, confirmPassword = newPassword) =>
        here.request('POST', '/portal/example.com/password', {
          form: {
            _csrf: await here.formToken('/portal/example.com/password'),
            currentPassword,
            newPassword,
            confirmPassword,
          },
        });
      const NEW = 'Fresh-Start-2026!';

      const wrongCurrent = await change('Not-My-Passw0rd!', NEW);
      assert.equal(wrongCurrent.status, 400);
      assert.equal(pageError(wrongCurrent), 'The current password is incorrect.');
      const mismatch = await change(GOOD_PASSWORD, NEW, `${NEW}x`);
      assert.equal(mismatch.status, 400);
      assert.equal(pageError(mismatch), 'The new password and its confirmation do not match.');
      const tooShort = await change(GOOD_PASSWORD, 'Ab1!');
      assert.equal(tooShort.status, 400);
      assert.equal(pageError(tooShort), 'Password must be at least 10 characters long.');
      const tooPlain = await change(GOOD_PASSWORD, 'onlylowercaseletters');
      assert.equal(
        pageError(tooPlain),
        'Password must contain at least 3 of: upper case letters, lower case letters, digits, symbols.',
      );
      const same = await change(GOOD_PASSWORD, GOOD_PASSWORD);
      assert.equal(pageError(same), 'The new password must differ from the current one.');
      assert.equal(await signInStatus(server, user.loginId, GOOD_PASSWORD), 303, 'refused changes change nothing');
      assert.equal(
        (await elsewhere.request('GET', '/portal/example.com/')).status,
        200,
        'refused changes end no session',
      );

      const done = await change(GOOD_PASSWORD, NEW);
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), '/portal/example.com/?changed=1');
      const home = await here.request('GET', '/portal/example.com/?changed=1');
      assert.equal(home.status, 200, 'this session stays signed in');
      assert.match(home.text, /Your password has been changed\./);
      assert.equal((await elsewhere.request('GET', '/portal/example.com/')).status, 303, 'the other session has ended');
      assert.equal(await signInStatus(server, user.loginId, GOOD_PASSWORD), 401, 'the old password no longer works');
      assert.equal(await signInStatus(server, user.loginId, NEW), 303, 'the new one does');
      const seen = (await admin.api('GET', `/users/${user.id}`)).json<ApiUser>();
      assert.equal(seen.failedLoginCount, 0);
    });

    it('applies the tenant password policy to portal changes', async () => {
      assert.equal(
        (await admin.api('PATCH', '/settings', { passwordPolicy: 'three-of-four-no-login-id', passwordMinLength: 12 }))
          .status,
        200,
      );
      try {
        const user = await addUser(admin, { loginId: 'policyholder@example.com', password: 'Compliant-Pass-12' });
        const browser = await signedInClient(server, user.loginId, 'Compliant-Pass-12');
        const attempt = async (newPassword: string) =>
          browser.request('POST', '/portal/example.com/password', {
            form: {
              _csrf: await browser.formToken('/portal/example.com/password'),
              currentPassword: 'Compliant-Pass-12',
              newPassword,
              confirmPassword: newPassword,
            },
          });
        assert.equal(pageError(await attempt('My-PolicyHolder-9')), 'Password must not contain the login ID.');
        assert.equal(pageError(await attempt('Eleven-Ch1!')), 'Password must be at least 12 characters long.');
        assert.equal((await attempt('Twelve-Chars-OK-1')).status, 303);
      } finally {
        await admin.api('PATCH', '/settings', { passwordPolicy: 'three-of-four', passwordMinLength: 10 });
      }
    });

    it('sends strict security headers on the login page, the portal, the API and the console', async () => {
      const browser = new HttpClient(server.baseUrl);
      const answers: [string, HttpAnswer][] = [
        ['login page', await browser.request('GET', '/portal/example.com/login')],
        ['login failure', await browser.login(ADMIN_LOGIN, 'Wrong-Passw0rd!')],
        ['portal', await admin.request('GET', '/portal/example.com/')],
        ['API', await admin.api('GET', '/users')],
        ['API error', await browser.request('GET', '/api/admin/example.com/v1/me')],
        ['CSV', await admin.api('GET', '/users.csv')],
        ['console', await admin.request('GET', '/admin/example.com/')],
        ['console redirect', await browser.request('GET', '/admin/example.com/')],
        ['not found', await browser.request('GET', '/no/such/page', { headers: { accept: 'text/html' } })],
      ];
      for (const [what, answer] of answers) assertSecurityHeaders(answer, what);
      const api = answers.find(([what]) => what === 'API')?.[1];
      assert.equal(api?.headers.get('cache-control'), 'no-store', 'API answers are not cached');
    });

    it('marks every cookie HttpOnly and SameSite=Lax', async () => {
      const browser = new HttpClient(server.baseUrl);
      const page = await browser.request('GET', '/portal/example.com/login');
      const csrfCookie = setCookieHeader(page, 'gatehouse_csrf');
      assert.ok(csrfCookie, 'the login page sets the CSRF cookie');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const login = await browser.request('POST', '/portal/example.com/login', {
        form: { _csrf: token, loginId: ADMIN_LOGIN, password: ADMIN_PASSWORD },
      });
      const sessionCookie = setCookieHeader(login, 'gatehouse_session');
      assert.ok(sessionCookie);
      for (const cookie of [csrfCookie, sessionCookie]) {
        assert.match(cookie, /;\s*HttpOnly/i, cookie);
        assert.match(cookie, /;\s*SameSite=Lax/i, cookie);
      }
      assert.doesNotMatch(
        page.text,
        new RegExp(browser.cookies.get('gatehouse_csrf') ?? 'never'),
        'the cookie value itself is not the form token',
      );
    });

    it('answers the health checks', async () => {
      const anonymous = new HttpClient(server.baseUrl);
      const live = await anonymous.request('GET', '/healthz');
      assert.equal(live.status, 200);
      assert.deepEqual(live.json(), { status: 'ok' });
      const ready = await anonymous.request('GET', '/readyz');
      assert.equal(ready.status, 200);
      assert.deepEqual(ready.json(), { status: 'ready' });
    });

    it('publishes an OpenAPI 3 document of the admin API at /api/docs', async () => {
      const docs = await new HttpClient(server.baseUrl).request('GET', '/api/docs');
      assert.equal(docs.status, 200);
      const document = docs.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
      assert.match(document.openapi, /^3\./);
      const users = document.paths['/api/admin/{domain}/v1/users'];
      assert.ok(users, `paths: ${Object.keys(document.paths).join(', ')}`);
      assert.ok(users.get && users.post, 'listing and adding users are described');
      assert.ok(document.paths['/api/admin/{domain}/v1/users/{id}']?.patch);
      assert.ok(document.paths['/api/admin/{domain}/v1/settings']?.patch);
      assert.ok(!Object.keys(document.paths).some((p) => p.startsWith('/portal/')), 'server pages are not API');
    });
  });

  describe(`restart: data and sessions survive a new server on the same database (${dialect})`, { skip }, () => {
    let first: TestServer;
    let second: TestServer | undefined;

    before(async () => {
      first = await startTestServer(dialect);
    });
    after(async () => {
      await second?.close();
      await first?.close();
    });

    it('keeps users, settings, logs and open sessions across a restart', async () => {
      const admin = await signedInClient(first);
      const kept = await signedInClient(first, ADMIN_LOGIN, ADMIN_PASSWORD, { keepMeLoggedIn: true });
      const user = await addUser(admin, { loginId: 'survivor@example.com', displayName: 'Survivor' });
      assert.equal((await admin.api('PATCH', '/settings', { loginPageTitle: 'Acme Sign-In' })).status, 200);
      const usersBefore = await findUsers(admin, { limit: '200' });
      const tokenBefore = (await admin.api('GET', '/me')).json<{ csrfToken: string }>().csrfToken;

      await first.stop();
      second = await startTestServer(dialect, {
        databaseUrl: first.databaseUrl,
        dataDir: first.gatehouse.config.dataDir,
      });

      const moved = (client: HttpClient) => {
        const next = new HttpClient(second!.baseUrl);
        for (const [name, value] of client.cookies) next.cookies.set(name, value);
        return next;
      };
      const adminAfter = moved(admin);
      const keptAfter = moved(kept);
      assert.equal((await adminAfter.api('GET', '/me')).status, 200, 'the session survives');
      assert.equal((await keptAfter.api('GET', '/me')).status, 200, 'the persistent session survives');
      const usersAfter = await findUsers(adminAfter, { limit: '200' });
      assert.deepEqual(
        usersAfter.items.map((u) => u.id),
        usersBefore.items.map((u) => u.id),
        'the same users, no second initial admin',
      );
      assert.equal((await adminAfter.api('GET', `/users/${user.id}`)).json<ApiUser>().displayName, 'Survivor');
      assert.equal(
        (await adminAfter.api('GET', '/settings')).json<{ loginPageTitle: string }>().loginPageTitle,
        'Acme Sign-In',
      );
      assert.match((await adminAfter.request('GET', '/portal/example.com/login')).text, /<title>Acme Sign-In<\/title>/);
      const log = (await adminAfter.api('GET', '/audit-logs?target=survivor')).json<{ items: unknown[] }>().items;
      assert.equal(log.length, 1, 'the Admin Operation Log is kept');

      const write = await adminAfter.request('PATCH', `/api/admin/example.com/v1/users/${user.id}`, {
        json: { displayName: 'Still Here' },
        headers: { 'x-csrf-token': tokenBefore },
      });
      assert.equal(write.status, 200, 'a CSRF token from before the restart still works: the secret key is kept');
      assert.equal(await signInStatus(second, 'survivor@example.com', GOOD_PASSWORD), 303, 'passwords are kept');
      assert.equal(await signInStatus(second, ADMIN_LOGIN, ADMIN_PASSWORD), 303, 'the initial admin is not re-created');
    });
  });
}
