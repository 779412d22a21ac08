import { createHmac, randomBytes } from 'node:crypto';
import { ManualClock } from '../src/core/clock.js';
import { matchTotp, TOTP_PERIOD_SECONDS, TOTP_WINDOW, totpCode } from '../src/core/otp/totp.js';
import { OtpVerifier } from '../src/services/otp/otp-verifier.js';
import type { UserRow } from '../src/store/schema.js';
import { advanceOtpStep } from '../src/store/user-otp.js';
import { DOMAIN, startBenchServer } from './support/bench-server.js';
import { otpSecretsOf, seedOtpUsers } from './support/otp-users.js';
import { median, progress, round } from './support/stats.js';

const USERS = Number(process.env.BENCH_TOTP_USERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_TOTP_ROUNDS ?? 5);
/** Per round: raw HMACs, then verifications; ROUNDS × (RAW + VERIFY) ≈ 7.5 s. */
const RAW_ROUND_SECONDS = 0.5;
const VERIFY_ROUND_SECONDS = 1;
const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
/** 09:00:15 UTC on a Monday: 15 s into a step, so a code never straddles a step boundary. */
const START = Date.UTC(2026, 0, 5, 9, 0, 15);

interface Rate {
  operations: number;
  seconds: number;
  perSecond: number;
  cpuUsPerOperation: number;
}

function rateOf(operations: number, elapsedMs: number, cpuMicros: number): Rate {
  return {
    operations,
    seconds: round(elapsedMs / 1000, 3),
    perSecond: round(operations / (elapsedMs / 1000), 0),
    cpuUsPerOperation: round(cpuMicros / operations, 3),
  };
}

function combine(rates: Rate[]): Rate {
  const operations = rates.reduce((sum, r) => sum + r.operations, 0);
  const seconds = rates.reduce((sum, r) => sum + r.seconds, 0);
  const cpu = rates.reduce((sum, r) => sum + r.cpuUsPerOperation * r.operations, 0);
  return rateOf(operations, seconds * 1000, cpu);
}

/** The floor of a TOTP check: one HMAC-SHA1 of an 8-byte counter under a 20-byte key, as RFC 4226 computes it. */
function rawHmacs(seconds: number, key: Buffer, counter: Buffer, sink: { value: number }): Rate {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let operations = 0;
  let n = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++) {
      counter.writeUInt32BE(n++ >>> 0, 4);
      sink.value ^= createHmac('sha1', key).update(counter).digest()[19] as number;
    }
    operations += 1000;
  }
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return rateOf(operations, elapsed, cpu.user + cpu.system);
}

/** Mean wall and CPU µs of `operation` over `count` calls, one at a time, as the verification rate is a mean too. */
async function partMicros(
  count: number,
  operation: (i: number) => unknown,
): Promise<{ meanUs: number; cpuUs: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) await operation(i);
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { meanUs: round((elapsed * 1000) / count, 2), cpuUs: round((cpu.user + cpu.system) / count, 2) };
}

/**
 * OtpVerifier.verifyTotp end to end on SQLite (open the sealed secret, compute and compare the codes of the
 * three steps of the window, move the replay guard in one conditional UPDATE) against raw HMAC-SHA1 computations,
 * in alternating rounds. Every verification is a fresh, accepted code: USERS users with registered secrets are
 * verified in turn, and a ManualClock moves one 30-s step after each pass over them.
 */
export async function benchmarkTotpVerification(): Promise<Record<string, unknown>> {
  progress(`TOTP verification: starting a server (SQLite) and registering ${USERS} authenticator apps`);
  const server = await startBenchServer('sqlite');
  try {
    const { gatehouse } = server;
    const tenant = await gatehouse.services.tenants.findByDomain(DOMAIN);
    if (!tenant) throw new Error(`the bench server has no tenant ${DOMAIN}`);
    const clock = new ManualClock(START);
    const seeded = await seedOtpUsers(gatehouse, tenant, {
      count: USERS,
      passwordHash: 'unused',
      now: START,
      seed: 11,
    });
    const ids = new Set(seeded.map((user) => user.id));
    const rows = (
      await gatehouse.store.db.selectFrom('users').selectAll().where('tenant_id', '=', tenant.id).execute()
    ).filter((row) => ids.has(row.id));
    const byId = new Map(rows.map((row) => [row.id, row]));
    const pool = seeded.map((user) => ({ row: byId.get(user.id) as UserRow, secret: user.secret }));
    // The server's own services, on a clock the bench moves; the store is the server's, with its pragmas.
    const secrets = otpSecretsOf(gatehouse);
    const verifier = new OtpVerifier(gatehouse.store, clock, secrets, gatehouse.services.emergencyTokens);

    let codes: string[] = [];
    const nextStep = () => {
      clock.advance(STEP_MS);
      codes = pool.map((user) => totpCode(user.secret, clock.now()));
    };
    nextStep();
    let rejected = 0;
    let verified = 0;
    /** Whole passes over the pool (each code once), until `seconds` of verification time have passed. */
    const verifyFor = async (seconds: number): Promise<Rate> => {
      let elapsed = 0;
      let cpuMicros = 0;
      let operations = 0;
      while (elapsed < seconds * 1000) {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        for (let i = 0; i < pool.length; i++) {
          const user = pool[i] as (typeof pool)[number];
          if (!(await verifier.verifyTotp(user.row, codes[i] as string))) rejected++;
        }
        elapsed += performance.now() - started;
        const cpu = process.cpuUsage(cpuBefore);
        cpuMicros += cpu.user + cpu.system;
        operations += pool.length;
        nextStep();
      }
      verified += operations;
      return rateOf(operations, elapsed, cpuMicros);
    };

    const key = randomBytes(20);
    const counter = Buffer.alloc(8);
    const sink = { value: 0 };
    progress(`TOTP verification: ${ROUNDS} rounds of raw HMAC-SHA1 then verifyTotp`);
    rawHmacs(0.3, key, counter, sink);
    await verifyFor(0.3);
    const raw: Rate[] = [];
    const verify: Rate[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      raw.push(rawHmacs(RAW_ROUND_SECONDS, key, counter, sink));
      verify.push(await verifyFor(VERIFY_ROUND_SECONDS));
    }
    if (rejected > 0) throw new Error(`${rejected} of ${verified} fresh codes were rejected`);
    const replayed = await verifier.verifyTotp(
      (pool[0] as (typeof pool)[number]).row,
      totpCode((pool[0] as (typeof pool)[number]).secret, clock.now() - STEP_MS),
    );

    // Where a verification's time goes, each part alone, over the same users (the replay guard on steps far
    // beyond the clock, so that every UPDATE changes a row, as an accepted code does).
    const farStep = Math.floor(clock.now() / STEP_MS) + 1000;
    const partCalls = 5 * pool.length;
    const userAt = (i: number) => pool[i % pool.length] as (typeof pool)[number];
    const breakdown = {
      calls: partCalls,
      openSealedSecret: await partMicros(partCalls, (i) =>
        secrets.openUserSecret(userAt(i).row.id, userAt(i).row.otp_secret),
      ),
      matchTotp: await partMicros(partCalls, (i) =>
        matchTotp(userAt(i).secret, codes[i % pool.length] as string, clock.now(), 0),
      ),
      replayGuardUpdate: await partMicros(partCalls, (i) =>
        advanceOtpStep(gatehouse.store.db, userAt(i).row.id, farStep + Math.floor(i / pool.length)),
      ),
    };

    const ratios = raw.map((rawRound, i) => (verify[i]?.perSecond ?? Number.NaN) / rawRound.perSecond);
    const rawTotal = combine(raw);
    const verifyTotal = combine(verify);
    return {
      database: 'sqlite',
      users: USERS,
      operation:
        'OtpVerifier.verifyTotp: open the AES-256-GCM sealed secret, HOTP of steps t-1, t, t+1 (constant-time compare), conditional UPDATE of users.otp_last_step',
      baseline: "createHmac('sha1', 20-byte key).update(8-byte counter).digest(), same process, alternating rounds",
      verificationsPerSecond: verifyTotal.perSecond,
      rawHmacsPerSecond: rawTotal.perSecond,
      ratio: round(median(ratios), 4),
      roundRatios: ratios.map((r) => round(r, 4)),
      usPerVerification: round(1e6 / verifyTotal.perSecond, 2),
      usPerRawHmac: round(1e6 / rawTotal.perSecond, 3),
      hmacsPerVerification: 2 * TOTP_WINDOW + 1,
      cpuUsPerVerification: verifyTotal.cpuUsPerOperation,
      cpuUsPerRawHmac: rawTotal.cpuUsPerOperation,
      allAccepted: rejected === 0,
      replayOfAcceptedCodeRejected: !replayed,
      breakdown,
      verify: verifyTotal,
      raw: rawTotal,
    };
  } finally {
    await server.close();
  }
}
