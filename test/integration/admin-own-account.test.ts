// C5: through the admin API an administrator's own account follows the same rules as everyone's. The role decides
// (a Read-Only Admin writes nothing, a User Admin manages ordinary users only), and an admin's own OTP is changed
// in the portal's OTP Settings, under their Access Policy Group, unless they are a Global Admin.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmergencyTokenList } from '../../src/contract/admin-api/index.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import {
  decodeQrImage,
  downloadBytes,
  oathtoolCode,
  otpToolsSkipReason,
  secretOfOtpauthUri,
  startTotpSetup,
} from '../support/otp-tools.js';
import {
  addGroup,
  addUser,
  type ApiAuditEntry,
  type ApiGroup,
  type ApiUser,
  assertApiError,
  GOOD_PASSWORD,
  pageError,
  signedInClient,
  signInStatus,
} from '../support/scenario.js';
import { ADMIN_LOGIN, startTestServer, type TestServer } from '../support/test-server.js';

const USE_THE_PORTAL = /OTP Settings in the portal/;
const GLOBAL_ADMIN_ONLY = /Only a Global Admin can change an administrator's account, your own included/;
const PORTAL_SETUP = '/portal/example.com/otp/setup';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`admin API: an administrator's own account follows the same rules (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let lockedDown: ApiGroup;
    let lenient: ApiGroup;
    let auditor: ApiUser;
    let readOnly: HttpClient;
    let hal: ApiUser;
    let helpdesk: HttpClient;
    let worker: ApiUser;

    const userAsAdminSees = async (id: string) => (await admin.api('GET', `/users/${id}`)).json<ApiUser>();
    const tokensOf = async (client: HttpClient, id: string) =>
      (await client.api('GET', `/users/${id}/emergency-tokens`)).json<EmergencyTokenList>();
    /** The Admin Operation Log's entries by one admin (their login ID) about one user. */
    const auditedBy = async (loginId: string, targetId: string) =>
      (await admin.api('GET', `/audit-logs?actor=${encodeURIComponent(loginId)}`))
        .json<{ items: ApiAuditEntry[] }>()
        .items.filter((entry) => entry.targetId === targetId);

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      lockedDown = await addGroup(admin, {
        displayName: 'Locked down',
        allowPortalOtpSetup: false,
        otpEmailChange: 'never',
      });
      lenient = await addGroup(admin, { displayName: 'Lenient' });
      auditor = await addUser(admin, { loginId: 'auditor@example.com', role: 'read-only-admin' });
      hal = await addUser(admin, { loginId: 'hal@example.com', role: 'user-admin', groupId: lockedDown.id });
      worker = await addUser(admin, { loginId: 'worker@example.com' });
      // Hal's email OTP, registered by a Global Admin: his group lets him neither reconfigure it nor move it.
      await server.gatehouse.store.db
        .updateTable('users')
        .set({ otp_type: 'email', otp_email: 'hal@mail.example' })
        .where('id', '=', hal.id)
        .execute();
      readOnly = await signedInClient(server, auditor.loginId, GOOD_PASSWORD);
      helpdesk = await signedInClient(server, hal.loginId, GOOD_PASSWORD);
    });
    after(async () => server?.close());

    /** Every OTP and emergency-token change an admin API client can try on one user. */
    async function otpChangesOn(client: HttpClient, userId: string) {
      const [token] = (await tokensOf(client, userId)).items;
      assert.ok(token, 'every user has emergency tokens');
      return [
        await client.api('POST', `/users/${userId}/otp/setup/totp`, {}),
        await client.api('POST', `/users/${userId}/otp/setup/email`, { email: 'elsewhere@mail.example' }),
        await client.api('DELETE', `/users/${userId}/otp`),
        await client.api('POST', `/users/${userId}/emergency-tokens`, { count: 1 }),
        await client.api('POST', `/users/${userId}/emergency-tokens/${token.id}/reveal`, {}),
        await client.api('DELETE', `/users/${userId}/emergency-tokens/${token.id}`),
      ];
    }

    it('lets a Read-Only Admin change nothing through the admin API, not even their own account', async () => {
      const tokensBefore = await tokensOf(readOnly, auditor.id);
      for (const answer of await otpChangesOn(readOnly, auditor.id)) assertApiError(answer, 403, 'forbidden');
      assertApiError(await readOnly.api('PATCH', `/users/${auditor.id}`, { displayName: 'Me' }), 403, 'forbidden');
      assertApiError(await readOnly.api('POST', `/users/${auditor.id}/reset-password`, {}), 403, 'forbidden');

      const after = await userAsAdminSees(auditor.id);
      assert.deepEqual([after.otpType, after.displayName], ['none', '']);
      assert.deepEqual(await tokensOf(admin, auditor.id), tokensBefore);
      assert.deepEqual(await auditedBy(auditor.loginId, auditor.id), [], 'nothing was done in their name');
    });

    it('sends a User Admin to the OTP Settings of the portal for their own OTP and emergency tokens', async () => {
      const tokensBefore = await tokensOf(helpdesk, hal.id);
      for (const answer of await otpChangesOn(helpdesk, hal.id)) {
        const refusal = assertApiError(answer, 403, 'forbidden');
        assert.match(refusal.message, USE_THE_PORTAL);
      }
      const after = await userAsAdminSees(hal.id);
      assert.deepEqual([after.otpType, after.otpEmail], ['email', 'hal@mail.example'], 'his OTP stayed as it was');
      assert.deepEqual(await tokensOf(admin, hal.id), tokensBefore);

      // His group decides in the portal: no OTP setup there, so the admin API was his only way around it.
      const portal = await helpdesk.request('GET', PORTAL_SETUP, { headers: { accept: 'text/html' } });
      assert.equal(portal.status, 403);
      assert.match(portal.text, /does not allow configuring OTP in the portal/);

      // An ordinary user's OTP is still his to manage.
      assert.equal((await startTotpSetup(helpdesk, worker.id)).qrPngUrl.includes(worker.id), true);
      assert.equal((await helpdesk.api('POST', `/users/${worker.id}/emergency-tokens`, { count: 1 })).status, 200);
    });

    it("refuses a User Admin their own group, status, attributes, password and lockout, as another admin's", async () => {
      for (const changes of [
        { groupId: lenient.id },
        { status: 'disabled' },
        { attributes: { department: 'board' } },
        { displayName: 'Hal the Great' },
      ]) {
        const refusal = assertApiError(await helpdesk.api('PATCH', `/users/${hal.id}`, changes), 403, 'forbidden');
        assert.match(refusal.message, GLOBAL_ADMIN_ONLY);
      }
      const reset = assertApiError(
        await helpdesk.api('POST', `/users/${hal.id}/reset-password`, { password: 'Chosen-By-Hal-1' }),
        403,
        'forbidden',
      );
      assert.match(reset.message, GLOBAL_ADMIN_ONLY);
      assertApiError(await helpdesk.api('POST', `/users/${hal.id}/unlock`), 403, 'forbidden');

      const after = await userAsAdminSees(hal.id);
      assert.deepEqual(
        [after.groupId, after.status, after.attributes, after.displayName],
        [lockedDown.id, 'enabled', {}, ''],
      );
      assert.equal(await signInStatus(server, hal.loginId, GOOD_PASSWORD), 303, 'his password is unchanged');
      assert.equal(await signInStatus(server, hal.loginId, 'Chosen-By-Hal-1'), 401);
      assert.deepEqual(await auditedBy(hal.loginId, hal.id), [], 'nothing was done to his account');
    });

    it('lets a Global Admin change their own OTP and an admin’s group through the admin API', async () => {
      const me = (await admin.api('GET', '/me')).json<{ user: ApiUser }>().user;
      assert.equal(me.loginId, ADMIN_LOGIN);
      const setup = await startTotpSetup(admin, me.id);
      const confirmed = await admin.api('POST', `/users/${me.id}/otp/setup/${setup.setupId}/confirm`, {
        code: oathtoolCode(secretOfOtpauthUri(setup.otpauthUri)),
      });
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.equal((await userAsAdminSees(me.id)).otpType, 'authenticator-app');
      assert.equal((await admin.api('POST', `/users/${me.id}/emergency-tokens`, { count: 1 })).status, 200);

      const moved = await admin.api('PATCH', `/users/${hal.id}`, { groupId: lenient.id });
      assert.equal(moved.status, 200, moved.text);
    });

    it(
      'keeps self-service in the portal open to an admin whose group allows it',
      { skip: otpToolsSkipReason() },
      async () => {
        assert.equal((await userAsAdminSees(hal.id)).groupId, lenient.id, 'Hal is in a group that allows it now');
        const choice = await helpdesk.request('GET', PORTAL_SETUP);
        assert.equal(choice.status, 200);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(choice.text)?.[1] ?? '';
        const started = await helpdesk.request('POST', `${PORTAL_SETUP}/totp`, { form: { _csrf: csrf } });
        assert.equal(started.status, 303, started.text);
        const qrPage = started.headers.get('location') ?? '';
        const png = await downloadBytes(helpdesk, `${qrPage}/qr.png`);
        assert.equal(png.status, 200);
        const secret = secretOfOtpauthUri(decodeQrImage(png.body));

        const confirmed = await helpdesk.request('POST', `${qrPage}/confirm`, {
          form: { _csrf: csrf, code: oathtoolCode(secret) },
        });
        assert.equal(confirmed.status, 200, pageError(confirmed) ?? confirmed.text.slice(0, 300));
        assert.match(confirmed.text, /Success\. OTP is now enabled\./);
        assert.equal((await userAsAdminSees(hal.id)).otpType, 'authenticator-app');
      },
    );
  });
}
