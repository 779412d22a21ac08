import type { Clock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/config.js';
import { createGatehouse, type Gatehouse } from '../../src/main.js';
import type { Dialect } from '../../src/store/database.js';
import { freshDatabase } from './databases.js';

export const ADMIN_LOGIN = 'admin@example.com';
export const ADMIN_PASSWORD = 'Initial-Admin-Pass-1';

export interface TestServer {
  baseUrl: string;
  gatehouse: Gatehouse;
  databaseUrl: string;
  /** Stops the server but keeps its database, so that another server can start on it (a restart). */
  stop(): Promise<void>;
  /** Stops the server if it still runs, then drops the database it created. */
  close(): Promise<void>;
}

/**
 * A real Gatehouse on a random loopback port over a brand-new database. Argon2 runs with small parameters
 * so that a test suite with hundreds of sign-ins stays quick; the algorithm and code path are the real ones.
 */
export async function startTestServer(
  dialect: Dialect,
  options: { env?: Record<string, string>; clock?: Clock; databaseUrl?: string; dataDir?: string } = {},
): Promise<TestServer> {
  const database = options.databaseUrl ? undefined : await freshDatabase(dialect);
  const config = loadConfig({
    GATEHOUSE_DATA_DIR: options.dataDir ?? database?.dataDir,
    DATABASE_URL: options.databaseUrl ?? database?.url,
    GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ARGON2_MEMORY_KIB: '4096',
    ARGON2_TIME_COST: '1',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const gatehouse = await createGatehouse(config, { clock: options.clock, announce: () => undefined });
  await gatehouse.app.listen({ host: '127.0.0.1', port: 0 });
  const address = gatehouse.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the test server has no TCP address');
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= gatehouse.close());
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    gatehouse,
    databaseUrl: config.databaseUrl,
    stop,
    async close() {
      await stop();
      await database?.drop();
    },
  };
}
