// Issue 11 item 1: servers starting at the same moment on one empty database (and one data directory) all come up:
// migrations run once, one of them creates the default tenant and its administrator, the others find them made,
// and the master key file is made once and read whole by the others. The servers are separate processes, as
// nodes are: better-sqlite3 waits for a lock synchronously, which servers sharing one process could not survive.
// Needs the built server (npm run build, which `npm test` runs first).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { openStore } from '../../src/store/database.js';
import { dialectsToTest, freshDatabase } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { startNodeProcess, stopNodeProcesses } from '../support/node-process.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-server.js';

const SERVERS = 3;

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`nodes starting together on an empty database (${dialect})`, { skip }, () => {
    it('all start; one tenant, one administrator, one master key shared by all', async () => {
      const database = await freshDatabase(dialect);
      const env = {
        DATABASE_URL: database.url,
        GATEHOUSE_DATA_DIR: database.dataDir,
        GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ARGON2_MEMORY_KIB: '4096',
        ARGON2_TIME_COST: '1',
      };
      const started = await Promise.allSettled(Array.from({ length: SERVERS }, () => startNodeProcess(env)));
      const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      try {
        const failures = started.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
        assert.deepEqual(failures, [], 'every node started');
        const store = openStore(database.url);
        try {
          assert.deepEqual(await store.db.selectFrom('tenants').select('domain').execute(), [
            { domain: 'example.com' },
          ]);
          const admins = await store.db
            .selectFrom('users')
            .select('login_id')
            .where('role', '=', 'global-admin')
            .execute();
          assert.deepEqual(admins, [{ login_id: ADMIN_LOGIN }]);
        } finally {
          await store.close();
        }
        const keyFiles = readdirSync(database.dataDir).filter((name) => name.startsWith('secret.key'));
        assert.deepEqual(keyFiles, ['secret.key'], 'one key file, no drafts left');
        // Every node holds the same master key: a session made through one is accepted by all.
        const browser = new HttpClient(nodes[0]!.baseUrl, 'example.com');
        assert.equal((await browser.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
        for (const node of nodes) {
          const other = new HttpClient(node.baseUrl, 'example.com');
          for (const [name, value] of browser.cookies) other.cookies.set(name, value);
          const answer = await other.api('GET', '/me');
          assert.equal(answer.status, 200, `${node.baseUrl}: ${answer.text}`);
        }
      } finally {
        await stopNodeProcesses(nodes);
        await database.drop();
      }
    });
  });
}
