import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  addUser,
  assertApiError,
  assertNoInternals,
  type ApiUser,
  findUsers,
  GOOD_PASSWORD,
  setCookieHeader,
  signedInClient,
} from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const USERS = '/api/admin/example.com/v1/users';
const OTHER_ADMIN_PASSWORD = 'Other-Admin-Pass-1';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`CSRF protection, bad input and tenant isolation (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let csrf: string;
    let victim: ApiUser;

    /** The admin's own token, sent by hand so that a test can send it wrongly. */
    const adminToken = async (client: HttpClient) =>
      (await client.request('GET', '/api/admin/example.com/v1/me')).json<{ csrfToken: string }>().csrfToken;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      csrf = await adminToken(admin);
      victim = await addUser(admin, { loginId: 'victim@example.com', displayName: 'Victim' });
    });
    after(async () => server?.close());

    describe('CSRF', () => {
      it('refuses an API write without X-CSRF-Token and writes nothing', async () => {
        const total = (await findUsers(admin, {})).total;
        assertApiError(
          await admin.request('POST', USERS, { json: { loginId: 'csrf1@example.com', password: GOOD_PASSWORD } }),
          403,
          'csrf_failed',
        );
        assertApiError(
          await admin.request('PATCH', `${USERS}/${victim.id}`, { json: { displayName: 'Owned' } }),
          403,
          'csrf_failed',
        );
        assertApiError(await admin.request('DELETE', `${USERS}/${victim.id}`), 403, 'csrf_failed');
        assertApiError(
          await admin.request('POST', `${USERS}/${victim.id}/reset-password`, { json: {} }),
          403,
          'csrf_failed',
        );
        assertApiError(
          await admin.request('PATCH', '/api/admin/example.com/v1/settings', { json: { lockoutThreshold: 1 } }),
          403,
          'csrf_failed',
        );
        assert.equal((await findUsers(admin, {})).total, total);
        assert.equal((await admin.api('GET', `/users/${victim.id}`)).json<ApiUser>().displayName, 'Victim');
        assert.equal((await admin.api('GET', '/settings')).json<{ lockoutThreshold: number }>().lockoutThreshold, 10);
      });

      it('refuses a wrong token, a token of another browser and a token of an ended session', async () => {
        const write = (client: HttpClient, token: string) =>
          client.request('PATCH', `${USERS}/${victim.id}`, {
            json: { displayName: 'Owned' },
            headers: { 'x-csrf-token': token },
          });
        assertApiError(await write(admin, 'A'.repeat(43)), 403, 'csrf_failed');
        assertApiError(await write(admin, `${csrf}x`), 403, 'csrf_failed');
        assertApiError(await write(admin, ''), 403, 'csrf_failed');

        const otherBrowser = await signedInClient(server);
        assertApiError(await write(admin, await adminToken(otherBrowser)), 403, 'csrf_failed');

        const relogging = await signedInClient(server);
        const oldToken = await adminToken(relogging);
        await relogging.login(ADMIN_LOGIN, ADMIN_PASSWORD);
        assertApiError(await write(relogging, oldToken), 403, 'csrf_failed');
        assert.equal((await write(relogging, await adminToken(relogging))).status, 200, 'the new token works');
        assert.equal((await admin.api('PATCH', `/users/${victim.id}`, { displayName: 'Victim' })).status, 200);
      });

      it('refuses a write whose Origin names another site, even with the right token', async () => {
        const body = { loginId: 'origin@example.com', password: GOOD_PASSWORD };
        for (const origin of ['https://evil.example', 'null', server.baseUrl.replace('127.0.0.1', 'localhost')]) {
          assertApiError(
            await admin.request('POST', USERS, { json: body, headers: { 'x-csrf-token': csrf, origin } }),
            403,
            'csrf_failed',
          );
        }
        assert.equal((await findUsers(admin, { q: 'origin@' })).total, 0);
        const sameSite = await admin.request('POST', USERS, {
          json: body,
          headers: { 'x-csrf-token': csrf, origin: server.baseUrl },
        });
        assert.equal(sameSite.status, 201, 'the own origin is fine');
      });

      it('refuses the login form without or with a wrong _csrf, and signs nobody in', async () => {
        const form = { loginId: ADMIN_LOGIN, password: ADMIN_PASSWORD };
        const browser = new HttpClient(server.baseUrl);
        const token = await browser.formToken('/portal/example.com/login');
        for (const extra of [
          {},
          { _csrf: 'forged' },
          { _csrf: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` },
        ] as Record<string, string>[]) {
          const answer = await browser.request('POST', '/portal/example.com/login', { form: { ...form, ...extra } });
          assert.equal(answer.status, 403);
          assert.equal(setCookieHeader(answer, 'gatehouse_session'), undefined);
          assertNoInternals(answer.text);
        }
        // A token copied into a browser that lacks the matching cookie (a login CSRF) is refused too.
        const stranger = new HttpClient(server.baseUrl);
        assert.equal(
          (await stranger.request('POST', '/portal/example.com/login', { form: { ...form, _csrf: token } })).status,
          403,
        );
        const html = await browser.request('POST', '/portal/example.com/login', {
          form,
          headers: { accept: 'text/html' },
        });
        assert.equal(html.status, 403);
        assert.match(html.headers.get('content-type') ?? '', /text\/html/, 'a browser gets a page, not JSON');
        assert.equal(
          (await browser.request('POST', '/portal/example.com/login', { form: { ...form, _csrf: token } })).status,
          303,
        );
      });

      it('refuses logout and password change forms without _csrf', async () => {
        const browser = await signedInClient(server, victim.loginId, GOOD_PASSWORD);
        assert.equal((await browser.request('POST', '/portal/example.com/logout', { form: {} })).status, 403);
        const change = {
          currentPassword: GOOD_PASSWORD,
          newPassword: 'Brand-New-Passw0rd!',
          confirmPassword: 'Brand-New-Passw0rd!',
        };
        assert.equal((await browser.request('POST', '/portal/example.com/password', { form: change })).status, 403);
        assert.equal((await browser.request('GET', '/portal/example.com/')).status, 200, 'still signed in');
        assert.equal(
          (await new HttpClient(server.baseUrl).login(victim.loginId, GOOD_PASSWORD)).status,
          303,
          'password unchanged',
        );
      });
    });

    describe('bad input', () => {
      const send = (method: string, path: string, body: string, contentType = 'application/json') =>
        admin.request(method, path, { body, headers: { 'content-type': contentType, 'x-csrf-token': csrf } });

      it('answers malformed JSON, a wrong media type and an oversized body with clean errors', async () => {
        assertApiError(await send('POST', USERS, '{"loginId": "broken@example.com",'), 400, 'malformed_json');
        assertApiError(await send('PATCH', `${USERS}/${victim.id}`, "{'displayName': 'x'}"), 400, 'malformed_json');
        assertApiError(
          await send('POST', USERS, '<user loginId="x@example.com"/>', 'application/xml'),
          415,
          'unsupported_media_type',
        );
        assertApiError(
          await send('POST', USERS, JSON.stringify({ loginId: 'big@example.com', displayName: 'x'.repeat(70_000) })),
          413,
          'payload_too_large',
        );
        assertApiError(await send('POST', USERS, '[]'), 400, 'validation_failed');
        assert.deepEqual(
          [(await findUsers(admin, { q: 'broken' })).total, (await findUsers(admin, { q: 'big@' })).total],
          [0, 0],
        );
      });

      it('names the field that is too long, not an email address, or missing', async () => {
        const post = (body: unknown) => admin.api('POST', '/users', body);
        assertApiError(
          await post({ loginId: 'long@example.com', displayName: 'x'.repeat(257) }),
          400,
          'validation_failed',
          'displayName',
        );
        assertApiError(
          await post({ loginId: 'long@example.com', familyName: 'x'.repeat(257) }),
          400,
          'validation_failed',
          'familyName',
        );
        assertApiError(await post({ loginId: `${'x'.repeat(250)}@example.com` }), 400, 'validation_failed', 'loginId');
        assertApiError(await post({ loginId: 'not-an-email' }), 400, 'validation_failed', 'loginId');
        assertApiError(await post({ loginId: 'two@@example.com' }), 400, 'validation_failed', 'loginId');
        assertApiError(await post({ loginId: 'ok@example.com', email: 'nowhere@' }), 400, 'validation_failed', 'email');
        assertApiError(await post({ displayName: 'No Login' }), 400, 'validation_failed', 'loginId');
        assertApiError(await post({ loginId: 42 }), 400, 'validation_failed', 'loginId');
        assertApiError(
          await admin.api('PATCH', `/users/${victim.id}`, { displayName: 'x'.repeat(257) }),
          400,
          'validation_failed',
          'displayName',
        );
        assertApiError(
          await admin.api('PATCH', `/users/${victim.id}`, { email: 'bad email@example.com' }),
          400,
          'validation_failed',
          'email',
        );
        assert.deepEqual(
          [(await findUsers(admin, { q: 'long@' })).total, (await findUsers(admin, { q: 'ok@' })).total],
          [0, 0],
        );

        const longest = await post({
          loginId: 'longest@example.com',
          displayName: 'x'.repeat(256),
          password: GOOD_PASSWORD,
        });
        assert.equal(longest.status, 201, '256 characters are allowed');
      });

      it('names an unknown role or status, and refuses unknown properties', async () => {
        assertApiError(
          await admin.api('POST', '/users', { loginId: 'role@example.com', role: 'superuser' }),
          400,
          'validation_failed',
          'role',
        );
        assertApiError(
          await admin.api('POST', '/users', { loginId: 'status@example.com', status: 'active' }),
          400,
          'validation_failed',
          'status',
        );
        assertApiError(
          await admin.api('PATCH', `/users/${victim.id}`, { status: 'locked' }),
          400,
          'validation_failed',
          'status',
        );
        assertApiError(
          await admin.api('PATCH', `/users/${victim.id}`, { role: 'Global Admin' }),
          400,
          'validation_failed',
          'role',
        );
        assertApiError(await admin.api('GET', '/users?status=sleeping'), 400, 'validation_failed', 'status');
        assertApiError(await admin.api('GET', '/users?role=root'), 400, 'validation_failed', 'role');
        assertApiError(await admin.api('GET', '/users?loggedIn=maybe'), 400, 'validation_failed', 'loggedIn');
        assertApiError(
          await admin.api('GET', '/users?lastLoginFrom=last-week'),
          400,
          'validation_failed',
          'lastLoginFrom',
        );

        const unknown = assertApiError(
          await admin.api('POST', '/users', { loginId: 'extra@example.com', isAdmin: true }),
          400,
          'validation_failed',
          'isAdmin',
        );
        assert.match(unknown.message, /isAdmin/);
        assertApiError(
          await admin.api('PATCH', `/users/${victim.id}`, { passwordHash: 'x' }),
          400,
          'validation_failed',
          'passwordHash',
        );
        assertApiError(
          await admin.api('POST', `/users/${victim.id}/reset-password`, { password: GOOD_PASSWORD, notify: true }),
          400,
          'validation_failed',
          'notify',
        );
        assert.equal((await findUsers(admin, { q: 'extra@' })).total, 0);
        const unchanged = (await admin.api('GET', `/users/${victim.id}`)).json<ApiUser>();
        assert.equal(unchanged.status, 'enabled');
        assert.equal(unchanged.role, 'none');
      });

      it('answers 404 for a malformed or unknown user id', async () => {
        for (const id of ['not-a-uuid', '1', "' or 1=1 --", randomUUID(), victim.id.toUpperCase()]) {
          const path = `/users/${encodeURIComponent(id)}`;
          assertApiError(await admin.api('GET', path), 404, 'not_found');
          assertApiError(await admin.api('PATCH', path, { displayName: 'x' }), 404, 'not_found');
          assertApiError(await admin.api('DELETE', path), 404, 'not_found');
          assertApiError(await admin.api('POST', `${path}/unlock`), 404, 'not_found');
          assertApiError(await admin.api('POST', `${path}/reset-password`, {}), 404, 'not_found');
        }
        assertApiError(await admin.request('GET', '/api/admin/example.com/v1/no-such-thing'), 404, 'not_found');
      });

      it('names the domain setting that is out of range, unknown or malformed, and keeps the old settings', async () => {
        const before = (await admin.api('GET', '/settings')).json();
        const cases: [Record<string, unknown>, string][] = [
          [{ passwordMinLength: 0 }, 'passwordMinLength'],
          [{ passwordMinLength: 9.5 }, 'passwordMinLength'],
          [{ passwordMinLength: '12' }, 'passwordMinLength'],
          [{ passwordPolicy: 'very-strong' }, 'passwordPolicy'],
          [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
          [{ lockoutThreshold: -1 }, 'lockoutThreshold'],
          [{ lockoutMinutes: 0 }, 'lockoutMinutes'],
          [{ showKeepMeLoggedIn: 'yes' }, 'showKeepMeLoggedIn'],
          [{ loginPageTitle: '' }, 'loginPageTitle'],
          [{ mailSender: 'not-an-address' }, 'mailSender'],
          [{ lockoutThreshold: 5, favouriteColour: 'blue' }, 'favouriteColour'],
        ];
        for (const [patch, field] of cases) {
          assertApiError(await admin.api('PATCH', '/settings', patch), 400, 'validation_failed', field);
        }
        assert.deepEqual((await admin.api('GET', '/settings')).json(), before, 'nothing was saved');
        const good = await admin.api('PATCH', '/settings', { timeZone: 'Asia/Tokyo', passwordMinLength: 12 });
        assert.equal(good.status, 200);
        assert.equal(good.json<{ timeZone: string }>().timeZone, 'Asia/Tokyo');
      });
    });

    describe('tenant isolation', () => {
      let otherAdmin: HttpClient;
      let otherUser: ApiUser;

      before(async () => {
        await server.gatehouse.services.tenants.createTenant('other.example', OTHER_ADMIN_PASSWORD);
        otherAdmin = await signedInClient(server, 'admin@other.example', OTHER_ADMIN_PASSWORD, {
          domain: 'other.example',
        });
        otherUser = await addUser(otherAdmin, { loginId: 'insider@other.example', displayName: 'Insider' });
      });

      it('does not let a session of example.com into the API of other.example', async () => {
        for (const path of ['/me', '/users', `/users/${otherUser.id}`, '/users.csv', '/settings', '/audit-logs']) {
          assertApiError(await admin.request('GET', `/api/admin/other.example/v1${path}`), 401, 'not_signed_in');
        }
        const write = await admin.request('PATCH', `/api/admin/other.example/v1/users/${otherUser.id}`, {
          json: { displayName: 'Owned' },
          headers: { 'x-csrf-token': csrf },
        });
        assertApiError(write, 401, 'not_signed_in');
        assert.equal((await otherAdmin.api('GET', `/users/${otherUser.id}`)).json<ApiUser>().displayName, 'Insider');
      });

      it('does not find a user of other.example through the API of example.com', async () => {
        assertApiError(await admin.api('GET', `/users/${otherUser.id}`), 404, 'not_found');
        assertApiError(await admin.api('PATCH', `/users/${otherUser.id}`, { displayName: 'Owned' }), 404, 'not_found');
        assertApiError(await admin.api('DELETE', `/users/${otherUser.id}`), 404, 'not_found');
        assertApiError(await admin.api('POST', `/users/${otherUser.id}/reset-password`, {}), 404, 'not_found');
        assert.equal((await findUsers(admin, { q: 'insider' })).total, 0);
        assert.doesNotMatch((await admin.api('GET', '/users.csv')).text, /insider/);
        assert.equal((await otherAdmin.api('GET', `/users/${otherUser.id}`)).status, 200, 'still there, untouched');
      });

      it('keeps login IDs and sign-ins per tenant', async () => {
        assert.equal(
          (await new HttpClient(server.baseUrl).login('admin@other.example', OTHER_ADMIN_PASSWORD)).status,
          401,
        );
        assert.equal(
          (await otherAdmin.api('POST', '/users', { loginId: 'victim@example.com', password: GOOD_PASSWORD })).status,
          201,
          'the same Login ID may exist in another tenant',
        );
        assertApiError(await otherAdmin.request('GET', '/api/admin/example.com/v1/me'), 401, 'not_signed_in');
        const portal = await admin.request('GET', '/portal/other.example/');
        assert.equal(portal.status, 303, 'the portal of another tenant asks for its own sign-in');
        assertApiError(await admin.request('GET', '/api/admin/nowhere.example/v1/me'), 404, 'not_found');
      });
    });
  });
}
