import { MIXED_LOAD_ENV, MixedLoad, prepareMixedLoad } from './support/mixed-load.js';
import { processCpuMs, rssMiB, sleep, startNodeDeployment } from './support/node-deployment.js';
import { type Goal, median, progress, round, summarize } from './support/stats.js';

const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 30);
/** The warm-up ends after 2 minutes, or half the run when it is shorter than 4 minutes. */
const WARMUP_SECONDS = Math.min(120, (MINUTES * 60) / 2);
/**
 * RSS swings by tens of MiB within a minute (argon2 takes 19 MiB per hash in progress; V8 grows and shrinks its
 * young generation), so one 5-s sample can fall on a low or a high: "after warm-up" and "at the end" are medians of
 * the samples of a window this long, the first after the warm-up and the last of the run.
 */
const WINDOW_SECONDS = Math.min(60, (MINUTES * 60) / 4);
const SAMPLE_SECONDS = 5;
/** Issue 11: over a 30-minute mixed soak, RSS grows less than 10 % and nothing fails. */
const GROWTH_GOAL_PERCENT = 10;
/**
 * Fixed rates (operations per second, each a whole exchange of several requests), far below what the machine can
 * do: a soak, not a stress test. Together they keep the node at roughly a fifth of a core.
 */
const RATES = {
  signInWithTotp: 2,
  userList: 1,
  logs: 0.5,
  createUser: 0.25,
  updateUser: 0.5,
  samlSignOn: 1,
  oidcSignOn: 0.5,
} as const;
type Operation = keyof typeof RATES;
/** 2 TOTP sign-ins/s use 60 users' codes per 30-s step; the users take turns. */
const OTP_USERS = 300;

/** Least-squares slope of RSS against time, in MiB per hour. */
function slopePerHour(samples: { seconds: number; rssMiB: number }[]): number {
  const n = samples.length;
  if (n < 2) return Number.NaN;
  const mx = samples.reduce((sum, s) => sum + s.seconds, 0) / n;
  const my = samples.reduce((sum, s) => sum + s.rssMiB, 0) / n;
  const sxy = samples.reduce((sum, s) => sum + (s.seconds - mx) * (s.rssMiB - my), 0);
  const sxx = samples.reduce((sum, s) => sum + (s.seconds - mx) ** 2, 0);
  return (sxy / sxx) * 3600;
}

/**
 * Issue 11: a mixed load at fixed rates against one real `gatehouse serve` process on PostgreSQL (the multi-node
 * production store) for BENCH_SOAK_MINUTES, its RSS sampled every few seconds. See bench/README.md.
 */
export async function benchmarkSoak(): Promise<Record<string, unknown>> {
  progress(`soak: preparing PostgreSQL (${OTP_USERS} TOTP users, a SAML service, an OIDC client) and starting a node`);
  const deployment = await startNodeDeployment('postgres', {
    nodes: 1,
    env: MIXED_LOAD_ENV,
    prepare: (gatehouse) => prepareMixedLoad(gatehouse, OTP_USERS),
  });
  const node = deployment.nodes[0]!;
  const pid = node.child.pid!;
  try {
    const load = await MixedLoad.connect(node.baseUrl, deployment.prepared);
    const rssAtStart = rssMiB(pid);
    const counts = Object.fromEntries(Object.keys(RATES).map((name) => [name, 0])) as Record<Operation, number>;
    const errors = Object.fromEntries(Object.keys(RATES).map((name) => [name, 0])) as Record<Operation, number>;
    const latencies = Object.fromEntries(Object.keys(RATES).map((name) => [name, [] as number[]])) as Record<
      Operation,
      number[]
    >;
    const firstErrors: string[] = [];
    const samples: { seconds: number; rssMiB: number }[] = [];
    const started = performance.now();
    const cpuBefore = processCpuMs(pid);
    const deadline = started + MINUTES * 60_000;
    progress(`soak: ${MINUTES} minutes of mixed load at ${JSON.stringify(RATES)} per second`);
    const loops = (Object.keys(RATES) as Operation[]).map(async (name) => {
      const interval = 1000 / RATES[name];
      // Spread the loops' first operations over their interval so that they do not all start together.
      await sleep(Math.random() * interval);
      while (performance.now() < deadline) {
        const began = performance.now();
        try {
          await load[name]();
          latencies[name].push(performance.now() - began);
        } catch (error) {
          errors[name]++;
          if (firstErrors.length < 10)
            firstErrors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        }
        counts[name]++;
        await sleep(Math.max(0, interval - (performance.now() - began)));
      }
    });
    const sampler = (async () => {
      let nextReport = 60;
      while (performance.now() < deadline) {
        const seconds = (performance.now() - started) / 1000;
        samples.push({ seconds: round(seconds, 1), rssMiB: round(rssMiB(pid), 1) });
        if (seconds >= nextReport) {
          const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
          progress(`soak: ${Math.round(seconds / 60)} min, RSS ${round(rssMiB(pid), 1)} MiB, ${errorCount} errors`);
          nextReport += 60;
        }
        await sleep(SAMPLE_SECONDS * 1000);
      }
    })();
    await Promise.all([...loops, sampler]);
    const elapsedSeconds = (performance.now() - started) / 1000;
    const cpuMs = processCpuMs(pid) - cpuBefore;
    const rssAtEnd = rssMiB(pid);
    samples.push({ seconds: round(elapsedSeconds, 1), rssMiB: round(rssAtEnd, 1) });
    load.close();
    await sleep(5000);
    const rssIdleAfter = rssMiB(pid);

    const warm = samples.find((sample) => sample.seconds >= WARMUP_SECONDS) ?? samples[0]!;
    const afterWarmup = samples.filter((sample) => sample.seconds >= WARMUP_SECONDS);
    const medianOf = (from: number, to: number) =>
      median(samples.filter((sample) => sample.seconds >= from && sample.seconds < to).map((sample) => sample.rssMiB));
    const warmMedian = medianOf(WARMUP_SECONDS, WARMUP_SECONDS + WINDOW_SECONDS);
    const endMedian = medianOf(elapsedSeconds - WINDOW_SECONDS, elapsedSeconds + 1);
    const growthPercent = ((endMedian - warmMedian) / warmMedian) * 100;
    const halfway = (WARMUP_SECONDS + elapsedSeconds) / 2;
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
    const operations = Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      database: 'postgres',
      argon2: 'production parameters (the server defaults: m=19456 KiB, t=2, p=1)',
      minutes: MINUTES,
      ratesPerSecond: RATES,
      otpUsers: OTP_USERS,
      rssMiB: {
        atStart: round(rssAtStart, 1),
        afterWarmup: round(warmMedian, 1),
        atEnd: round(endMedian, 1),
        windowSeconds: WINDOW_SECONDS,
        firstSampleAfterWarmup: warm.rssMiB,
        warmupSeconds: warm.seconds,
        lastSample: round(rssAtEnd, 1),
        max: round(Math.max(...samples.map((sample) => sample.rssMiB)), 1),
        min: round(Math.min(...afterWarmup.map((sample) => sample.rssMiB)), 1),
        idle5sAfterEnd: round(rssIdleAfter, 1),
        growthPercent: round(growthPercent, 1),
        slopeAfterWarmupMiBPerHour: round(slopePerHour(afterWarmup), 1),
        slopeSecondHalfMiBPerHour: round(slopePerHour(samples.filter((sample) => sample.seconds >= halfway)), 1),
      },
      goals: {
        growth: {
          goal: `RSS at the end within ${GROWTH_GOAL_PERCENT} % of RSS after warm-up (medians of ${WINDOW_SECONDS}-s windows)`,
          met: growthPercent < GROWTH_GOAL_PERCENT,
        } satisfies Goal,
        errors: {
          goal: 'no operation answered anything but its expected status',
          met: errorCount === 0,
        } satisfies Goal,
      },
      operations,
      counts,
      errors,
      errorCount,
      firstErrors,
      latencyMs: Object.fromEntries(
        Object.entries(latencies).map(([name, values]) => {
          const { p50Ms, p95Ms, p99Ms, maxMs } = summarize(values);
          return [name, { p50Ms, p95Ms, p99Ms, maxMs }];
        }),
      ),
      nodeCpu: {
        cpuSeconds: round(cpuMs / 1000, 1),
        averageCores: round(cpuMs / 1000 / elapsedSeconds, 3),
      },
      rssSamplesEveryMinute: samples.filter((_, i) => i % (60 / SAMPLE_SECONDS) === 0).map((sample) => sample.rssMiB),
    };
  } finally {
    await deployment.close();
  }
}
