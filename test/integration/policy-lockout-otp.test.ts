import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOCK_OUT_GUARD_MESSAGE } from '../../src/core/messages.js';
import { commandLineActor } from '../../src/services/actor.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import { addGroup, assertApiError, signedInClient } from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

/** SPEC §5.3 lock-out guards that depend on the OTP step, not only on the allow condition. */
for (const { dialect, skip } of await dialectsToTest()) {
  describe(`lock-out guards and OTP (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let adminId: string;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server, ADMIN_LOGIN, ADMIN_PASSWORD);
      adminId = (await admin.api('GET', '/me')).json<{ user: { id: string } }>().user.id;
    });
    after(async () => server?.close());

    it('refuses to enforce admin OTP with "deny" while the only Global Admin has no OTP and no emergency token', async () => {
      // Unused emergency tokens answer the OTP step even under "deny" (then setup follows): they are a way in.
      const tokens = (await admin.api('GET', `/users/${adminId}/emergency-tokens`)).json<{ items: { id: string }[] }>()
        .items;
      for (const token of tokens)
        assert.equal((await admin.api('DELETE', `/users/${adminId}/emergency-tokens/${token.id}`)).status, 204);

      const answer = await admin.api('PATCH', '/settings', { adminOtpEnforcement: 'now', adminOtpMissing: 'deny' });
      assert.equal(assertApiError(answer, 409, 'conflict').message, LOCK_OUT_GUARD_MESSAGE);
      const settings = (await admin.api('GET', '/settings')).json<{ adminOtpEnforcement: string }>();
      assert.equal(settings.adminOtpEnforcement, 'scheduled');
      // Taking admins through setup instead keeps a way in, so that is allowed; this very session, opened
      // without OTP, is then refused until its admin signs in again (and sets up OTP on the way).
      assert.equal(
        (await admin.api('PATCH', '/settings', { adminOtpEnforcement: 'now', adminOtpMissing: 'setup' })).status,
        200,
      );
      assertApiError(await admin.api('GET', '/settings'), 403, 'otp_required');
      const tenant = await server.gatehouse.services.tenants.findByDomain('example.com');
      assert.ok(tenant);
      await server.gatehouse.services.tenants.updateSettings(tenant, commandLineActor(), {
        adminOtpEnforcement: 'scheduled',
        adminOtpEnforcedFrom: '2099-01-01T00:00:00Z',
      });
      assert.equal((await admin.api('GET', '/settings')).status, 200);
    });

    it('refuses an "Always require" group for the only Global Admin once no OTP method or token is left', async () => {
      const tokens = (await admin.api('GET', `/users/${adminId}/emergency-tokens`)).json<{ items: { id: string }[] }>()
        .items;
      for (const token of tokens)
        assert.equal((await admin.api('DELETE', `/users/${adminId}/emergency-tokens/${token.id}`)).status, 204);
      const strict = await addGroup(admin, { displayName: 'Always OTP', skipOtp: 'always-require' });
      const answer = await admin.api('PATCH', `/users/${adminId}`, { groupId: strict.id });
      assert.equal(assertApiError(answer, 409, 'conflict').message, LOCK_OUT_GUARD_MESSAGE);
      assert.notEqual((await admin.api('GET', `/users/${adminId}`)).json<{ groupId: string }>().groupId, strict.id);
      // With a token again, the same assignment is fine: the token answers the OTP step.
      assert.equal((await admin.api('POST', `/users/${adminId}/emergency-tokens`, { count: 1 })).status, 200);
      assert.equal((await admin.api('PATCH', `/users/${adminId}`, { groupId: strict.id })).status, 200);
    });
  });
}
