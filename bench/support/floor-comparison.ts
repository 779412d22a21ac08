import { verify } from '@node-rs/argon2';
import { SESSION_COOKIE } from '../../src/http/plugins/cookies.js';
import { DOMAIN } from './bench-server.js';
import { startFloorServer } from './floor-server.js';
import { GeneratorProcess, type GeneratorRun } from './generator-process.js';
import type { GeneratorUser, SignInFlow } from './load-generator.js';
import { combineThroughput, type Goal, measureThroughput, median, progress, round, type Throughput } from './stats.js';

export interface FloorComparisonOptions {
  generator: GeneratorProcess;
  /** One raw argon2id verify, in this process, with the production parameters. */
  rawVerify: () => Promise<void>;
  concurrencies: number[];
  rounds: number;
  rawSeconds: number;
  httpSeconds: number;
  /** sign-ins/s ÷ floor sign-ins/s to reach, at every concurrency. */
  goal: number;
  label: string;
}

/**
 * Gatehouse against the floor of any HTTP password sign-in, and both against raw argon2id verifies, in short
 * alternating rounds at each concurrency (raw, then floor and Gatehouse in turns, their order swapped every
 * round), so that drift in the machine's other load hits all three alike. Ratios are medians of the rounds'.
 */
export async function compareWithFloor(options: FloorComparisonOptions) {
  const { generator } = options;
  const byConcurrency = [];
  for (const concurrency of options.concurrencies) {
    progress(
      `${options.label}: concurrency ${concurrency}, ${options.rounds} rounds of raw verify, floor and Gatehouse`,
    );
    await measureThroughput(options.rawVerify, { concurrency, seconds: 0.5 });
    await generator.run('floor', concurrency, 1);
    await generator.run('gatehouse', concurrency, 1);
    const raw: Throughput[] = [];
    const floor: GeneratorRun[] = [];
    const gatehouse: GeneratorRun[] = [];
    for (let r = 0; r < options.rounds; r++) {
      raw.push(await measureThroughput(options.rawVerify, { concurrency, seconds: options.rawSeconds }));
      const order = r % 2 === 0 ? (['floor', 'gatehouse'] as const) : (['gatehouse', 'floor'] as const);
      for (const target of order) {
        const result = await generator.run(target, concurrency, options.httpSeconds);
        (target === 'floor' ? floor : gatehouse).push(result);
      }
    }
    const perRound = (a: Throughput[], b: Throughput[]) =>
      a.map((x, i) => x.perSecond / (b[i]?.perSecond ?? Number.NaN));
    const toFloor = perRound(gatehouse, floor);
    const ratio = round(median(toFloor), 3);
    const [rawTotal, floorTotal, gatehouseTotal] = [raw, floor, gatehouse].map(combineThroughput) as [
      Throughput,
      Throughput,
      Throughput,
    ];
    byConcurrency.push({
      concurrency,
      rawVerifiesPerSecond: rawTotal.perSecond,
      floorSignInsPerSecond: floorTotal.perSecond,
      signInsPerSecond: gatehouseTotal.perSecond,
      ratioToFloor: ratio,
      roundRatiosToFloor: toFloor.map((value) => round(value, 3)),
      ratioToRaw: round(median(perRound(gatehouse, raw)), 3),
      floorRatioToRaw: round(median(perRound(floor, raw)), 3),
      goal: {
        goal: `signInsPerSecond / floorSignInsPerSecond >= ${options.goal} (median of rounds)`,
        met: ratio >= options.goal,
      } satisfies Goal,
      /** Server-process CPU per sign-in (the generator runs in its own process); the hash is rawCpuMsPerVerify of it. */
      serverCpuMsPerSignIn: { gatehouse: gatehouseTotal.cpuMsPerOperation, floor: floorTotal.cpuMsPerOperation },
      rawCpuMsPerVerify: rawTotal.cpuMsPerOperation,
      nonHashServerCpuMsPerSignIn: {
        gatehouse: round(gatehouseTotal.cpuMsPerOperation - rawTotal.cpuMsPerOperation),
        floor: round(floorTotal.cpuMsPerOperation - rawTotal.cpuMsPerOperation),
      },
      generatorCpuMsPerSignIn: {
        gatehouse: round(median(gatehouse.map((run) => run.generatorCpuMsPerOperation))),
        floor: round(median(floor.map((run) => run.generatorCpuMsPerOperation))),
      },
    });
  }
  return byConcurrency;
}

export interface SignInComparison extends Omit<FloorComparisonOptions, 'generator' | 'rawVerify'> {
  gatehouseUrl: string;
  /** The users' one password, and its hash with the production argon2id parameters. */
  password: string;
  passwordHash: string;
  users: GeneratorUser[];
  /** What one Gatehouse sign-in is: the password alone, or password and TOTP (three requests). */
  flow: SignInFlow;
}

/** Starts the floor server and the load generator, compares, and stops both again. */
export async function compareSignInWithFloor(options: SignInComparison) {
  const floor = await startFloorServer(options.passwordHash);
  let generator: GeneratorProcess | undefined;
  try {
    generator = await GeneratorProcess.start({
      type: 'setup',
      targets: {
        floor: { baseUrl: floor.baseUrl, loginPath: '/login', flow: 'password', sessionCookie: 'floor_session' },
        gatehouse: {
          baseUrl: options.gatehouseUrl,
          loginPath: `/portal/${DOMAIN}/login`,
          flow: options.flow,
          sessionCookie: SESSION_COOKIE,
        },
      },
      users: options.users,
      password: options.password,
      workers: Math.max(...options.concurrencies),
    });
    return await compareWithFloor({
      ...options,
      generator,
      rawVerify: async () => {
        if (!(await verify(options.passwordHash, options.password)))
          throw new Error('raw verify rejected the right password');
      },
    });
  } finally {
    generator?.close();
    await floor.close();
  }
}
