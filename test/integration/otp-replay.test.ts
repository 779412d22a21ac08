// SPEC §3: "a code, once accepted, is never accepted again", also when two Gatehouse servers share one database
// and the same code reaches both at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import type { Gatehouse } from '../../src/main.js';
import type { TenantRow, UserRow } from '../../src/store/schema.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import {
  oathtoolCode,
  otpToolsSkipReason,
  registerAuthenticatorApp,
  secretOfOtpauthUri,
  startTotpSetup,
} from '../support/otp-tools.js';
import { addUser, type ApiAuditEntry, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const STEP = 30_000;
const ROUNDS = 20;
const toolsSkip = otpToolsSkipReason();

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OTP codes are accepted once (${dialect})`, { skip: skip || toolsSkip }, () => {
    const clock = new ManualClock(Date.UTC(2026, 3, 1, 12, 0, 5));
    let first: TestServer;
    let second: TestServer;
    let adminOfFirst: HttpClient;
    let adminOfSecond: HttpClient;

    before(async () => {
      first = await startTestServer(dialect, { clock });
      // A second Gatehouse on the same database and data folder (so the same master key), as behind a load balancer.
      second = await startTestServer(dialect, {
        clock,
        databaseUrl: first.databaseUrl,
        dataDir: first.gatehouse.config.dataDir,
      });
      [adminOfFirst, adminOfSecond] = await Promise.all([signedInClient(first), signedInClient(second)]);
    });
    after(async () => {
      await second?.stop();
      await first?.close();
    });

    async function tenantOf(gatehouse: Gatehouse): Promise<TenantRow> {
      const tenant = await gatehouse.services.tenants.findByDomain('example.com');
      assert.ok(tenant);
      return tenant;
    }

    /** The user as a request on that server would load it. */
    async function rowOn(gatehouse: Gatehouse, userId: string): Promise<UserRow> {
      return gatehouse.services.users.requireRow(await tenantOf(gatehouse), userId);
    }

    it('accepts a fresh code once and never again, nor an older one', async () => {
      const user = await addUser(adminOfFirst, { loginId: 'replay.single@example.com' });
      const secret = await registerAuthenticatorApp(adminOfFirst, user.id, clock.now());
      const verifier = first.gatehouse.services.otpVerifier;

      // The code used to register was accepted then: it cannot be used to sign in.
      assert.equal(
        await verifier.verifyTotp(await rowOn(first.gatehouse, user.id), oathtoolCode(secret, clock.now())),
        false,
        'the registration code replayed',
      );

      clock.advance(STEP);
      const fresh = oathtoolCode(secret, clock.now());
      assert.equal(await verifier.verifyTotp(await rowOn(first.gatehouse, user.id), fresh), true, 'a fresh code');
      assert.equal(
        await verifier.verifyTotp(await rowOn(first.gatehouse, user.id), fresh),
        false,
        'the same code again',
      );
      assert.equal(
        await verifier.verify(await rowOn(second.gatehouse, user.id), fresh),
        null,
        'the same code on the other server',
      );

      // A stale row (loaded before the code was accepted) must not let the code through either.
      clock.advance(STEP);
      const stale = await rowOn(first.gatehouse, user.id);
      const next = oathtoolCode(secret, clock.now());
      assert.equal(await verifier.verifyTotp(stale, next), true);
      assert.equal(await verifier.verifyTotp(stale, next), false, 'replayed with a row read before the first use');

      // The previous step's code is still inside the ±1 window, but older than the accepted one.
      assert.equal(
        await verifier.verifyTotp(await rowOn(first.gatehouse, user.id), oathtoolCode(secret, clock.now() - STEP)),
        false,
        'an older code after a newer one',
      );
      clock.advance(STEP);
      assert.equal(
        await verifier.verify(await rowOn(first.gatehouse, user.id), oathtoolCode(secret, clock.now())),
        'totp',
      );
    });

    it('accepts a code exactly once when two servers check it at the same moment', async () => {
      const user = await addUser(adminOfFirst, { loginId: 'replay.race@example.com' });
      const secret = await registerAuthenticatorApp(adminOfFirst, user.id, clock.now());
      const winners: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        clock.advance(STEP);
        const code = oathtoolCode(secret, clock.now());
        const [rowA, rowB, rowC] = await Promise.all([
          rowOn(first.gatehouse, user.id),
          rowOn(second.gatehouse, user.id),
          rowOn(second.gatehouse, user.id),
        ]);
        const results = await Promise.all([
          first.gatehouse.services.otpVerifier.verifyTotp(rowA, code),
          second.gatehouse.services.otpVerifier.verifyTotp(rowB, code),
          second.gatehouse.services.otpVerifier.verifyTotp(rowC, code),
        ]);
        assert.equal(
          results.filter(Boolean).length,
          1,
          `round ${round}: accepted ${results.filter(Boolean).length} times (${results.join(', ')})`,
        );
        winners.push(results[0] ? 'first' : 'second');
      }
      assert.equal(winners.length, ROUNDS);
    });

    it('registers once when the same setup is confirmed twice at the same moment', async () => {
      for (let round = 0; round < 3; round++) {
        const user = await addUser(adminOfFirst, { loginId: `double.confirm${round}@example.com` });
        const setup = await startTotpSetup(adminOfFirst, user.id);
        const code = oathtoolCode(secretOfOtpauthUri(setup.otpauthUri), clock.now());
        const path = `/users/${user.id}/otp/setup/${setup.setupId}/confirm`;
        const answers = await Promise.all([
          adminOfFirst.api('POST', path, { code }),
          adminOfSecond.api('POST', path, { code }),
          adminOfSecond.api('POST', path, { code }),
        ]);
        const statuses = answers.map((a) => a.status).sort();
        assert.deepEqual(
          statuses,
          [200, 409, 409],
          `round ${round}: ${answers.map((a) => `${a.status} ${a.text}`).join(' | ')}`,
        );

        const log = await adminOfFirst.api('GET', '/audit-logs?operation=otp.register&limit=200');
        const entries = log.json<{ items: ApiAuditEntry[] }>().items.filter((entry) => entry.targetId === user.id);
        assert.equal(entries.length, 1, 'one registration in the Admin Operation Logs');
        assert.equal((await rowOn(second.gatehouse, user.id)).otp_type, 'authenticator-app');
      }
    });
  });
}
