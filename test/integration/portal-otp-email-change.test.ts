import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import { addGroup, addUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** SPEC §4 "Allow changing the OTP notification email", as the portal's email OTP setup applies it. */
for (const { dialect, skip } of await dialectsToTest()) {
  describe(`changing the OTP notification email in the portal (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    async function userWithEmailOtp(loginId: string, groupId: string): Promise<HttpClient> {
      const user = await addUser(admin, { loginId, groupId });
      await server.gatehouse.store.db
        .updateTable('users')
        .set({ otp_type: 'email', otp_email: `${loginId.split('@')[0]}@mail.example` })
        .where('id', '=', user.id)
        .execute();
      return signedInClient(server, loginId, GOOD_PASSWORD);
    }

    async function submitEmail(client: HttpClient, email: string) {
      const token = await client.formToken('/portal/example.com/otp/setup/email');
      return client.request('POST', '/portal/example.com/otp/setup/email', { form: { _csrf: token, email } });
    }

    it('refuses another address when the group says Never, but allows the same one', async () => {
      const never = await addGroup(admin, { displayName: 'No email change', otpEmailChange: 'never' });
      const user = await userWithEmailOtp('fixed@example.com', never.id);
      const refused = await submitEmail(user, 'elsewhere@mail.example');
      assert.equal(refused.status, 403);
      assert.match(refused.text, /does not allow changing the OTP notification email/);
      assert.equal((await submitEmail(user, 'fixed@mail.example')).status, 303);
    });

    it('applies a condition, and Always allow', async () => {
      const office = await addGroup(admin, {
        displayName: 'Email change from office',
        otpEmailChange: 'conditions',
        otpEmailChangeCondition: 'ip4:203.0.113.0/24',
      });
      assert.equal(
        (await submitEmail(await userWithEmailOtp('remote@example.com', office.id), 'new@mail.example')).status,
        403,
      );
      const free = await addGroup(admin, { displayName: 'Email change allowed', otpEmailChange: 'always' });
      assert.equal(
        (await submitEmail(await userWithEmailOtp('free@example.com', free.id), 'new@mail.example')).status,
        303,
      );
    });
  });
}
