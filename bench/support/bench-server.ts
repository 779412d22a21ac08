import { loadConfig } from '../../src/config.js';
import { createGatehouse, type Gatehouse } from '../../src/main.js';
import type { Dialect } from '../../src/store/database.js';
import { freshDatabase } from '../../test/support/databases.js';

export const ADMIN_LOGIN = 'admin@example.com';
export const ADMIN_PASSWORD = 'Initial-Admin-Pass-1';
export const DOMAIN = 'example.com';

export interface BenchServer {
  baseUrl: string;
  gatehouse: Gatehouse;
  close(): Promise<void>;
}

/**
 * A real Gatehouse on a loopback port over a brand-new database, configured as a default installation:
 * unlike the test harness, argon2 keeps the production parameters from loadConfig (m=19456 KiB, t=2, p=1),
 * so that sign-in figures mean what they would mean in production.
 */
export async function startBenchServer(dialect: Dialect, env: Record<string, string> = {}): Promise<BenchServer> {
  const database = await freshDatabase(dialect);
  try {
    const config = loadConfig({
      GATEHOUSE_DATA_DIR: database.dataDir,
      DATABASE_URL: database.url,
      GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'silent',
      ...env,
    });
    const gatehouse = await createGatehouse(config, { announce: () => undefined });
    await gatehouse.app.listen({ host: '127.0.0.1', port: 0 });
    const address = gatehouse.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the bench server has no TCP address');
    return {
      baseUrl: `http://127.0.0.1:${address.port}`,
      gatehouse,
      async close() {
        await gatehouse.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
