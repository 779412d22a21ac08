import { Algorithm, hash } from '@node-rs/argon2';
import { loadConfig } from '../src/config.js';
import { compareSignInWithFloor } from './support/floor-comparison.js';
import { startFrameworkFloorServer } from './support/framework-floor-server.js';
import { progress } from './support/stats.js';

const PASSWORD = 'Bench-User-Password-1';

/**
 * A control for the sign-in benchmarks (issue 8, A3): the framework floor (Fastify, Gatehouse's cookie, form and
 * security-header plugins, one argon2id verify; nothing of the product) against the bare node:http floor, in the
 * same harness. It shows what the framework alone costs, so that the sign-in ratios can be read as the price of
 * Gatehouse's own work.
 */
export async function benchmarkFrameworkFloor(): Promise<Record<string, unknown>> {
  progress('framework-floor: starting the framework floor server');
  const argon2 = loadConfig({ LOG_LEVEL: 'silent' }).argon2;
  const passwordHash = await hash(PASSWORD, { algorithm: Algorithm.Argon2id, ...argon2 });
  const server = await startFrameworkFloorServer(passwordHash);
  try {
    const byConcurrency = await compareSignInWithFloor({
      gatehouseUrl: server.baseUrl,
      password: PASSWORD,
      passwordHash,
      users: Array.from({ length: 16 }, (_, i) => ({ loginId: `user${i}@example.com` })),
      flow: 'password',
      concurrencies: [2, 4],
      rounds: Number(process.env.BENCH_SIGNIN_ROUNDS ?? 5),
      rawSeconds: 1.5,
      httpSeconds: 2,
      goal: 0.95,
      label: 'framework-floor',
    });
    return {
      what: 'Fastify + @fastify/cookie + @fastify/formbody + Gatehouse security headers + one argon2id verify, against the bare node:http floor',
      note: 'A control, not a goal: "goal" below only repeats the sign-in goal for comparison.',
      byConcurrency,
    };
  } finally {
    await server.close();
  }
}
