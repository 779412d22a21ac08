// Issue 8 C1 and C10: lockout and the per-address throttle count exactly when 40 wrong passwords arrive at once,
// unknown login IDs lock exactly like real ones, and smart lockout keeps strangers from locking out the owner.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SIGN_IN_MESSAGES } from '../../src/core/messages.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { addUser, GOOD_PASSWORD, pageError, signedInClient, submitLogin } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const LOCKED = `403 ${SIGN_IN_MESSAGES.accountLocked}`;

/** Counts how many passwords reach argon2 (a real verify or the unknown-ID stand-in). */
function countHashChecks(server: TestServer): { readonly count: number } {
  const hasher = server.gatehouse.services.hasher;
  const verify = hasher.verify.bind(hasher);
  const counter = { count: 0 };
  hasher.verify = async (stored, password) => {
    counter.count++;
    return verify(stored, password);
  };
  return counter;
}

/** `n` browsers that each loaded the login form (cookie + token), then post their forms all at once. */
async function simultaneousLogins(
  server: TestServer,
  n: number,
  form: (i: number) => { loginId: string; password: string },
  ip?: string,
) {
  const browsers = await Promise.all(
    Array.from({ length: n }, async () => {
      const client = new HttpClient(server.baseUrl);
      return { client, token: await client.formToken('/portal/example.com/login') };
    }),
  );
  const headers: Record<string, string> = ip ? { 'x-forwarded-for': ip } : {};
  return Promise.all(
    browsers.map(({ client, token }, i) =>
      client.request('POST', '/portal/example.com/login', { form: { _csrf: token, ...form(i) }, headers }),
    ),
  );
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`lockout counts exactly under concurrency (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect, { env: { TRUST_PROXY: '127.0.0.1', LOGIN_IP_MAX_FAILURES: '1000' } });
      admin = await signedInClient(server);
      assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 10 })).status, 200);
    });
    after(async () => server?.close());

    it('checks no more than the threshold of 40 simultaneous wrong passwords, and locks at exactly the threshold', async () => {
      const user = await addUser(admin, { loginId: 'burst@example.com' });
      const hashChecks = countHashChecks(server);
      const answers = await simultaneousLogins(
        server,
        40,
        () => ({ loginId: 'burst@example.com', password: 'wrong-password' }),
        '198.51.100.40',
      );
      assert.ok(hashChecks.count <= 10, `${hashChecks.count} passwords reached the hash`);
      assert.equal(answers.filter((a) => a.status === 401).length, hashChecks.count);
      assert.equal(answers.filter((a) => a.status === 403).length, 40 - hashChecks.count);
      const row = (await admin.api('GET', `/users/${user.id}`)).json<{ failedLoginCount: number; status: string }>();
      assert.equal(row.failedLoginCount, 10);
      assert.equal(row.status, 'locked');
    });

    it('answers an unknown login ID exactly like a known one: the same 403 after the same count', async () => {
      const known = await addUser(admin, { loginId: 'known.twin@example.com' });
      const tries = async (loginId: string) => {
        const pages = [];
        for (let i = 0; i < 11; i++)
          pages.push(
            await submitLogin(new HttpClient(server.baseUrl), loginId, 'nope-nope-1', { ip: '198.51.100.41' }),
          );
        return pages.map((page) => [page.status, pageError(page)]);
      };
      const forKnown = await tries(known.loginId);
      const forUnknown = await tries('nobody.at.all@example.com');
      assert.deepEqual(forUnknown, forKnown);
      assert.deepEqual(forKnown.at(-1), [403, LOCKED]);
      assert.deepEqual(forKnown.at(-2), [401, SIGN_IN_MESSAGES.invalidCredentials]);
    });

    it('counts 40 simultaneous guesses at an unknown login ID exactly too', async () => {
      const hashChecks = countHashChecks(server);
      const answers = await simultaneousLogins(
        server,
        40,
        () => ({ loginId: 'ghost@example.com', password: 'x-wrong-x' }),
        '198.51.100.42',
      );
      assert.ok(hashChecks.count <= 10, `${hashChecks.count} guesses reached the hash`);
      assert.equal(answers.filter((a) => a.status === 403).length, 40 - hashChecks.count);
    });

    it('lets the owner in from a familiar address while a stranger has locked the account, up to the ceiling', async () => {
      const owner = await addUser(admin, { loginId: 'owner@example.com' });
      const home = '203.0.113.10';
      assert.equal(
        (await submitLogin(new HttpClient(server.baseUrl), owner.loginId, GOOD_PASSWORD, { ip: home })).status,
        303,
      );
      for (let i = 0; i < 10; i++)
        await submitLogin(new HttpClient(server.baseUrl), owner.loginId, 'stranger-guess', { ip: '192.0.2.66' });
      const stranger = await submitLogin(new HttpClient(server.baseUrl), owner.loginId, GOOD_PASSWORD, {
        ip: '192.0.2.66',
      });
      assert.equal(stranger.status, 403, 'an unfamiliar client is locked out, even with the right password');
      assert.equal(pageError(stranger), LOCKED);
      const fromHome = await submitLogin(new HttpClient(server.baseUrl), owner.loginId, GOOD_PASSWORD, { ip: home });
      assert.equal(fromHome.status, 303, 'the owner still gets in from an address they signed in from');

      // Familiar clients may go on failing only up to twice the threshold; then everyone is locked out.
      for (let i = 0; i < 10; i++)
        await submitLogin(new HttpClient(server.baseUrl), owner.loginId, 'stranger-guess', { ip: '192.0.2.66' });
      for (let i = 0; i < 10; i++)
        assert.equal(
          (await submitLogin(new HttpClient(server.baseUrl), owner.loginId, 'typo', { ip: home })).status,
          401,
        );
      const ceiling = await submitLogin(new HttpClient(server.baseUrl), owner.loginId, GOOD_PASSWORD, { ip: home });
      assert.equal(ceiling.status, 403);
      assert.equal(pageError(ceiling), LOCKED);
    });

    it('lets a browser holding an entrance pass in while the account is locked for others', async () => {
      assert.equal((await admin.api('PATCH', '/settings', { entrancePass: 'always' })).status, 200);
      try {
        const owner = await addUser(admin, { loginId: 'pass.holder@example.com' });
        const browser = new HttpClient(server.baseUrl);
        assert.equal((await submitLogin(browser, owner.loginId, GOOD_PASSWORD, { ip: '203.0.113.20' })).status, 303);
        assert.ok(browser.cookies.has('gatehouse_pass'));
        for (let i = 0; i < 10; i++)
          await submitLogin(new HttpClient(server.baseUrl), owner.loginId, 'stranger-guess', { ip: '192.0.2.77' });
        const other = await submitLogin(new HttpClient(server.baseUrl), owner.loginId, GOOD_PASSWORD, {
          ip: '198.51.100.98',
        });
        assert.equal(other.status, 403);
        // A new address, but the browser's pass makes it familiar.
        const again = await submitLogin(browser, owner.loginId, GOOD_PASSWORD, { ip: '198.51.100.99' });
        assert.equal(again.status, 303);
      } finally {
        assert.equal((await admin.api('PATCH', '/settings', { entrancePass: 'never' })).status, 200);
      }
    });
  });

  describe(`the per-address throttle counts exactly under concurrency (${dialect})`, { skip }, () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer(dialect, { env: { TRUST_PROXY: '127.0.0.1', LOGIN_IP_MAX_FAILURES: '10' } });
    });
    after(async () => server?.close());

    it('checks no more than LOGIN_IP_MAX_FAILURES of 40 simultaneous failures from one address', async () => {
      const hashChecks = countHashChecks(server);
      const answers = await simultaneousLogins(
        server,
        40,
        (i) => ({ loginId: `spray${i}@example.com`, password: 'Spray-Password-1' }),
        '198.51.100.50',
      );
      assert.ok(hashChecks.count <= 10, `${hashChecks.count} passwords reached the hash`);
      assert.equal(answers.filter((a) => a.status === 429).length, 40 - hashChecks.count);
      assert.equal(pageError(answers.find((a) => a.status === 429)!), SIGN_IN_MESSAGES.tooManyAttempts);
      const elsewhere = await submitLogin(new HttpClient(server.baseUrl), 'spray0@example.com', 'x', {
        ip: '198.51.100.51',
      });
      assert.equal(elsewhere.status, 401, 'another address is not throttled');
    });

    it('gives a reservation back when the password was right', async () => {
      const admin = new HttpClient(server.baseUrl);
      for (let i = 0; i < 15; i++) {
        const answer = await submitLogin(admin, 'admin@example.com', 'Initial-Admin-Pass-1', { ip: '198.51.100.52' });
        assert.equal(answer.status, 303);
      }
    });
  });
}
