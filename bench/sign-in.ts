import { findDefaultGroup } from '../src/store/groups.js';
import { insertUsersInBulk } from '../src/store/users.js';
import { DOMAIN, startBenchServer } from './support/bench-server.js';
import { compareSignInWithFloor } from './support/floor-comparison.js';
import { generateUsers } from './support/seed-users.js';
import { progress } from './support/stats.js';

const PASSWORD = 'Bench-User-Password-1';
const SEEDED_USERS = 1000;
const CONCURRENCIES = [2, 4];
const ROUNDS = Number(process.env.BENCH_SIGNIN_ROUNDS ?? 5);
const RAW_ROUND_SECONDS = 1.5;
const HTTP_ROUND_SECONDS = 2;
/** Issue 8: a password sign-in costs Gatehouse at most 5 % more than the bare floor of any HTTP sign-in. */
const FLOOR_RATIO_GOAL = 0.95;

/**
 * Password-only sign-ins over HTTP (production argon2id parameters, SQLite) against the floor server and raw
 * argon2id, with the load generator in its own process. See bench/README.md.
 */
export async function benchmarkSignIn(): Promise<Record<string, unknown>> {
  progress(
    'sign-in: starting a server (SQLite, production argon2 parameters), the floor server and the load generator',
  );
  const server = await startBenchServer('sqlite');
  try {
    const { gatehouse } = server;
    const tenant = await gatehouse.services.tenants.findByDomain(DOMAIN);
    if (!tenant) throw new Error(`the bench server has no tenant ${DOMAIN}`);
    const hash = await gatehouse.services.hasher.hash(PASSWORD);
    if (gatehouse.services.hasher.needsRehash(hash))
      throw new Error('the seeded hash would be rehashed at each sign-in');
    const { rows } = generateUsers(SEEDED_USERS, tenant.id, hash, Date.now(), 7);
    // As users added through the console are: in the tenant's Default group.
    const defaultGroup = await findDefaultGroup(gatehouse.store.db, tenant.id);
    for (const row of rows) row.group_id = defaultGroup?.id;
    await insertUsersInBulk(gatehouse.store.db, rows);
    const users = rows
      .filter((row) => row.status === 'enabled' && !row.locked_until)
      .slice(0, 16)
      .map((row) => ({ loginId: row.login_id }));
    const byConcurrency = await compareSignInWithFloor({
      gatehouseUrl: server.baseUrl,
      password: PASSWORD,
      passwordHash: hash,
      users,
      flow: 'password',
      concurrencies: CONCURRENCIES,
      rounds: ROUNDS,
      rawSeconds: RAW_ROUND_SECONDS,
      httpSeconds: HTTP_ROUND_SECONDS,
      goal: FLOOR_RATIO_GOAL,
      label: 'sign-in',
    });
    return {
      database: 'sqlite',
      argon2: { algorithm: 'argon2id', ...gatehouse.config.argon2 },
      request: `POST /portal/${DOMAIN}/login (form with CSRF token and cookie) → 303 with a new session; load generator in its own process`,
      floor: 'bare node:http: parse the same form, one argon2id verify of the same hash, session cookie, 303',
      goalsMet: byConcurrency.every((entry) => entry.goal.met),
      byConcurrency,
    };
  } finally {
    await server.close();
  }
}
