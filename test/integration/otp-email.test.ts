// SPEC §3 "Email codes" and §3.1 step 5, against a real SMTP server on loopback.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import { otpToolsSkipReason, registerAuthenticatorApp } from '../support/otp-tools.js';
import { addUser, type ApiAuditEntry, type ApiUser, assertApiError, signedInClient } from '../support/scenario.js';
import { type ReceivedMail, TestSmtpServer } from '../support/smtp-server.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SUCCESS = 'Success. OTP is now enabled.';
const INVALID = 'Invalid one-time password.';
const toolsSkip = otpToolsSkipReason();

interface EmailSetup {
  setupId: string;
  email: string;
  expiresAt: string;
  resendAfter: string;
}

/** The one six-digit number in the mail's text. */
function codeIn(mail: ReceivedMail): string {
  const codes = mail.text.match(/\b\d{6}\b/g) ?? [];
  assert.equal(codes.length, 1, `expected one 6-digit code in the mail, got: ${mail.text}`);
  return codes[0] as string;
}

/** Some other six-digit code. */
const otherThan = (code: string) => String((Number(code) + 500_001) % 1_000_000).padStart(6, '0');

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OTP by email (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.UTC(2026, 4, 5, 8, 0, 0));
    let smtp: TestSmtpServer;
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      smtp = await TestSmtpServer.start();
      server = await startTestServer(dialect, { env: { SMTP_URL: smtp.url }, clock });
      admin = await signedInClient(server);
    });
    after(async () => {
      await server?.close();
      await smtp?.close();
    });

    async function newUser(local: string): Promise<ApiUser> {
      return addUser(admin, { loginId: `${local}@example.com`, displayName: local });
    }

    async function startEmail(userId: string, email: string): Promise<EmailSetup> {
      const answer = await admin.api('POST', `/users/${userId}/otp/setup/email`, { email });
      assert.equal(answer.status, 200, answer.text);
      return answer.json<EmailSetup>();
    }

    const confirm = (userId: string, setupId: string, code: string) =>
      admin.api('POST', `/users/${userId}/otp/setup/${setupId}/confirm`, { code });

    async function otpOf(userId: string): Promise<{ otpType: string; otpEmail: string }> {
      const user = (await admin.api('GET', `/users/${userId}`)).json<{ otpType: string; otpEmail: string }>();
      return { otpType: user.otpType, otpEmail: user.otpEmail };
    }

    it('mails a code to the address and registers email OTP with it', async () => {
      const user = await newUser('kim.mail');
      const setup = await startEmail(user.id, 'kim.private@example.net');
      assert.equal(setup.email, 'kim.private@example.net');
      assert.equal(setup.expiresAt, new Date(clock.now() + 5 * 60_000).toISOString());
      assert.equal(setup.resendAfter, new Date(clock.now() + 30_000).toISOString());

      const mail = await smtp.waitForMessage('kim.private@example.net');
      assert.deepEqual(mail.to, ['kim.private@example.net'], 'sent to that address only');
      assert.equal(mail.from, 'gatehouse@example.com');
      assert.match(mail.subject, /one-time password/i);
      const code = codeIn(mail);

      const stored = await server.gatehouse.store.db
        .selectFrom('otp_setups')
        .selectAll()
        .where('id', '=', setup.setupId)
        .executeTakeFirstOrThrow();
      assert.ok(stored.code_hash.length > 0);
      assert.ok(!stored.code_hash.includes(code), 'the code is not stored in clear');
      assert.ok(!JSON.stringify(stored).includes(code), 'no column holds the code in clear');

      const confirmed = await confirm(user.id, setup.setupId, code);
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.deepEqual(confirmed.json(), { otpType: 'email', message: SUCCESS });
      assert.deepEqual(await otpOf(user.id), { otpType: 'email', otpEmail: 'kim.private@example.net' });

      const log = (await admin.api('GET', '/audit-logs?operation=otp.register&limit=200')).json<{
        items: ApiAuditEntry[];
      }>();
      const entry = log.items.find((e) => e.targetId === user.id);
      assert.deepEqual(
        [entry?.before, entry?.after],
        [{ otpType: 'none' }, { otpType: 'email', otpEmail: 'kim.private@example.net' }],
      );
      assert.ok(!JSON.stringify(log).includes(code), 'the log does not show the code');

      assertApiError(await confirm(user.id, setup.setupId, code), 409, 'conflict');
      assert.equal(smtp.messagesTo('kim.private@example.net').length, 1);
    });

    it('refuses even the right code after five wrong ones, until a new code is sent', async () => {
      const user = await newUser('leo.guess');
      const setup = await startEmail(user.id, 'leo.guess@example.net');
      const code = codeIn(await smtp.waitForMessage('leo.guess@example.net'));
      for (let attempt = 1; attempt <= 5; attempt++) {
        const wrong = assertApiError(
          await confirm(user.id, setup.setupId, otherThan(code)),
          400,
          'validation_failed',
          'code',
        );
        assert.equal(wrong.message, INVALID, `attempt ${attempt}`);
      }
      const refused = assertApiError(await confirm(user.id, setup.setupId, code), 410, 'expired');
      assert.match(refused.message, /^Too many wrong codes/);
      assert.equal((await otpOf(user.id)).otpType, 'none');

      clock.advance(30_000);
      const resent = await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/resend`);
      assert.equal(resent.status, 200, resent.text);
      const fresh = codeIn(await smtp.waitForMessage('leo.guess@example.net', { after: 1 }));
      const confirmed = await confirm(user.id, setup.setupId, fresh);
      assert.equal(confirmed.status, 200, confirmed.text);
    });

    it('refuses a code older than 5 minutes', async () => {
      const user = await newUser('mia.late');
      const setup = await startEmail(user.id, 'mia.late@example.net');
      const code = codeIn(await smtp.waitForMessage('mia.late@example.net'));
      clock.advance(5 * 60_000);
      const gone = assertApiError(await confirm(user.id, setup.setupId, code), 410, 'expired');
      assert.match(gone.message, /expired/i);
      assert.equal((await otpOf(user.id)).otpType, 'none');
    });

    it('resends at most every 30 seconds, and the new code replaces the old one', async () => {
      const user = await newUser('nils.resend');
      const setup = await startEmail(user.id, 'nils.resend@example.net');
      const oldCode = codeIn(await smtp.waitForMessage('nils.resend@example.net'));
      const resendPath = `/users/${user.id}/otp/setup/${setup.setupId}/resend`;

      const tooSoon = await admin.api('POST', resendPath);
      assertApiError(tooSoon, 429, 'too_soon');
      assert.equal(tooSoon.headers.get('retry-after'), '30');
      clock.advance(12_000);
      const stillTooSoon = await admin.api('POST', resendPath);
      assertApiError(stillTooSoon, 429, 'too_soon');
      assert.equal(stillTooSoon.headers.get('retry-after'), '18');
      assert.equal(smtp.messagesTo('nils.resend@example.net').length, 1, 'no mail for a refused resend');

      clock.advance(18_000);
      const resent = await admin.api('POST', resendPath);
      assert.equal(resent.status, 200, resent.text);
      assert.equal(resent.json<EmailSetup>().resendAfter, new Date(clock.now() + 30_000).toISOString());
      const newCode = codeIn(await smtp.waitForMessage('nils.resend@example.net', { after: 1 }));
      if (newCode !== oldCode) {
        const old = assertApiError(await confirm(user.id, setup.setupId, oldCode), 400, 'validation_failed', 'code');
        assert.equal(old.message, INVALID);
      }
      assert.equal((await confirm(user.id, setup.setupId, newCode)).status, 200);
      assert.equal((await otpOf(user.id)).otpType, 'email');
    });

    it('refuses an invalid address without sending anything', async () => {
      const user = await newUser('olga.typo');
      const before = smtp.messages.length;
      for (const email of ['not-an-email', 'olga@', '@example.net', 'olga example@example.net', '']) {
        assertApiError(
          await admin.api('POST', `/users/${user.id}/otp/setup/email`, { email }),
          400,
          'validation_failed',
          'email',
        );
      }
      assertApiError(
        await admin.api('POST', `/users/${user.id}/otp/setup/email`, {}),
        400,
        'validation_failed',
        'email',
      );
      assert.equal(smtp.messages.length, before);
      assert.equal((await otpOf(user.id)).otpType, 'none');
    });

    it('answers 502 when the mail server refuses the mail, and registers nothing', { skip: toolsSkip }, async () => {
      const user = await newUser('paul.bounce');
      await registerAuthenticatorApp(admin, user.id, clock.now());
      smtp.rejecting = true;
      try {
        const failed = assertApiError(
          await admin.api('POST', `/users/${user.id}/otp/setup/email`, { email: 'paul.bounce@example.net' }),
          502,
          'mail_not_sent',
        );
        assert.match(failed.message, /could not be sent/);
      } finally {
        smtp.rejecting = false;
      }
      assert.deepEqual(await otpOf(user.id), { otpType: 'authenticator-app', otpEmail: '' });
      assert.equal(smtp.messagesTo('paul.bounce@example.net').length, 0);
      const pending = await server.gatehouse.store.db
        .selectFrom('otp_setups')
        .select('id')
        .where('user_id', '=', user.id)
        .where('completed_at', '=', 0)
        .execute();
      assert.deepEqual(pending, [], 'no setup waits for a code that was never sent');
    });

    it('still registers without SMTP_URL (the code goes to the server log)', async () => {
      const trial = await startTestServer(dialect, { clock });
      try {
        const trialAdmin = await signedInClient(trial);
        const user = await addUser(trialAdmin, { loginId: 'quinn.trial@example.com' });
        const before = smtp.messages.length;
        const answer = await trialAdmin.api('POST', `/users/${user.id}/otp/setup/email`, {
          email: 'quinn.trial@example.net',
        });
        assert.equal(answer.status, 200, answer.text);
        const { setupId } = answer.json<EmailSetup>();
        assert.deepEqual((await trialAdmin.api('GET', `/users/${user.id}/otp/setup/${setupId}`)).json(), {
          status: 'pending',
        });
        assert.equal(smtp.messages.length, before, 'nothing reached the SMTP server of the other instance');
      } finally {
        await trial.close();
      }
    });
  });
}
