// /readyz asks whether the database answers. Under a burst every connection of the pool is busy, and a query of the
// check's own would wait behind the load: the balancer would see every node unready at once and refuse everyone
// (found by the multi-node test's 10,000 double submissions: HAProxy answered 503 "No server is available").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { isDatabaseReachable, openStore, type Store } from '../../src/store/database.js';
import { freshDatabase, isPostgresReachable, type TestDatabase } from '../support/databases.js';

const skip = !(await isPostgresReachable()) && 'PostgreSQL is not reachable';

describe('whether the database answers, for /readyz (postgres)', { skip }, () => {
  let database: TestDatabase;
  let store: Store;

  before(async () => {
    database = await freshDatabase('postgres');
    // One connection, so that one slow query holds all of the pool, as a burst holds all of a bigger one.
    store = openStore(database.url, { poolSize: 1 });
  });
  after(async () => {
    await store?.close();
    await database?.drop();
  });

  it('says yes at once while the only connection is busy, the database having answered within the second', async () => {
    await sql`select 1`.execute(store.db);
    let slowQueryEnded = false;
    const slowQuery = sql`select pg_sleep(1.5)`.execute(store.db).then(() => (slowQueryEnded = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await isDatabaseReachable(store), true);
    assert.equal(slowQueryEnded, false, 'the check waited for the connection the slow query held');
    await slowQuery;
  });

  it('counts only answers: a query that failed is no sign of life', async () => {
    const fresh = openStore(database.url);
    try {
      await assert.rejects(sql`select * from no_such_table`.execute(fresh.db));
      assert.equal(fresh.lastAnsweredAt(), 0);
      assert.equal(await isDatabaseReachable(fresh), true, 'asked, the database answers');
      assert.ok(fresh.lastAnsweredAt() > 0);
    } finally {
      await fresh.close();
    }
  });

  it('asks the database when it has not answered lately, and says no when it cannot be reached', async () => {
    const unreachable = openStore('postgres://postgres@127.0.0.1:1/test');
    try {
      assert.equal(await isDatabaseReachable(unreachable), false);
    } finally {
      await unreachable.close();
    }
  });
});
