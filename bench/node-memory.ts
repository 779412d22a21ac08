import type { Dialect } from '../src/store/database.js';
import { isPostgresReachable } from '../test/support/databases.js';
import { MIXED_LOAD_ENV, MixedLoad, prepareMixedLoad } from './support/mixed-load.js';
import { rssPartsMiB, sleep, startNodeDeployment } from './support/node-deployment.js';
import { type Goal, progress, round } from './support/stats.js';

/** Issue 11: idle memory per node below 150 MB (10^6 bytes), i.e. 143.1 MiB. */
const GOAL_MB = 150;
const GOAL_MIB = (GOAL_MB * 1e6) / 2 ** 20;
/** Seconds a node is left alone before its RSS is read: the start's (or the warm-up's) garbage collected. */
const SETTLE_SECONDS = Number(process.env.BENCH_MEMORY_SETTLE_SECONDS ?? 10);
/** Node.js options for the nodes, to see what a setting does to memory (none by default: what operators get). */
const NODE_OPTIONS = process.env.BENCH_MEMORY_NODE_OPTIONS?.trim();
/** The warm-up: this many of each operation of the mixed load, one after another (one browser holds the SSO session). */
const WARMUP = {
  signInWithTotp: 40,
  userList: 20,
  logs: 10,
  createUser: 10,
  updateUser: 10,
  samlSignOn: 40,
  oidcSignOn: 20,
} as const;

const rounded = (parts: ReturnType<typeof rssPartsMiB>) => ({
  rssMiB: round(parts.rss, 1),
  rssMB: round((parts.rss * 2 ** 20) / 1e6, 1),
  anonMiB: round(parts.anon, 1),
  fileMiB: round(parts.file, 1),
});

async function measure(dialect: Dialect) {
  progress(`node-memory: ${dialect}: preparing the database and starting a node`);
  const deployment = await startNodeDeployment(dialect, {
    nodes: 1,
    env: { ...MIXED_LOAD_ENV, ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}) },
    prepare: (gatehouse) => prepareMixedLoad(gatehouse, 100),
  });
  try {
    const pid = deployment.nodes[0]!.child.pid!;
    await sleep(SETTLE_SECONDS * 1000);
    const idleAfterStart = rssPartsMiB(pid);
    progress(`node-memory: ${dialect}: idle after start ${round(idleAfterStart.rss, 1)} MiB; warming up`);
    const load = await MixedLoad.connect(deployment.nodes[0]!.baseUrl, deployment.prepared);
    try {
      for (const [name, count] of Object.entries(WARMUP) as [keyof typeof WARMUP, number][]) {
        for (let i = 0; i < count; i++) await load[name]();
      }
    } finally {
      load.close();
    }
    const rightAfterWarmup = rssPartsMiB(pid);
    await sleep(SETTLE_SECONDS * 1000);
    const idleAfterWarmup = rssPartsMiB(pid);
    progress(`node-memory: ${dialect}: idle after warm-up ${round(idleAfterWarmup.rss, 1)} MiB`);
    return {
      idleAfterStart: rounded(idleAfterStart),
      rightAfterWarmup: rounded(rightAfterWarmup),
      idleAfterWarmup: rounded(idleAfterWarmup),
      goal: {
        goal: `idle RSS after start and after warm-up < ${GOAL_MB} MB (${round(GOAL_MIB, 1)} MiB)`,
        met: idleAfterStart.rss < GOAL_MIB && idleAfterWarmup.rss < GOAL_MIB,
      } satisfies Goal,
    };
  } finally {
    await deployment.close();
  }
}

/**
 * Issue 11: the resident memory of a real `gatehouse serve` process (the built server, production argon2
 * parameters), idle after its start and idle after a warm-up of every kind of request, on SQLite and PostgreSQL.
 */
export async function benchmarkNodeMemory(): Promise<Record<string, unknown>> {
  const sqlite = await measure('sqlite');
  const postgres = (await isPostgresReachable()) ? await measure('postgres') : undefined;
  return {
    process: 'node bin/gatehouse.js serve (the built server), LOG_LEVEL=warn',
    nodeOptions: NODE_OPTIONS ?? 'none (default Node.js heap settings)',
    settleSeconds: SETTLE_SECONDS,
    warmup: { ...WARMUP, concurrency: 1 },
    note: 'fileMiB is mapped files (the node binary and libraries), shared between nodes on one machine; anonMiB is the process’s own memory',
    sqlite,
    postgres: postgres ?? { skipped: 'PostgreSQL is not reachable' },
    goalsMet: sqlite.goal.met && (postgres?.goal.met ?? true),
  };
}
