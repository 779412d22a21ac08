// An administrator's last passkey under phishing-resistant sign-in is kept even when two removals race (two nodes on
// one PostgreSQL): the removal that comes second waits for the first at the user's row lock, then counts what the
// first left. SQLite serves one node, whose one connection runs one transaction at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore, type Store } from '../../src/store/database.js';
import { deletePasskeyUnlessLast, insertPasskey, listPasskeysOfUser } from '../../src/store/passkeys.js';
import { dialectsToTest } from '../support/databases.js';
import { addUser, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

for (const { dialect, skip } of await dialectsToTest()) {
  if (dialect !== 'postgres') continue;
  describe(`removing a user's last passkeys at once (${dialect})`, { skip }, () => {
    let server: TestServer;
    let otherNode: Store;
    before(async () => {
      server = await startTestServer(dialect);
      otherNode = openStore(server.databaseUrl);
    });
    after(async () => {
      await otherNode?.close();
      await server?.close();
    });

    it('lets the first of two removals of the last two passkeys through and answers the second "last"', async () => {
      const admin = await signedInClient(server);
      const user = await addUser(admin, { loginId: 'racer@example.com' });
      const tenantId = (await server.gatehouse.services.tenants.findByDomain('example.com'))?.id ?? '';
      for (const n of [1, 2])
        await insertPasskey(server.gatehouse.store.db, {
          id: `race-${n}`,
          tenant_id: tenantId,
          user_id: user.id,
          credential_id: `race-credential-${n}`,
          public_key: 'AA',
          sign_count: 0,
          transports: '',
          aaguid: '',
          device_type: 'singleDevice',
          backed_up: 0,
          name: `Key ${n}`,
          created_at: n,
          last_used_at: 0,
          flagged_at: 0,
        });

      // The first removal deletes inside a transaction that stays open until the second has started and must wait.
      let finishFirst = () => {};
      const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
      let firstDeleted: (result: string) => void = () => {};
      const firstHasDeleted = new Promise<string>((resolve) => (firstDeleted = resolve));
      const first = server.gatehouse.store.db.transaction().execute(async (trx) => {
        firstDeleted(await deletePasskeyUnlessLast(trx, user.id, 'race-1'));
        await firstMayFinish;
      });
      assert.equal(await firstHasDeleted, 'deleted');
      let secondSettled = false;
      const second = otherNode.db
        .transaction()
        .execute((trx) => deletePasskeyUnlessLast(trx, user.id, 'race-2'))
        .finally(() => (secondSettled = true));
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(secondSettled, false, 'the second removal waits for the first');
      } finally {
        finishFirst();
        await first;
      }
      assert.equal(await second, 'last');
      assert.deepEqual(
        (await listPasskeysOfUser(server.gatehouse.store.db, user.id)).map((row) => row.id),
        ['race-2'],
      );
    });
  });
}
