import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  addUser,
  assertApiError,
  type ApiUser,
  findUsers,
  GOOD_PASSWORD,
  signedInClient,
  signInStatus,
} from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const LAST_GLOBAL_ADMIN = /without a Global Admin/;

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`admin roles: what each role may see and change (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let readOnly: HttpClient;
    let userAdmin: HttpClient;
    let ordinary: HttpClient;
    let readOnlyUser: ApiUser;
    let userAdminUser: ApiUser;
    let ordinaryUser: ApiUser;

    const settings = async () => (await admin.api('GET', '/settings')).json<Record<string, unknown>>();
    const userAsAdminSees = async (id: string) => (await admin.api('GET', `/users/${id}`)).json<ApiUser>();

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      readOnlyUser = await addUser(admin, { loginId: 'auditor@example.com', role: 'read-only-admin' });
      userAdminUser = await addUser(admin, { loginId: 'helpdesk@example.com', role: 'user-admin' });
      ordinaryUser = await addUser(admin, { loginId: 'worker@example.com', displayName: 'Worker' });
      readOnly = await signedInClient(server, readOnlyUser.loginId, GOOD_PASSWORD);
      userAdmin = await signedInClient(server, userAdminUser.loginId, GOOD_PASSWORD);
      ordinary = await signedInClient(server, ordinaryUser.loginId, GOOD_PASSWORD);
    });
    after(async () => server?.close());

    it('tells each admin in /me what their role allows', async () => {
      const permissions = async (client: HttpClient) =>
        (await client.api('GET', '/me')).json<{ permissions: unknown }>().permissions;
      assert.deepEqual(await permissions(admin), { manageUsers: true, manageSystem: true });
      assert.deepEqual(await permissions(userAdmin), { manageUsers: true, manageSystem: false });
      assert.deepEqual(await permissions(readOnly), { manageUsers: false, manageSystem: false });
    });

    it('lets a Read-Only Admin see users, settings and logs', async () => {
      const list = await readOnly.api('GET', '/users');
      assert.equal(list.status, 200);
      assert.equal(list.json<{ total: number }>().total, 4);
      assert.equal((await readOnly.api('GET', `/users/${ordinaryUser.id}`)).status, 200);
      assert.equal((await readOnly.api('GET', '/settings')).status, 200);
      assert.equal((await readOnly.api('GET', '/audit-logs')).status, 200);
      assert.equal((await readOnly.api('GET', '/users.csv')).status, 200);
      assert.equal((await readOnly.api('GET', '/audit-logs.csv')).status, 200);
    });

    it('refuses every write of a Read-Only Admin and changes nothing', async () => {
      const usersBefore = await findUsers(admin, { limit: '200' });
      const settingsBefore = await settings();
      const target = ordinaryUser.id;

      assertApiError(
        await readOnly.api('POST', '/users', { loginId: 'sneaky@example.com', password: GOOD_PASSWORD }),
        403,
        'forbidden',
      );
      assertApiError(await readOnly.api('PATCH', `/users/${target}`, { displayName: 'Changed' }), 403, 'forbidden');
      assertApiError(
        await readOnly.api('PATCH', `/users/${readOnlyUser.id}`, { role: 'global-admin' }),
        403,
        'forbidden',
      );
      assertApiError(await readOnly.api('DELETE', `/users/${target}`), 403, 'forbidden');
      assertApiError(await readOnly.api('POST', `/users/${target}/unlock`), 403, 'forbidden');
      assertApiError(await readOnly.api('POST', `/users/${target}/reset-password`, {}), 403, 'forbidden');
      assertApiError(
        await readOnly.api('POST', `/users/${target}/reset-password`, { password: 'Another-Passw0rd!' }),
        403,
        'forbidden',
      );
      assertApiError(await readOnly.api('PATCH', '/settings', { lockoutThreshold: 1 }), 403, 'forbidden');

      assert.deepEqual(await findUsers(admin, { limit: '200' }), usersBefore, 'no user was added, changed or removed');
      assert.deepEqual(await settings(), settingsBefore);
      assert.equal(await signInStatus(server, ordinaryUser.loginId, GOOD_PASSWORD), 303, 'the password was not reset');
      const byReadOnly = await admin.api('GET', '/audit-logs?actor=auditor');
      assert.deepEqual(byReadOnly.json<{ items: unknown[] }>().items, [], 'nothing was done in their name');
    });

    it('lets a User Admin manage ordinary users', async () => {
      const created = await addUser(userAdmin, { loginId: 'temp@example.com', displayName: 'Temp' });
      const patched = await userAdmin.api('PATCH', `/users/${created.id}`, {
        displayName: 'Temporary',
        status: 'disabled',
      });
      assert.equal(patched.status, 200, patched.text);
      assert.equal((await userAsAdminSees(created.id)).displayName, 'Temporary');
      assert.equal((await userAdmin.api('PATCH', `/users/${created.id}`, { status: 'enabled' })).status, 200);

      const reset = await userAdmin.api('POST', `/users/${created.id}/reset-password`, {});
      assert.equal(reset.status, 200, reset.text);
      const { password } = reset.json<{ password: string }>();
      assert.equal(await signInStatus(server, 'temp@example.com', password), 303);
      assert.equal(await signInStatus(server, 'temp@example.com', GOOD_PASSWORD), 401, 'the old password is gone');

      assert.equal((await userAdmin.api('POST', `/users/${created.id}/unlock`)).status, 200);
      assert.equal((await userAdmin.api('DELETE', `/users/${created.id}`)).status, 204);
      assertApiError(await admin.api('GET', `/users/${created.id}`), 404, 'not_found');
    });

    it('refuses a User Admin the domain settings and every admin role', async () => {
      const settingsBefore = await settings();
      assertApiError(await userAdmin.api('PATCH', '/settings', { passwordMinLength: 4 }), 403, 'forbidden');
      assert.deepEqual(await settings(), settingsBefore);

      const total = (await findUsers(admin, {})).total;
      for (const role of ['global-admin', 'user-admin', 'read-only-admin']) {
        assertApiError(
          await userAdmin.api('POST', '/users', { loginId: `new-${role}@example.com`, role, password: GOOD_PASSWORD }),
          403,
          'forbidden',
        );
        assertApiError(await userAdmin.api('PATCH', `/users/${ordinaryUser.id}`, { role }), 403, 'forbidden');
      }
      assertApiError(
        await userAdmin.api('PATCH', `/users/${userAdminUser.id}`, { role: 'global-admin' }),
        403,
        'forbidden',
      );
      assert.equal((await findUsers(admin, {})).total, total, 'no user was added');
      assert.equal((await userAsAdminSees(ordinaryUser.id)).role, 'none');
      assert.equal((await userAsAdminSees(userAdminUser.id)).role, 'user-admin', 'no promotion of oneself');
    });

    it('refuses a User Admin any change to another administrator', async () => {
      for (const target of [
        readOnlyUser,
        await userAsAdminSees((await findUsers(admin, { role: 'global-admin' })).items[0]?.id ?? ''),
      ]) {
        assertApiError(
          await userAdmin.api('PATCH', `/users/${target.id}`, { displayName: 'Hijacked' }),
          403,
          'forbidden',
        );
        assertApiError(
          await userAdmin.api('POST', `/users/${target.id}/reset-password`, { password: 'Hijack-Passw0rd!' }),
          403,
          'forbidden',
        );
        assertApiError(await userAdmin.api('DELETE', `/users/${target.id}`), 403, 'forbidden');
        assert.notEqual((await userAsAdminSees(target.id)).displayName, 'Hijacked');
      }
      assert.equal(await signInStatus(server, ADMIN_LOGIN, ADMIN_PASSWORD), 303);
    });

    it('keeps an ordinary user out of the admin API and the console', async () => {
      assertApiError(await ordinary.api('GET', '/me'), 403, 'forbidden');
      assertApiError(await ordinary.api('GET', '/users'), 403, 'forbidden');
      assertApiError(await ordinary.api('GET', '/users.csv'), 403, 'forbidden');
      assertApiError(await ordinary.request('GET', '/api/admin/example.com/v1/settings'), 403, 'forbidden');

      const console = await ordinary.request('GET', '/admin/example.com/', { headers: { accept: 'text/html' } });
      assert.equal(console.status, 403);
      assert.match(console.headers.get('content-type') ?? '', /text\/html/);
      assert.match(console.text, /Forbidden/);
      assert.equal((await ordinary.request('GET', '/portal/example.com/')).status, 200, 'the portal is theirs to use');
    });

    it('asks for a sign-in without a session: 401 JSON on the API, a redirect to the login page for the console', async () => {
      const anonymous = new HttpClient(server.baseUrl);
      for (const path of ['/me', '/users', '/settings', '/audit-logs', `/users/${ordinaryUser.id}`]) {
        assertApiError(await anonymous.request('GET', `/api/admin/example.com/v1${path}`), 401, 'not_signed_in');
      }
      const console = await anonymous.request('GET', '/admin/example.com/');
      assert.equal(console.status, 303);
      assert.equal(console.headers.get('location'), '/portal/example.com/login?next=%2Fadmin%2Fexample.com%2F');
      const forged = new HttpClient(server.baseUrl);
      forged.cookies.set('gatehouse_session', `${ordinaryUser.id}.forged-secret`);
      assertApiError(await forged.request('GET', '/api/admin/example.com/v1/me'), 401, 'not_signed_in');
    });

    it('refuses to disable, demote or delete the last Global Admin', async () => {
      const [globalAdmin] = (await findUsers(admin, { role: 'global-admin' })).items;
      assert.ok(globalAdmin);

      const disable = assertApiError(
        await admin.api('PATCH', `/users/${globalAdmin.id}`, { status: 'disabled' }),
        409,
        'conflict',
      );
      assert.match(disable.message, LAST_GLOBAL_ADMIN);
      for (const role of ['none', 'user-admin', 'read-only-admin']) {
        const demote = assertApiError(await admin.api('PATCH', `/users/${globalAdmin.id}`, { role }), 409, 'conflict');
        assert.match(demote.message, LAST_GLOBAL_ADMIN);
      }
      const remove = assertApiError(await admin.api('DELETE', `/users/${globalAdmin.id}`), 409, 'conflict');
      assert.match(remove.message, LAST_GLOBAL_ADMIN);

      const after = await userAsAdminSees(globalAdmin.id);
      assert.equal(after.role, 'global-admin');
      assert.equal(after.status, 'enabled');
      assert.equal(await signInStatus(server, ADMIN_LOGIN, ADMIN_PASSWORD), 303);
    });

    it('lets a Global Admin step down once another Global Admin exists', async () => {
      const second = await addUser(admin, { loginId: 'deputy@example.com', role: 'global-admin' });
      const deputy = await signedInClient(server, second.loginId, GOOD_PASSWORD);
      const [first] = (await findUsers(admin, { q: ADMIN_LOGIN })).items;
      assert.ok(first);
      const selfDelete = assertApiError(await admin.api('DELETE', `/users/${first.id}`), 409, 'conflict');
      assert.match(selfDelete.message, /your own account/);
      const demoted = await deputy.api('PATCH', `/users/${first.id}`, { role: 'user-admin' });
      assert.equal(demoted.status, 200, demoted.text);
      // The deputy is now the last Global Admin and is protected in turn.
      const guarded = assertApiError(
        await deputy.api('PATCH', `/users/${second.id}`, { status: 'disabled' }),
        409,
        'conflict',
      );
      assert.match(guarded.message, LAST_GLOBAL_ADMIN);
      assertApiError(await admin.api('PATCH', `/users/${second.id}`, { role: 'none' }), 403, 'forbidden');
      assert.equal((await deputy.api('PATCH', `/users/${first.id}`, { role: 'global-admin' })).status, 200);
    });
  });
}
