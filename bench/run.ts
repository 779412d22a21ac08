/**
 * `npm run bench`: performance goals of Gatehouse, printed as one JSON document on stdout (progress on
 * stderr). A missed goal is a finding, not a failure: the exit code is non-zero only if a benchmark could
 * not run at all.
 */
import os from 'node:os';
import { isPostgresReachable, POSTGRES_ADMIN_URL } from '../test/support/databases.js';
import { benchmarkConditionEvaluation } from './condition-evaluation.js';
import { benchmarkFrameworkFloor } from './framework-floor.js';
import { benchmarkNodeMemory } from './node-memory.js';
import { benchmarkOidcTokenExchange } from './oidc-token-exchange.js';
import { benchmarkSamlSignOn } from './saml-sign-on.js';
import { benchmarkSignIn } from './sign-in.js';
import { benchmarkSignInWithOtp } from './sign-in-otp.js';
import { benchmarkSoak } from './soak.js';
import { progress, round } from './support/stats.js';
import { benchmarkTotpVerification } from './totp-verification.js';
import { benchmarkTwoNodes } from './two-nodes.js';
import { benchmarkUserList } from './user-list.js';

let couldNotRun = false;
/** `BENCH_ONLY=sign-in,sign-in-otp` runs only those sections (their names below), for work on one of them. */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());

async function section(name: string, run: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  if (only && !only.includes(name)) return { skipped: 'not in BENCH_ONLY' };
  const started = performance.now();
  try {
    const result = await run();
    return { ...result, benchSeconds: round((performance.now() - started) / 1000, 1) };
  } catch (error) {
    couldNotRun = true;
    progress(`${name} could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const started = performance.now();
const cpus = os.cpus();
const machine = {
  cpus: cpus.length,
  cpuModel: cpus[0]?.model ?? 'unknown',
  memoryGiB: round(os.totalmem() / 2 ** 30, 1),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
  /** Other work on the machine moves absolute figures; the ratios and CPU-per-operation figures resist it. */
  loadAverageAtStart: os.loadavg().map((value) => round(value)),
};

const sqlite = await section('user-list-sqlite', () => benchmarkUserList('sqlite'));
const postgres = (await isPostgresReachable())
  ? await section('user-list-postgres', () => benchmarkUserList('postgres'))
  : { skipped: `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}` };
const signIn = await section('sign-in', () => benchmarkSignIn());
const signInWithOtp = await section('sign-in-otp', () => benchmarkSignInWithOtp());
const frameworkFloor = await section('framework-floor', () => benchmarkFrameworkFloor());
const totpVerification = await section('totp-verification', () => benchmarkTotpVerification());
const conditionEvaluation = await section('condition-evaluation', () => benchmarkConditionEvaluation());
const samlSignOn = await section('saml-sign-on', () => benchmarkSamlSignOn());
const oidcTokenExchange = await section('oidc-token-exchange', () => benchmarkOidcTokenExchange());
// Issue 11: real `gatehouse serve` processes (the built server): npm run build first.
const nodeMemory = await section('node-memory', () => benchmarkNodeMemory());
const twoNodes = (await isPostgresReachable())
  ? await section('two-nodes', () => benchmarkTwoNodes())
  : { skipped: `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}` };
// Half an hour by default: only when asked for by name.
const soak = !only?.includes('soak')
  ? { skipped: 'runs BENCH_SOAK_MINUTES (30) minutes: only when named in BENCH_ONLY (BENCH_ONLY=soak)' }
  : (await isPostgresReachable())
    ? await section('soak', () => benchmarkSoak())
    : { skipped: `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}` };

const report = {
  machine: { ...machine, loadAverageAtEnd: os.loadavg().map((value) => round(value)) },
  startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
  totalSeconds: round((performance.now() - started) / 1000, 1),
  userList: { sqlite, postgres },
  signIn,
  signInWithOtp,
  frameworkFloor,
  totpVerification,
  conditionEvaluation,
  samlSignOn,
  oidcTokenExchange,
  nodeMemory,
  twoNodes,
  soak,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exitCode = couldNotRun ? 1 : 0;
