// Issue 11 item 4: SIGTERM makes a node report not ready while it still answers everything (so that the load
// balancer drains it), then stop accepting, finish what is in flight, and close the database; it exits 0.
// Needs the built server (npm run build, which `npm test` runs first).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { dialectsToTest, freshDatabase } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { startNodeProcess, stopNodeProcesses } from '../support/node-process.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-server.js';

const DRAIN_SECONDS = 2;

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`graceful shutdown (${dialect})`, { skip }, () => {
    it('drains on SIGTERM: not ready, still answering, then closed with nothing lost', async () => {
      const database = await freshDatabase(dialect);
      const node = await startNodeProcess({
        DATABASE_URL: database.url,
        GATEHOUSE_DATA_DIR: database.dataDir,
        GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ARGON2_MEMORY_KIB: '4096',
        ARGON2_TIME_COST: '1',
        SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS),
        LOG_LEVEL: 'info',
      });
      try {
        const admin = new HttpClient(node.baseUrl, 'example.com');
        assert.equal((await admin.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
        const stoppedAt = Date.now();
        node.child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 300));

        const ready = await fetch(`${node.baseUrl}/readyz`);
        assert.equal(ready.status, 503, 'not ready while draining');
        assert.equal(((await ready.json()) as { error: string }).error, 'draining');
        assert.equal((await fetch(`${node.baseUrl}/healthz`)).status, 200, 'but alive');
        // Everything sent meanwhile is still answered: sign-ins and admin writes, several at once.
        const writes = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            admin.api('POST', '/users', { loginId: `late${i}@example.com`, password: 'Sturdy-Passw0rd!' }),
          ),
        );
        assert.deepEqual(
          writes.map((answer) => answer.status),
          Array(8).fill(201),
        );
        const late = new HttpClient(node.baseUrl, 'example.com');
        assert.equal((await late.login('late0@example.com', 'Sturdy-Passw0rd!')).status, 303);

        assert.equal(await node.exited(), 0, node.output());
        const took = Date.now() - stoppedAt;
        assert.ok(took >= DRAIN_SECONDS * 1000, `drained ${took} ms`);
        assert.ok(took < DRAIN_SECONDS * 1000 + 10_000, `stopped in ${took} ms`);
        await assert.rejects(fetch(`${node.baseUrl}/healthz`), 'no longer accepting');
        assert.match(node.output(), /Stopped\./);
        if (dialect === 'sqlite') {
          // The database was closed: its write-ahead log was checkpointed into the file and removed.
          assert.equal(existsSync(path.join(database.dataDir, 'gatehouse.db-wal')), false);
        }
        // Nothing acknowledged was lost: a new node on the same database has every user written while draining.
        const next = await startNodeProcess({
          DATABASE_URL: database.url,
          GATEHOUSE_DATA_DIR: database.dataDir,
          ARGON2_MEMORY_KIB: '4096',
          ARGON2_TIME_COST: '1',
        });
        try {
          const again = new HttpClient(next.baseUrl, 'example.com');
          assert.equal((await again.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
          const listed = await again.api('GET', '/users?limit=50');
          const late = listed
            .json<{ items: { loginId: string }[] }>()
            .items.filter((u) => u.loginId.startsWith('late'));
          assert.equal(late.length, 8, listed.text);
        } finally {
          await stopNodeProcesses([next]);
        }
      } finally {
        await stopNodeProcesses([node]);
        await database.drop();
      }
    });
  });
}
