// SPEC §5.3 lock-out guards for the changes that take away an OTP answer: Reset OTP (which also removes a Gatehouse
// Key device) and revoking emergency tokens, through the real admin API. Each is refused when afterwards no Global
// Admin could pass the OTP step their sign-in requires, and allowed while another Global Admin still could.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { LOCK_OUT_GUARD_MESSAGE } from '../../src/core/messages.js';
import { totpCode } from '../../src/core/otp/totp.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { TestKeyDevice } from '../support/key-device.js';
import { otpToolsSkipReason, registerAuthenticatorApp, startTotpSetup } from '../support/otp-tools.js';
import { addGroup, addUser, assertApiError, signedInClient, submitLogin, submitOtp } from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const TOTP_STEP_MS = 30_000;

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`lock-out guards for OTP removal (${dialect})`, { skip: skip || otpToolsSkipReason() }, () => {
    const servers: TestServer[] = [];
    after(async () => Promise.all(servers.map((server) => server.close())));

    async function freshTenant(clock = new ManualClock(Date.now())) {
      const server = await startTestServer(dialect, { clock });
      servers.push(server);
      const admin = await signedInClient(server);
      const adminId = (await admin.api('GET', '/me')).json<{ user: { id: string } }>().user.id;
      return { server, admin, adminId, clock };
    }

    async function revokeAllTokens(admin: HttpClient, userId: string): Promise<void> {
      const tokens = (await admin.api('GET', `/users/${userId}/emergency-tokens`)).json<{ items: { id: string }[] }>()
        .items;
      for (const token of tokens)
        assert.equal((await admin.api('DELETE', `/users/${userId}/emergency-tokens/${token.id}`)).status, 204);
    }

    const otpTypeOf = async (admin: HttpClient, userId: string) =>
      (await admin.api('GET', `/users/${userId}`)).json<{ otpType: string }>().otpType;

    it('refuses Reset OTP of the only Global Admin with OTP under enforcement "deny"', async () => {
      const { server, admin, adminId, clock } = await freshTenant();
      const secret = await registerAuthenticatorApp(admin, adminId, clock.now());
      const enforced = await admin.api('PATCH', '/settings', { adminOtpEnforcement: 'now', adminOtpMissing: 'deny' });
      assert.equal(enforced.status, 200, enforced.text);
      // From now on the console is used from a session that passed OTP, as enforcement requires.
      clock.advance(TOTP_STEP_MS);
      const console = new HttpClient(server.baseUrl);
      assert.equal((await submitLogin(console, ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
      assert.equal((await submitOtp(console, totpCode(secret, clock.now()))).status, 303);
      await revokeAllTokens(console, adminId);

      const refused = await console.api('DELETE', `/users/${adminId}/otp`);
      assert.equal(assertApiError(refused, 409, 'conflict').message, LOCK_OUT_GUARD_MESSAGE);
      assert.equal(await otpTypeOf(console, adminId), 'authenticator-app');

      // Another Global Admin with OTP keeps a way in: then the reset is allowed.
      const other = await addUser(console, { loginId: 'second.admin@example.com', role: 'global-admin' });
      await registerAuthenticatorApp(console, other.id, clock.now());
      assert.equal((await console.api('DELETE', `/users/${adminId}/otp`)).status, 204);
      assert.equal(await otpTypeOf(console, adminId), 'none');
    });

    it('refuses revoking the last emergency token of the only Global Admin in an "Always require" group', async () => {
      const { admin, adminId } = await freshTenant();
      const strict = await addGroup(admin, { displayName: 'Always OTP', skipOtp: 'always-require' });
      // Allowed: with no OTP method, the admin's emergency tokens answer the OTP step.
      assert.equal((await admin.api('PATCH', `/users/${adminId}`, { groupId: strict.id })).status, 200);
      const tokens = (await admin.api('GET', `/users/${adminId}/emergency-tokens`)).json<{ items: { id: string }[] }>()
        .items;
      assert.equal(tokens.length, 5);
      for (const token of tokens.slice(0, 4))
        assert.equal((await admin.api('DELETE', `/users/${adminId}/emergency-tokens/${token.id}`)).status, 204);

      const last = tokens[4]!.id;
      const refused = await admin.api('DELETE', `/users/${adminId}/emergency-tokens/${last}`);
      assert.equal(assertApiError(refused, 409, 'conflict').message, LOCK_OUT_GUARD_MESSAGE);
      const left = (await admin.api('GET', `/users/${adminId}/emergency-tokens`)).json<{ unused: number }>();
      assert.equal(left.unused, 1);

      // A second Global Admin who signs in with the password alone: the last token may go.
      await addUser(admin, { loginId: 'other.admin@example.com', role: 'global-admin' });
      assert.equal((await admin.api('DELETE', `/users/${adminId}/emergency-tokens/${last}`)).status, 204);
    });

    it('refuses removing the Gatehouse Key device (Reset OTP) that is the only Global Admin’s way through OTP', async () => {
      const { admin, adminId, clock } = await freshTenant();
      const setup = await startTotpSetup(admin, adminId);
      const device = new TestKeyDevice();
      const enrolled = await fetch(new URL(setup.otpauthUri).searchParams.get('gatehouse_enroll') as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          publicKey: device.publicJwk,
          deviceName: 'admin phone',
          code: totpCode(new URL(setup.otpauthUri).searchParams.get('secret') as string, clock.now()),
        }),
      });
      assert.equal(enrolled.status, 201, await enrolled.text());
      const strict = await addGroup(admin, { displayName: 'Always OTP', skipOtp: 'always-require' });
      assert.equal((await admin.api('PATCH', `/users/${adminId}`, { groupId: strict.id })).status, 200);
      await revokeAllTokens(admin, adminId);

      const refused = await admin.api('DELETE', `/users/${adminId}/otp`);
      assert.equal(assertApiError(refused, 409, 'conflict').message, LOCK_OUT_GUARD_MESSAGE);
      assert.equal(await otpTypeOf(admin, adminId), 'gatehouse-key');
      const kept = (await admin.api('GET', `/users/${adminId}/key-device`)).json<{ device: { name: string } | null }>();
      assert.equal(kept.device?.name, 'admin phone');
    });
  });
}
