import { sql } from 'kysely';
import { decodeCursor } from '../src/services/list-cursor.js';
import type { Dialect } from '../src/store/database.js';
import { countUsersUpTo, insertUsersInBulk, listUsers, type UserListQuery } from '../src/store/users.js';
import { HttpClient } from '../test/support/http-client.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, DOMAIN, startBenchServer } from './support/bench-server.js';
import { QueryPlanner } from './support/query-plans.js';
import { generateUserChunks, type SearchFacts } from './support/seed-users.js';
import { type Goal, type LatencySummary, progress, round, summarize, timeInterleaved } from './support/stats.js';

const USER_COUNT = Number(process.env.BENCH_USERS ?? 1_000_000);
const PAGE_SIZE = 50;
/**
 * The middle of the list: at 1,000,000 users, page 10,001 of 50 starts after row 500,000. The cursor only encodes
 * (sort values, id), so it is walked there in the biggest pages the API serves.
 */
const DEEP_ROW = Math.floor(USER_COUNT / 2 / PAGE_SIZE) * PAGE_SIZE;
/** The API's maximum `limit` (pageLimit in contract/admin-api/common.ts). */
const WALK_PAGE_SIZE = 200;
/** Users are generated and inserted this many at a time, each chunk in one transaction of 1000-row INSERTs. */
const SEED_CHUNK = 10_000;
const TIMED_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const P95_GOAL_MS = 30;
/** The service counts a first page's matches up to 1000, and one more to learn whether there are more. */
const COUNT_UP_TO = 1001;

interface Scenario {
  description: string;
  path: string;
  /** The store query the service runs for this request (limit + 1, to learn whether a next page exists). */
  storeQuery: UserListQuery;
}

export interface ScenarioResult extends LatencySummary {
  description: string;
  path: string;
  /** As the API answered it: null on a page after the first. */
  total: number | null;
  totalIsLowerBound: boolean;
  itemsPerPage: number;
  stoppedEarly?: string;
  goal: Goal;
  /** Where the time goes: the store queries behind one request, timed directly (p50); a page after the first counts nothing. */
  store: { listP50Ms: number; countP50Ms: number | null };
  queries: { sql: string; plan: string[] }[];
}

export async function benchmarkUserList(dialect: Dialect): Promise<Record<string, unknown>> {
  progress(`user list (${dialect}): starting a server on a fresh database`);
  const server = await startBenchServer(dialect);
  try {
    const { gatehouse } = server;
    const db = gatehouse.store.db;
    const tenant = await gatehouse.services.tenants.findByDomain(DOMAIN);
    if (!tenant) throw new Error(`the bench server has no tenant ${DOMAIN}`);

    const now = Date.now();
    const passwordHash = await gatehouse.services.hasher.hash('Bench-User-Password-1');
    progress(`user list (${dialect}): seeding ${USER_COUNT} users`);
    const seedStarted = performance.now();
    let insertMs = 0;
    const chunks = generateUserChunks(USER_COUNT, tenant.id, passwordHash, now, SEED_CHUNK);
    let facts: SearchFacts;
    for (let seeded = 0; ;) {
      const next = chunks.next();
      if (next.done) {
        facts = next.value;
        break;
      }
      const insertStarted = performance.now();
      await insertUsersInBulk(db, next.value);
      insertMs += performance.now() - insertStarted;
      seeded += next.value.length;
      if (seeded % 100_000 === 0) progress(`user list (${dialect}): ${seeded} users seeded`);
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const insertSeconds = insertMs / 1000;
    const { search, commonSearch } = facts;
    let databaseNotes: Record<string, unknown>;
    const statisticsStarted = performance.now();
    if (dialect === 'sqlite') {
      // Gatehouse runs PRAGMA optimize when it opens the database and then every hour. The server here opened an
      // empty one, so the bench runs the round of the next start now, rather than restarting or waiting an hour.
      await sql`pragma optimize = 0x10002`.execute(db);
      const analyzed = await sql<{
        indexes: number;
      }>`select count(*) as indexes from sqlite_stat1 where tbl = 'users'`.execute(db);
      databaseNotes = {
        statistics:
          'PRAGMA optimize = 0x10002 after the seed, standing in for the one Gatehouse runs at start (and every hour)',
        usersIndexesWithStatistics: analyzed.rows[0]?.indexes,
      };
    } else {
      // What autovacuum does after a bulk load (insert-triggered vacuum, then analyze). It is switched off on
      // the test server, so the bench does it by hand to measure what a production database would do.
      const autovacuum = await sql<{ autovacuum: string }>`show autovacuum`.execute(db);
      await sql`vacuum (analyze) users`.execute(db);
      databaseNotes = {
        statistics: 'VACUUM (ANALYZE) users after the seed, standing in for autovacuum',
        autovacuum: autovacuum.rows[0]?.autovacuum,
      };
    }
    const statisticsSeconds = (performance.now() - statisticsStarted) / 1000;

    const client = new HttpClient(server.baseUrl, DOMAIN);
    const login = await client.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    if (login.status !== 303) throw new Error(`the admin could not sign in (HTTP ${login.status})`);
    const get = async (path: string) => {
      const answer = await client.api('GET', path);
      if (answer.status !== 200)
        throw new Error(`GET ${path} answered HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
      return answer.json<{
        items: unknown[];
        nextCursor: string | null;
        total: number | null;
        totalIsLowerBound: boolean;
      }>();
    };

    /** The cursor after row DEEP_ROW, walked there in big pages (it only encodes sort values and an id). */
    async function walkToDeepRow(query: string): Promise<string> {
      let cursor = '';
      for (let seen = 0; seen < DEEP_ROW; seen += WALK_PAGE_SIZE) {
        const limit = Math.min(WALK_PAGE_SIZE, DEEP_ROW - seen);
        const page = await get(`/users?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`);
        if (!page.nextCursor) throw new Error(`the user list ended before row ${DEEP_ROW}`);
        cursor = page.nextCursor;
      }
      return cursor;
    }

    progress(`user list (${dialect}): walking the cursor to row ${DEEP_ROW}`);
    const walkStarted = performance.now();
    const deepCursor = await walkToDeepRow('');
    const walkSeconds = (performance.now() - walkStarted) / 1000;
    const deepStatusCursor = await walkToDeepRow('&sort=status');

    const base = { filter: {}, sort: 'loginId', order: 'asc', limit: PAGE_SIZE + 1, now } as const;
    const scenarios: Record<string, Scenario> = {
      firstPage: {
        description: 'first page, default sort (login ID ascending)',
        path: `/users?limit=${PAGE_SIZE}`,
        storeQuery: base,
      },
      deepPage: {
        description: `page ${DEEP_ROW / PAGE_SIZE + 1} (the rows after row ${DEEP_ROW}), with the cursor the API returned`,
        path: `/users?limit=${PAGE_SIZE}&cursor=${deepCursor}`,
        storeQuery: { ...base, after: decodeCursor(deepCursor) },
      },
      search: {
        description: `q=${search.q}, a substring of ${search.matches} users`,
        path: `/users?limit=${PAGE_SIZE}&q=${encodeURIComponent(search.q)}`,
        storeQuery: { ...base, filter: { q: search.q } },
      },
      commonSearch: {
        description: `q=${commonSearch.q}, the most common family name, a substring of ${commonSearch.matches} users`,
        path: `/users?limit=${PAGE_SIZE}&q=${encodeURIComponent(commonSearch.q)}`,
        storeQuery: { ...base, filter: { q: commonSearch.q } },
      },
      sortLastLoginDesc: {
        description: 'first page sorted by last login, newest first',
        path: `/users?limit=${PAGE_SIZE}&sort=lastLoginAt&order=desc`,
        storeQuery: { ...base, sort: 'lastLoginAt', order: 'desc' },
      },
      sortStatusDesc: {
        description: 'first page sorted by status, descending: the locked-out users first',
        path: `/users?limit=${PAGE_SIZE}&sort=status&order=desc`,
        storeQuery: { ...base, sort: 'status', order: 'desc' },
      },
      sortStatusDeepPage: {
        description: `sorted by status, the page after row ${DEEP_ROW}, with the cursor the API returned`,
        path: `/users?limit=${PAGE_SIZE}&sort=status&cursor=${deepStatusCursor}`,
        storeQuery: { ...base, sort: 'status', after: decodeCursor(deepStatusCursor) },
      },
    };
    const names = Object.keys(scenarios);
    const samples: Record<string, { total: number | null; totalIsLowerBound: boolean; items: number }> = {};
    for (const name of names) {
      const page = await get(scenarios[name]?.path ?? '');
      samples[name] = { total: page.total, totalIsLowerBound: page.totalIsLowerBound, items: page.items.length };
    }
    /** The service counts only for a first page (no cursor). */
    const counts = (query: UserListQuery) => query.after === undefined;

    progress(`user list (${dialect}): ${TIMED_REQUESTS} requests per scenario, taking turns`);
    const http = await timeInterleaved(
      {
        // The floor: an authenticated admin API call that reads no user list (session, CSRF, JSON, HTTP).
        authenticatedBaseline: async () => {
          const answer = await client.api('GET', '/me');
          if (answer.status !== 200) throw new Error(`GET /me answered HTTP ${answer.status}`);
        },
        ...Object.fromEntries(names.map((name) => [name, async () => void (await get(scenarios[name]?.path ?? ''))])),
      },
      { warmup: 20, warmupBudgetSeconds: 5, count: TIMED_REQUESTS, minCount: 30, budgetSeconds: 20 },
    );

    progress(`user list (${dialect}): timing the store queries and explaining them`);
    const store = await timeInterleaved(
      Object.fromEntries(
        names.flatMap((name) => {
          const query = scenarios[name]?.storeQuery ?? base;
          return [
            [`${name}.list`, async () => void (await listUsers(db, tenant.id, query))],
            ...(counts(query)
              ? [
                  [
                    `${name}.count`,
                    async () => void (await countUsersUpTo(db, tenant.id, query.filter, now, COUNT_UP_TO)),
                  ],
                ]
              : []),
          ];
        }),
      ),
      { warmup: 3, warmupBudgetSeconds: 2, count: 30, minCount: 5, budgetSeconds: 3 },
    );
    const planner = new QueryPlanner(dialect, gatehouse.config.databaseUrl);
    const results: Record<string, ScenarioResult> = {};
    try {
      for (const name of names) {
        const scenario = scenarios[name] as Scenario;
        const latency = summarize(http[name]?.samples ?? []);
        const stoppedEarly = http[name]?.stoppedEarly;
        results[name] = {
          description: scenario.description,
          path: scenario.path.replace(/cursor=[^&]+/, 'cursor=<deep>'),
          total: samples[name]?.total ?? null,
          totalIsLowerBound: samples[name]?.totalIsLowerBound ?? false,
          itemsPerPage: samples[name]?.items ?? 0,
          ...latency,
          ...(stoppedEarly ? { stoppedEarly } : {}),
          goal: { goal: `p95 < ${P95_GOAL_MS} ms`, met: latency.p95Ms < P95_GOAL_MS },
          store: {
            listP50Ms: summarize(store[`${name}.list`]?.samples ?? []).p50Ms,
            countP50Ms: counts(scenario.storeQuery) ? summarize(store[`${name}.count`]?.samples ?? []).p50Ms : null,
          },
          queries: await planner.explain(async (plannerDb) => {
            await listUsers(plannerDb, tenant.id, scenario.storeQuery);
            if (counts(scenario.storeQuery))
              await countUsersUpTo(plannerDb, tenant.id, scenario.storeQuery.filter, now, COUNT_UP_TO);
          }),
        };
      }
    } finally {
      await planner.close();
    }

    return {
      users: USER_COUNT + 1,
      seed: {
        rows: USER_COUNT,
        seconds: round(seedSeconds),
        rowsPerSecond: Math.round(USER_COUNT / seedSeconds),
        insertSeconds: round(insertSeconds),
        generateSeconds: round(seedSeconds - insertSeconds),
        statisticsSeconds: round(statisticsSeconds),
        method: `generated and inserted ${SEED_CHUNK} rows at a time, each chunk through insertUsersInBulk (1000-row INSERTs in one transaction); one argon2id hash computed once and reused for every row`,
      },
      database: databaseNotes,
      deepCursorWalk: {
        toRow: DEEP_ROW,
        pageSize: WALK_PAGE_SIZE,
        requests: Math.ceil(DEEP_ROW / WALK_PAGE_SIZE),
        seconds: round(walkSeconds),
      },
      authenticatedBaseline: {
        description: 'GET /api/admin/example.com/v1/me, timed in turn with the scenarios',
        ...summarize(http.authenticatedBaseline?.samples ?? []),
      },
      scenarios: results,
      goalsMet: Object.values(results).every((result) => result.goal.met),
    };
  } finally {
    await server.close();
  }
}
