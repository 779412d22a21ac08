import { openStore, type Dialect, type Store } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { freshDatabase } from './databases.js';

/** A migrated store over a brand-new database, for tests of the store alone; `close` also drops the database. */
export async function freshStore(dialect: Dialect): Promise<Store> {
  const database = await freshDatabase(dialect);
  const store = openStore(database.url);
  await migrateToLatest(store);
  return {
    ...store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
