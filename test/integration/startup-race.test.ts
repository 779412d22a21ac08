// Issue 11 item 1: servers starting at the same moment on one empty database (and one data directory) all come up:
// migrations run once, one of them creates the default tenant and its administrator, the others find them made,
// and the master key file is made once and read whole by the others. The servers are separate processes, as
// nodes are: better-sqlite3 waits for a lock synchronously, which servers sharing one process could not survive.
// Needs the built server (npm run build, which `npm test` runs first).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/database.js';
import { dialectsToTest, freshDatabase } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-server.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/gatehouse.js');
const SERVERS = 3;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A `gatehouse serve` process; resolves once it answers /readyz, rejects if it exits first. */
async function startNode(env: Record<string, string>): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const giveUpAt = Date.now() + 60_000;
  while (Date.now() < giveUpAt) {
    if (child.exitCode !== null) throw new Error(`a node exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${baseUrl}/readyz`).catch(() => undefined);
    if (ready?.ok) return { child, baseUrl };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`a node did not become ready:\n${output}`);
}

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
      const started = await Promise.allSettled(Array.from({ length: SERVERS }, () => startNode(env)));
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
        for (const node of nodes) node.child.kill('SIGTERM');
        await Promise.all(
          nodes.map(
            (node) =>
              new Promise((resolve) => (node.child.exitCode !== null ? resolve(0) : node.child.once('exit', resolve))),
          ),
        );
        await database.drop();
      }
    });
  });
}
