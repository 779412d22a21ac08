import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { Housekeeping } from '../../src/services/housekeeping.js';
import { dialectsToTest } from '../support/databases.js';
import { signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`housekeeping (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.now());
    let server: TestServer;
    before(async () => {
      server = await startTestServer(dialect, { clock });
    });
    after(async () => server?.close());

    const count = async (table: 'sessions' | 'otp_setups') =>
      Number(
        (
          await server.gatehouse.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('deletes expired sessions and old OTP setups, and keeps live ones', async () => {
      const admin = await signedInClient(server);
      const me = (await admin.api('GET', '/me')).json<{ user: { id: string } }>();
      assert.equal((await admin.api('POST', `/users/${me.user.id}/otp/setup/totp`)).status, 200);
      const housekeeping = new Housekeeping(server.gatehouse.store, clock, server.gatehouse.app.log as never);
      await housekeeping.runOnce();
      assert.equal(await count('sessions'), 1);
      assert.equal(await count('otp_setups'), 1);
      clock.advance(200 * 3_600_000);
      await housekeeping.runOnce();
      assert.equal(await count('sessions'), 0);
      assert.equal(await count('otp_setups'), 0);
    });

    it('runs on one node per round when several share the database (a lease)', async () => {
      const log = server.gatehouse.app.log as never;
      const nodes = Array.from({ length: 5 }, () => new Housekeeping(server.gatehouse.store, clock, log));
      const rounds = await Promise.all(nodes.map((node) => node.tick()));
      assert.equal(rounds.filter((round) => round === 'ran').length, 1, rounds.join(' '));
      const holder = nodes[rounds.indexOf('ran')]!;
      assert.equal(await nodes.find((node) => node !== holder)!.tick(), 'skipped', 'the lease still runs');
      assert.equal(await holder.tick(), 'ran', 'its holder renews it');
      await server.gatehouse.store.db
        .updateTable('leases')
        .set({ expires_at: Date.now() - 1 })
        .execute();
      assert.equal(await nodes.find((node) => node !== holder)!.tick(), 'ran', 'an expired lease is taken over');
    });
  });
}
