import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { claimLease } from '../store/leases.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../store/database.js';
import { deleteExpiredNonces, deleteOldApprovalRequests } from '../store/key-devices.js';
import { deleteExpiredOtpSetups } from '../store/otp-setups.js';
import { deleteStaleLoginIdLockouts } from '../store/lockouts.js';
import { deleteExpiredRateCounters } from '../store/rate-counters.js';
import { deleteSignInAddressesBefore } from '../store/sign-in-addresses.js';
import { FAMILIAR_ADDRESS_DAYS } from './sign-in/guards/familiar-clients.js';
import { deleteExpiredSessions } from '../store/sessions.js';
import { deleteExpiredSignInAttempts } from '../store/sign-in-attempts.js';
import { deleteExpiredSsoRequests } from '../store/sso-requests.js';
import { deleteExpiredOidcRecords } from '../store/oidc-records.js';
import { deleteExpiredWebauthnChallenges } from '../store/webauthn-challenges.js';

const EVERY_MS = 10 * 60_000;
/** Held for a little less than a round, in real time like the timer: the next round finds it free. */
const LEASE_MS = EVERY_MS - 30_000;
/** Finished setups and answered requests stay a day, for whoever is looking into a failed registration. */
const KEEP_MS = 86_400_000;
const DAY_MS = 86_400_000;
/** How long failures of a login ID that belongs to nobody are remembered without a new one. */
const UNKNOWN_LOGIN_ID_MEMORY_DAYS = 30;

/**
 * Deletes what has expired: sessions, sign-ins waiting for OTP, OTP setups, approval requests, device nonces,
 * passkey challenges, rate counters, old sign-in addresses and forgotten failures of unknown login IDs.
 * Nothing depends on it for correctness (every read checks expiry); it keeps the tables small.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  /** This process, as the holder of the housekeeping lease. */
  private readonly holder = randomBytes(12).toString('base64url');

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async runOnce(): Promise<void> {
    const now = this.clock.now();
    await deleteExpiredSessions(this.store.db, now);
    await deleteExpiredSignInAttempts(this.store.db, now);
    // Their IDs guard against replays only while a request is young enough to be taken (minutes): expiry is enough.
    await deleteExpiredSsoRequests(this.store.db, now);
    await deleteExpiredOidcRecords(this.store.db, now);
    await deleteExpiredOtpSetups(this.store.db, now - KEEP_MS);
    await deleteOldApprovalRequests(this.store.db, now - KEEP_MS);
    await deleteExpiredNonces(this.store.db, now);
    await deleteExpiredWebauthnChallenges(this.store.db, now);
    await deleteExpiredRateCounters(this.store.db, now);
    await deleteSignInAddressesBefore(this.store.db, now - FAMILIAR_ADDRESS_DAYS * DAY_MS);
    await deleteStaleLoginIdLockouts(this.store.db, now, now - UNKNOWN_LOGIN_ID_MEMORY_DAYS * DAY_MS);
  }

  /**
   * A round of the timer: with several nodes on one database, the one that takes the lease cleans up and the others
   * skip this round (the lease runs out before the next, so a node that stopped is replaced at once).
   */
  async tick(): Promise<'ran' | 'skipped'> {
    const now = Date.now();
    const lease = { name: 'housekeeping', holder: this.holder, now, until: now + LEASE_MS };
    if (!(await claimLease(this.store.db, lease))) return 'skipped';
    await this.runOnce();
    return 'ran';
  }

  start(): void {
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.logger.error({ err: error }, 'housekeeping failed'));
    }, EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
