// Issue 8 A4, C8, C9, C11: the OTP step answers at once in the setup stage, Change Password counts like a sign-in,
// `next` never breaks a sign-in, no request gets Fastify's own error body, and the idle timeout is exact.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { PORTAL_MESSAGES, SIGN_IN_MESSAGES } from '../../src/core/messages.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  addUser,
  assertNoInternals,
  GOOD_PASSWORD,
  pageError,
  signedInClient,
  signInStatus,
  submitLogin,
} from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

/** One raw HTTP/1.1 exchange: Node's own clients refuse to send some of the malformed requests tried here. */
function rawRequest(baseUrl: string, head: string): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(head));
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => {
      const [headers = '', body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(headers.split(' ')[1]), headers, body });
    });
  });
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`sign-in flow edges (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect, { env: { TRUST_PROXY: '127.0.0.1', LOGIN_IP_MAX_FAILURES: '1000' } });
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    it('falls back to the portal for a `next` with non-ASCII characters, after a successful password', async () => {
      for (const next of [
        '/portal/example.com/中',
        '/portal/example.com/%E0%A4%A',
        '/portal/example.com/../../x',
        '//evil.example/',
      ]) {
        const browser = new HttpClient(server.baseUrl);
        const answer = await browser.login(ADMIN_LOGIN, ADMIN_PASSWORD, { next });
        assert.equal(answer.status, 303, `${next}: ${answer.text.slice(0, 200)}`);
        assert.equal(answer.headers.get('location'), '/portal/example.com/', next);
      }
      const kept = await new HttpClient(server.baseUrl).login(ADMIN_LOGIN, ADMIN_PASSWORD, {
        next: '/admin/example.com/users?q=a%20b',
      });
      assert.equal(kept.headers.get('location'), '/admin/example.com/users?q=a%20b');
    });

    it("never answers with Fastify's default error body, even for a URL it cannot decode", async () => {
      for (const path of ['/portal/%E0%A4%A/login', '/api/admin/%zz/v1/users', '/static/%', '/api/key/v1/enroll/%E0']) {
        const json = await rawRequest(
          server.baseUrl,
          `GET ${path} HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nConnection: close\r\n\r\n`,
        );
        assert.equal(json.status, 400, path);
        assert.deepEqual(Object.keys(JSON.parse(json.body) as object).sort(), ['error', 'message'], json.body);
        assertNoInternals(json.body);
        assert.doesNotMatch(json.body, /FST_|statusCode/);
        if (path.startsWith('/api/')) continue;
        const page = await rawRequest(
          server.baseUrl,
          `GET ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n`,
        );
        assert.equal(page.status, 400);
        assert.match(page.headers, /content-type: text\/html/i);
      }
    });

    it('counts a wrong current password in Change Password like a wrong password at sign-in', async () => {
      assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 3 })).status, 200);
      try {
        const user = await addUser(admin, { loginId: 'changer@example.com' });
        const session = await signedInClient(server, user.loginId, GOOD_PASSWORD);
        const change = async () => {
          const token = await session.formToken('/portal/example.com/password');
          return session.request('POST', '/portal/example.com/password', {
            form: {
              _csrf: token,
              currentPassword: 'not-my-password',
              newPassword: 'Another-Passw0rd!',
              confirmPassword: 'Another-Passw0rd!',
            },
          });
        };
        for (let i = 0; i < 3; i++) {
          const wrong = await change();
          assert.equal(wrong.status, 400);
          assert.equal(pageError(wrong), PORTAL_MESSAGES.currentPasswordWrong);
        }
        const row = (await admin.api('GET', `/users/${user.id}`)).json<{ failedLoginCount: number; status: string }>();
        assert.deepEqual([row.failedLoginCount, row.status], [3, 'locked']);
        const stranger = await submitLogin(new HttpClient(server.baseUrl), user.loginId, GOOD_PASSWORD, {
          ip: '192.0.2.9',
        });
        assert.equal(stranger.status, 403);
        // The session's own address is familiar: it may go on, but only up to the overall ceiling.
        for (let i = 0; i < 3; i++) assert.equal((await change()).status, 400);
        const refused = await change();
        assert.equal(refused.status, 403);
        assert.equal(pageError(refused), `403 ${SIGN_IN_MESSAGES.accountLocked}`);
        const logged = await admin.api('GET', `/access-logs?userId=${user.id}&reason=invalid-credentials`);
        assert.equal(
          logged.json<{ items: { service: string }[] }>().items.filter((e) => e.service === 'change-password').length,
          6,
        );
      } finally {
        assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 10 })).status, 200);
      }
    });
  });

  describe(`Change Password counts towards the per-address throttle (${dialect})`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect, { env: { LOGIN_IP_MAX_FAILURES: '3' } });
    });
    after(async () => server?.close());

    it('throttles the address after LOGIN_IP_MAX_FAILURES wrong current passwords', async () => {
      const session = await signedInClient(server);
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const token = await session.formToken('/portal/example.com/password');
        const answer = await session.request('POST', '/portal/example.com/password', {
          form: {
            _csrf: token,
            currentPassword: 'guess',
            newPassword: 'Another-Passw0rd!',
            confirmPassword: 'Another-Passw0rd!',
          },
        });
        statuses.push(answer.status);
      }
      assert.deepEqual(statuses, [400, 400, 400, 429]);
      assert.equal(await signInStatus(server, ADMIN_LOGIN, ADMIN_PASSWORD), 429);
    });
  });

  describe(`the OTP-setup stage and the idle timeout (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0, 0));
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect, { clock, env: { SESSION_IDLE_MINUTES: '60' } });
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    it('ends an idle session at its configured time after the last request, not up to a minute early', async () => {
      const user = await addUser(admin, { loginId: 'idle@example.com' });
      const browser = await signedInClient(server, user.loginId, GOOD_PASSWORD);
      clock.advance(30_000);
      assert.equal((await browser.request('GET', '/portal/example.com/')).status, 200);
      clock.advance(60 * 60_000 - 1000);
      assert.equal((await browser.request('GET', '/portal/example.com/')).status, 200, '59:59 after the last request');
      clock.advance(60 * 60_000);
      assert.equal(
        (await browser.request('GET', '/portal/example.com/')).status,
        303,
        'an hour after the last request',
      );
    });

    it('answers a code posted during forced OTP setup at once, with the way to the setup', async () => {
      admin = await signedInClient(server);
      const newAdmin = await addUser(admin, { loginId: 'setup.admin@example.com', role: 'global-admin' });
      assert.equal((await admin.api('PATCH', '/settings', { adminOtpEnforcement: 'now' })).status, 200);
      const browser = new HttpClient(server.baseUrl);
      const password = await browser.login(newAdmin.loginId, GOOD_PASSWORD);
      assert.equal(password.headers.get('location'), '/portal/example.com/login/otp-setup');
      const token = await browser.formToken('/portal/example.com/login/otp-setup');
      const started = Date.now();
      const posted = await Promise.race([
        browser.request('POST', '/portal/example.com/login/otp', { form: { _csrf: token, code: '123456' } }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000)),
      ]);
      assert.ok(Date.now() - started < 5000);
      assert.equal(posted.status, 303);
      assert.equal(posted.headers.get('location'), '/portal/example.com/login/otp-setup');
    });
  });
}
