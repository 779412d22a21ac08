// Issue 11 item 3: a node killed with SIGKILL in the middle of a burst of admin writes loses no change it
// acknowledged and leaves nothing half-written (each user with its Admin Operation Log entry, written in one
// transaction), and the next start is clean. Separate processes, as a crash is one.
// Needs the built server (npm run build, which `npm test` runs first).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../src/store/database.js';
import { dialectsToTest, freshDatabase } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { startNodeProcess, stopNodeProcesses } from '../support/node-process.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-server.js';

const WRITERS = 6;

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`crash safety (${dialect})`, { skip }, () => {
    it('SIGKILL during a burst of admin writes: every acknowledged change is there, none half-written', async () => {
      const database = await freshDatabase(dialect);
      const env = {
        DATABASE_URL: database.url,
        GATEHOUSE_DATA_DIR: database.dataDir,
        GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ARGON2_MEMORY_KIB: '4096',
        ARGON2_TIME_COST: '1',
      };
      const node = await startNodeProcess(env);
      const acknowledged: string[] = [];
      try {
        const admin = new HttpClient(node.baseUrl, 'example.com');
        assert.equal((await admin.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
        let killed = false;
        // Writers add users one after another until the node dies under them.
        const writers = Array.from({ length: WRITERS }, async (_, writer) => {
          for (let i = 0; !killed; i++) {
            const loginId = `crash-${writer}-${i}@example.com`;
            const answer = await admin
              .api('POST', '/users', { loginId, password: 'Sturdy-Passw0rd!', displayName: `Writer ${writer}` })
              .catch(() => undefined);
            if (answer?.status === 201) acknowledged.push(loginId);
            else if (answer) assert.fail(`unexpected answer ${answer.status}: ${answer.text}`);
          }
        });
        // Kill once the burst is well under way.
        while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
        node.child.kill('SIGKILL');
        killed = true;
        await node.exited();
        await Promise.all(writers);
      } finally {
        await stopNodeProcesses([node]);
      }
      assert.ok(acknowledged.length >= 40);

      const next = await startNodeProcess(env);
      try {
        const store = openStore(database.url);
        try {
          const users = await store.db
            .selectFrom('users')
            .select(['id', 'login_id', 'display_name'])
            .where('login_id', 'like', 'crash-%')
            .execute();
          const stored = new Set(users.map((user) => user.login_id));
          const lost = acknowledged.filter((loginId) => !stored.has(loginId));
          assert.deepEqual(lost, [], 'no acknowledged user is lost');
          assert.ok(
            users.every((user) => user.display_name.startsWith('Writer ')),
            'rows are whole',
          );
          const audited = await store.db
            .selectFrom('audit_logs')
            .select('target_id')
            .where('operation', '=', 'user.create')
            .execute();
          const auditedIds = new Set(audited.map((entry) => entry.target_id));
          const unaudited = users.filter((user) => !auditedIds.has(user.id)).map((user) => user.login_id);
          assert.deepEqual(unaudited, [], 'every stored user has its Admin Operation Log entry');
        } finally {
          await store.close();
        }
        const admin = new HttpClient(next.baseUrl, 'example.com');
        assert.equal((await admin.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303, 'the restarted node serves');
        assert.equal((await admin.api('POST', '/users', { loginId: 'after@example.com' })).status, 201);
      } finally {
        await stopNodeProcesses([next]);
        await database.drop();
      }
    });
  });
}
