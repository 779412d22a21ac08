/** Latency summaries and timing loops shared by the benchmarks. */

export interface LatencySummary {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export interface Goal {
  goal: string;
  met: boolean;
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

export function summarize(samplesMs: number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    requests: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    meanMs: round(total / sorted.length),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

export interface InterleavedSamples {
  samples: number[];
  /** Set when the operation used up its time budget before reaching the wanted count. */
  stoppedEarly?: string;
}

/**
 * Times several operations one request at a time, taking turns (a, b, c, a, b, c…), so that a change in
 * the machine's background load spreads over all of them instead of spoiling one. An operation that is so
 * slow that it would take more than `budgetSeconds` leaves the rotation once it has `minCount` samples:
 * its goal is then clearly missed, and the whole run stays within its few minutes.
 */
export async function timeInterleaved(
  operations: Record<string, () => Promise<void>>,
  options: { warmup: number; count: number; minCount: number; budgetSeconds: number; warmupBudgetSeconds: number },
): Promise<Record<string, InterleavedSamples>> {
  const names = Object.keys(operations);
  const run = async (count: number, minCount: number, budgetMs: number, keep: boolean) => {
    const state = new Map(names.map((name) => [name, { samples: [] as number[], spentMs: 0, done: false }]));
    for (;;) {
      const active = names.filter((name) => !state.get(name)?.done);
      if (active.length === 0) break;
      for (const name of active) {
        const entry = state.get(name);
        const operation = operations[name];
        if (!entry || !operation) continue;
        const started = performance.now();
        await operation();
        const elapsed = performance.now() - started;
        entry.samples.push(elapsed);
        entry.spentMs += elapsed;
        if (entry.samples.length >= count || (entry.spentMs >= budgetMs && entry.samples.length >= minCount))
          entry.done = true;
      }
    }
    if (!keep) return {};
    return Object.fromEntries(
      names.map((name) => {
        const entry = state.get(name) as { samples: number[]; spentMs: number };
        const stoppedEarly =
          entry.samples.length < count
            ? `time budget of ${options.budgetSeconds} s used up after ${entry.samples.length} of ${count} requests`
            : undefined;
        return [name, { samples: entry.samples, ...(stoppedEarly ? { stoppedEarly } : {}) }];
      }),
    );
  };
  await run(options.warmup, 1, options.warmupBudgetSeconds * 1000, false);
  return run(options.count, options.minCount, options.budgetSeconds * 1000, true);
}

export interface Throughput {
  concurrency: number;
  completed: number;
  seconds: number;
  perSecond: number;
  /** CPU time of the whole process per operation: unlike rates, hardly moved by other load on the machine. */
  cpuMsPerOperation: number;
}

/**
 * Keeps `concurrency` loops calling `operation` until `seconds` have passed. Each worker gets its index, so
 * it can hold its own state (a cookie jar, say). `more`, if given, can end the run sooner (when operations
 * need prepared inputs and those run out): the figures are then of the shorter run.
 */
export async function measureThroughput(
  operation: (worker: number) => Promise<void>,
  options: { concurrency: number; seconds: number; more?: () => boolean },
): Promise<Throughput> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = started + options.seconds * 1000;
  let completed = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      while (performance.now() < deadline && (options.more?.() ?? true)) {
        await operation(worker);
        completed++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const elapsed = (performance.now() - started) / 1000;
  return {
    concurrency: options.concurrency,
    completed,
    seconds: round(elapsed),
    perSecond: round(completed / elapsed),
    cpuMsPerOperation: round((cpu.user + cpu.system) / 1000 / completed),
  };
}

/** Adds up several runs of the same measurement. */
export function combineThroughput(runs: Throughput[]): Throughput {
  const completed = runs.reduce((sum, run) => sum + run.completed, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const cpuMs = runs.reduce((sum, run) => sum + run.cpuMsPerOperation * run.completed, 0);
  return {
    concurrency: runs[0]?.concurrency ?? 0,
    completed,
    seconds: round(seconds),
    perSecond: round(completed / seconds),
    cpuMsPerOperation: round(cpuMs / completed),
  };
}

/** Progress goes to stderr so that stdout stays one JSON document. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
