import type { Dialect } from '../src/store/database.js';
import { isPostgresReachable } from '../test/support/databases.js';
import { MIXED_LOAD_ENV, MixedLoad, prepareMixedLoad } from './support/mixed-load.js';
import { productionNodeOptions } from '../test/support/node-process.js';
import { processCpuMs, rssPartsMiB, sleep, startNodeDeployment } from './support/node-deployment.js';
import { type Goal, progress, round } from './support/stats.js';

/** Issue 11: idle memory per node below 150 MB (10^6 bytes), i.e. 143.1 MiB. */
const GOAL_MB = 150;
const GOAL_MIB = (GOAL_MB * 1e6) / 2 ** 20;
/** Seconds a node is left alone before its RSS is read: the start's (or the warm-up's) garbage collected. */
const SETTLE_SECONDS = Number(process.env.BENCH_MEMORY_SETTLE_SECONDS ?? 10);
/**
 * Each dialect runs twice: with the Node.js options of the `gatehouse` command (what operators run) and with none
 * (Node.js's own heap sizes), so that the cost of the options in CPU is measured in the same run.
 */
const CONFIGURATIONS = { asShipped: productionNodeOptions(), nodeDefaults: [] as string[] };
/** Users with an authenticator app: a user signs in once per 30-s step, and 4 rounds of 40 sign-ins take about a minute. */
const TOTP_USERS = 300;
/** Processes of each configuration per dialect. */
const PASSES = 2;
type Measured = Awaited<ReturnType<typeof measure>>;
/** How many times the warm-up's operations run again, timed, after the idle reading. */
const TIMED_ROUNDS = 3;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
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

async function measure(dialect: Dialect, nodeOptions: readonly string[]) {
  const label = `${dialect}, node options [${nodeOptions.join(' ')}]`;
  progress(`node-memory: ${label}: preparing the database and starting a node`);
  const deployment = await startNodeDeployment(dialect, {
    nodes: 1,
    env: MIXED_LOAD_ENV,
    nodeOptions,
    prepare: (gatehouse) => prepareMixedLoad(gatehouse, TOTP_USERS),
  });
  try {
    const pid = deployment.nodes[0]!.child.pid!;
    await sleep(SETTLE_SECONDS * 1000);
    const idleAfterStart = rssPartsMiB(pid);
    progress(`node-memory: ${label}: idle after start ${round(idleAfterStart.rss, 1)} MiB; warming up`);
    const load = await MixedLoad.connect(deployment.nodes[0]!.baseUrl, deployment.prepared);
    let idleAfterWarmup: ReturnType<typeof rssPartsMiB>;
    let rightAfterWarmup: ReturnType<typeof rssPartsMiB>;
    let cpuMsPerRound: number;
    let cpuMsOfEachRound: number[];
    let idleAfterTimedRound: ReturnType<typeof rssPartsMiB>;
    try {
      const runMix = async () => {
        for (const [name, count] of Object.entries(WARMUP) as [keyof typeof WARMUP, number][]) {
          for (let i = 0; i < count; i++) await load[name]();
        }
      };
      await runMix();
      rightAfterWarmup = rssPartsMiB(pid);
      await sleep(SETTLE_SECONDS * 1000);
      idleAfterWarmup = rssPartsMiB(pid);
      progress(
        `node-memory: ${label}: idle after warm-up ${round(idleAfterWarmup.rss, 1)} MiB; timing ${TIMED_ROUNDS} rounds`,
      );
      // The same operations again, warmed up, TIMED_ROUNDS times: the node's CPU time for them is what the options
      // cost or save. The median, as one round's CPU time varies by a tenth or more on a shared machine.
      const cpuMs: number[] = [];
      for (let i = 0; i < TIMED_ROUNDS; i++) {
        const cpuBefore = processCpuMs(pid);
        await runMix();
        cpuMs.push(processCpuMs(pid) - cpuBefore);
      }
      cpuMsPerRound = median(cpuMs);
      cpuMsOfEachRound = cpuMs;
      await sleep(SETTLE_SECONDS * 1000);
      idleAfterTimedRound = rssPartsMiB(pid);
    } finally {
      load.close();
    }
    return {
      idleAfterStart: rounded(idleAfterStart),
      rightAfterWarmup: rounded(rightAfterWarmup),
      idleAfterWarmup: rounded(idleAfterWarmup),
      idleAfterTimedRound: rounded(idleAfterTimedRound),
      cpuMsPerRound,
      cpuMsOfEachRound,
      goal: {
        goal: `idle RSS after start, after warm-up and after the timed round < ${GOAL_MB} MB (${round(GOAL_MIB, 1)} MiB)`,
        met: [idleAfterStart, idleAfterWarmup, idleAfterTimedRound].every((idle) => idle.rss < GOAL_MIB),
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
  const both = async (dialect: Dialect) => {
    // Two processes of each, taking turns: one process's CPU for the same work differs from the next one's by up
    // to a third (its JIT decisions, the machine), more than the options change it.
    const runs = { asShipped: [] as Measured[], nodeDefaults: [] as Measured[] };
    for (let pass = 0; pass < PASSES; pass++) {
      for (const name of ['asShipped', 'nodeDefaults'] as const)
        runs[name].push(await measure(dialect, CONFIGURATIONS[name]));
    }
    const cpu = (measured: Measured[]) => median(measured.flatMap((run) => run.cpuMsOfEachRound));
    return {
      ...runs,
      /** Median CPU of a timed round with the shipped options, relative to Node.js's defaults (> 1: they cost CPU). */
      cpuRatioAsShippedToDefaults: round(cpu(runs.asShipped) / cpu(runs.nodeDefaults), 3),
      goal: { goal: runs.asShipped[0]!.goal.goal, met: runs.asShipped.every((run) => run.goal.met) } satisfies Goal,
    };
  };
  const sqlite = await both('sqlite');
  const postgres = (await isPostgresReachable()) ? await both('postgres') : undefined;
  return {
    process: 'node [options] bin/gatehouse.js serve (the built server), LOG_LEVEL=warn',
    nodeOptions: { asShipped: CONFIGURATIONS.asShipped.join(' '), nodeDefaults: 'none' },
    settleSeconds: SETTLE_SECONDS,
    warmup: { ...WARMUP, concurrency: 1 },
    timedRounds: `the warm-up operations ${TIMED_ROUNDS} times more, after the idle reading: cpuMsPerRound is the median of the node’s CPU time (user + system, 10-ms ticks) for one round; idleAfterTimedRound is read ${SETTLE_SECONDS} s after the last`,
    note: 'fileMiB is mapped files (the node binary and libraries), shared between nodes on one machine; anonMiB is the process’s own memory',
    sqlite,
    postgres: postgres ?? { skipped: 'PostgreSQL is not reachable' },
    goalsMet: sqlite.goal.met && (postgres?.goal.met ?? true),
  };
}
