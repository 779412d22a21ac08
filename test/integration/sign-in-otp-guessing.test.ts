// Issue 8 C3: OTP guessing is bounded even with lockout turned off — a per-account OTP failure limit that the
// lockout settings cannot disable, and wrong answers counting towards the per-address throttle.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SIGN_IN_MESSAGES } from '../../src/core/messages.js';
import { totpCode } from '../../src/core/otp/totp.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { otpToolsSkipReason, registerAuthenticatorApp, wrongCode } from '../support/otp-tools.js';
import {
  accessLogEntries,
  addGroup,
  addUser,
  GOOD_PASSWORD,
  pageError,
  signedInClient,
  submitLogin,
  submitOtp,
} from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const toolsSkip = otpToolsSkipReason();

/** A password sign-in that reaches the OTP step, from `ip`. */
async function atOtpStep(server: TestServer, loginId: string, ip: string): Promise<HttpClient> {
  const browser = new HttpClient(server.baseUrl);
  const answer = await submitLogin(browser, loginId, GOOD_PASSWORD, { ip });
  assert.equal(answer.status, 303, answer.text.slice(0, 300));
  assert.equal(answer.headers.get('location'), '/portal/example.com/login/otp');
  return browser;
}

/** The hidden CSRF field of the OTP page, loaded once so that many answers can be posted at the same time. */
async function otpToken(browser: HttpClient): Promise<string> {
  return browser.formToken('/portal/example.com/login/otp');
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OTP guessing is bounded with lockout off (${dialect})`, { skip: skip || toolsSkip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let groupId: string;

    before(async () => {
      server = await startTestServer(dialect, { env: { TRUST_PROXY: '127.0.0.1', LOGIN_IP_MAX_FAILURES: '100000' } });
      admin = await signedInClient(server);
      assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 0 })).status, 200);
      groupId = (await addGroup(admin, { displayName: 'Always OTP', skipOtp: 'always-require' })).id;
    });
    after(async () => server?.close());

    async function totpUser(loginId: string): Promise<{ id: string; secret: string }> {
      const user = await addUser(admin, { loginId, groupId });
      return { id: user.id, secret: await registerAuthenticatorApp(admin, user.id) };
    }

    it('stops after OTP_MAX_FAILURES (10) wrong codes across attempts; then even the right code is refused', async () => {
      const user = await totpUser('guessed@example.com');
      let wrongAnswers = 0;
      let refusal: Awaited<ReturnType<typeof submitOtp>> | undefined;
      for (let attempt = 0; attempt < 24 && !refusal; attempt++) {
        const browser = await atOtpStep(server, 'guessed@example.com', '198.51.100.10');
        for (let i = 0; i < 5; i++) {
          const answer = await submitOtp(browser, wrongCode(user.secret), { ip: '198.51.100.10' });
          if (answer.status === 429) {
            refusal = answer;
            break;
          }
          wrongAnswers++;
          if (answer.status !== 400) break;
        }
      }
      assert.equal(wrongAnswers, 10);
      assert.ok(refusal);
      assert.equal(pageError(refusal), SIGN_IN_MESSAGES.otpLimit);
      const browser = await atOtpStep(server, 'guessed@example.com', '198.51.100.11');
      const right = await submitOtp(browser, totpCode(user.secret, Date.now()), { ip: '198.51.100.11' });
      assert.equal(right.status, 429, 'the limit holds for the account, from any address');
      const reasons = (await accessLogEntries(admin, { userId: user.id })).map((entry) => entry.reason);
      assert.equal(reasons.filter((reason) => reason === 'otp-invalid').length, 10);
      assert.ok(reasons.includes('otp-limit'));
    });

    it('lets no more than 10 of 40 simultaneous wrong codes reach the check', async () => {
      const user = await totpUser('simultaneous@example.com');
      const verifier = server.gatehouse.services.otpVerifier;
      const verifyTotp = verifier.verifyTotp.bind(verifier);
      let checked = 0;
      verifier.verifyTotp = async (row, code) => {
        if (row.id === user.id) checked++;
        return verifyTotp(row, code);
      };
      const browsers = [];
      for (let i = 0; i < 8; i++) {
        const browser = await atOtpStep(server, 'simultaneous@example.com', '198.51.100.12');
        browsers.push({ browser, token: await otpToken(browser) });
      }
      const answers = await Promise.all(
        browsers.flatMap(({ browser, token }) =>
          Array.from({ length: 5 }, () =>
            browser.request('POST', '/portal/example.com/login/otp', {
              form: { _csrf: token, code: wrongCode(user.secret) },
              headers: { 'x-forwarded-for': '198.51.100.12' },
            }),
          ),
        ),
      );
      verifier.verifyTotp = verifyTotp;
      assert.ok(checked <= 10, `${checked} codes were checked`);
      assert.ok(answers.some((answer) => answer.status === 429 && pageError(answer) === SIGN_IN_MESSAGES.otpLimit));
      const invalid = (await accessLogEntries(admin, { userId: user.id })).filter((e) => e.reason === 'otp-invalid');
      assert.equal(invalid.length, checked);
    });
  });

  describe(
    `wrong one-time passwords count towards the per-address throttle (${dialect})`,
    { skip: skip || toolsSkip },
    () => {
      let server: TestServer;

      before(async () => {
        server = await startTestServer(dialect, { env: { TRUST_PROXY: '127.0.0.1', LOGIN_IP_MAX_FAILURES: '6' } });
      });
      after(async () => server?.close());

      it('throttles the address once its wrong codes reach LOGIN_IP_MAX_FAILURES', async () => {
        const admin = await signedInClient(server);
        const groupId = (await addGroup(admin, { displayName: 'Always OTP', skipOtp: 'always-require' })).id;
        const user = await addUser(admin, { loginId: 'throttled@example.com', groupId });
        const secret = await registerAuthenticatorApp(admin, user.id);
        const ip = '198.51.100.20';
        const first = await atOtpStep(server, user.loginId, ip);
        for (let i = 0; i < 5; i++)
          assert.equal((await submitOtp(first, wrongCode(secret), { ip })).status, i < 4 ? 400 : 401);
        const second = await atOtpStep(server, user.loginId, ip);
        assert.equal((await submitOtp(second, wrongCode(secret), { ip })).status, 400);
        const throttled = await submitOtp(second, totpCode(secret, Date.now()), { ip });
        assert.equal(throttled.status, 429);
        assert.equal(pageError(throttled), SIGN_IN_MESSAGES.tooManyAttempts);
        assert.equal(
          (await submitLogin(new HttpClient(server.baseUrl), user.loginId, GOOD_PASSWORD, { ip })).status,
          429,
        );
        assert.equal(
          (await submitLogin(new HttpClient(server.baseUrl), user.loginId, GOOD_PASSWORD, { ip: '198.51.100.21' }))
            .status,
          303,
        );
      });
    },
  );
}
