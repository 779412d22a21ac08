// Queries built once and run many times must bind each run's own values, on both databases and in transactions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/database.js';
import { changedRows, precompiled, precompiledRow } from '../../src/store/precompiled-query.js';
import type { Insertable } from 'kysely';
import type { RateCounterTable, TenantTable } from '../../src/store/schema.js';
import { dialectsToTest } from '../support/databases.js';
import { freshStore } from '../support/store.js';

const insertCounter = precompiledRow((db, row: RateCounterTable) => db.insertInto('rate_counters').values(row));
const findCounter = precompiled((db, v: { key: string }) =>
  db.selectFrom('rate_counters').selectAll().where('key', '=', v.key),
);
const insertTenant = precompiledRow((db, row: Insertable<TenantTable>) => db.insertInto('tenants').values(row));
const findTenant = precompiled((db, v: { id: string }) => db.selectFrom('tenants').selectAll().where('id', '=', v.id));

/** A constant written into the query (3) stays bound beside the values of each run. */
const addThree = precompiled((db, v: { key: string; above: number }) =>
  db
    .updateTable('rate_counters')
    .set((eb) => ({ count: eb('count', '+', 3) }))
    .where('key', '=', v.key)
    .where('count', '>', v.above),
);

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`precompiled queries (${dialect})`, { skip }, () => {
    let store: Store;
    before(async () => {
      store = await freshStore(dialect);
    });
    after(async () => store?.close());

    it('binds the values of each run, not those of the first', async () => {
      await insertCounter(store.db, { key: 'a', count: 1, expires_at: 100 });
      await insertCounter(store.db, { key: 'b', count: 7, expires_at: 200 });
      assert.deepEqual((await findCounter(store.db, { key: 'a' })).rows, [{ key: 'a', count: 1, expires_at: 100 }]);
      assert.deepEqual((await findCounter(store.db, { key: 'b' })).rows, [{ key: 'b', count: 7, expires_at: 200 }]);
      assert.deepEqual((await findCounter(store.db, { key: 'missing' })).rows, []);
    });

    it('keeps the constants of the query and counts the rows it changed', async () => {
      assert.equal(changedRows(await addThree(store.db, { key: 'b', above: 5 })), 1);
      assert.equal(changedRows(await addThree(store.db, { key: 'a', above: 5 })), 0, 'count 1 is not above 5');
      assert.equal((await findCounter(store.db, { key: 'b' })).rows[0]?.count, 10);
    });

    it('leaves out an undefined column of a row, so that its default applies', async () => {
      const tenant = (id: string, issuer: string | undefined): Insertable<TenantTable> => ({
        id,
        domain: `${id}.example`,
        created_at: 1,
        updated_at: 1,
        login_page_title: '',
        show_keep_me_logged_in: 1,
        password_policy: '',
        password_min_length: 8,
        lockout_threshold: 5,
        lockout_minutes: 10,
        time_zone: 'UTC',
        mail_sender: '',
        otp_issuer: issuer,
      });
      await insertTenant(store.db, tenant('t1', 'Acme'));
      await insertTenant(store.db, tenant('t2', undefined));
      assert.equal((await findTenant(store.db, { id: 't1' })).rows[0]?.otp_issuer, 'Acme');
      assert.equal((await findTenant(store.db, { id: 't2' })).rows[0]?.otp_issuer, 'Gatehouse', 'the default');
    });

    it('runs inside a transaction and rolls back with it', async () => {
      await assert.rejects(
        store.db.transaction().execute(async (trx) => {
          await insertCounter(trx, { key: 'd', count: 4, expires_at: 400 });
          assert.equal((await findCounter(trx, { key: 'd' })).rows.length, 1, 'seen inside the transaction');
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.deepEqual((await findCounter(store.db, { key: 'd' })).rows, []);
    });
  });
}
