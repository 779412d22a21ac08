import type { Clock } from '../../../core/clock.js';
import { KeyedHash } from '../../../core/crypto/keyed-hash.js';
import {
  afterFailedAttempt,
  afterReleasedAttempt,
  isLockedFor,
  type LockoutRules,
  type LockoutState,
} from '../../../core/lockout.js';
import type { Store } from '../../../store/database.js';
import { type LockoutSubject, readLockout, swapLockout } from '../../../store/lockouts.js';
import type { TenantRow, UserRow } from '../../../store/schema.js';

/** Compare-and-swap rounds before giving up; each lost round means another request counted meanwhile. */
const MAX_SWAPS = 100;

export interface LockoutReservation {
  subject: LockoutSubject;
  /** The state the reservation wrote: most likely still the current one when it is given back. */
  state: LockoutState;
}

export function lockoutRulesOf(tenant: TenantRow): LockoutRules {
  return { threshold: tenant.lockout_threshold, lockMinutes: tenant.lockout_minutes };
}

export const lockoutStateOf = (user: UserRow): LockoutState => ({
  failedLoginCount: user.failed_login_count,
  lockedUntil: user.locked_until,
});

/**
 * Account lockout that counts exactly under concurrency (SPEC §5.1): a failure is reserved before the password
 * is checked, by a compare-and-swap on the account's counter, and given back when the password was right. So
 * of 40 simultaneous wrong passwords no more than the threshold ever reach the hash before the account locks.
 * Unknown login IDs are counted the same way under a keyed hash of the ID, and answer exactly like real ones.
 */
export class AccountLockout {
  private readonly loginIdHashes: KeyedHash;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    masterKey: Buffer,
  ) {
    this.loginIdHashes = new KeyedHash(masterKey, 'login-id-lockout');
  }

  subjectOf(tenant: TenantRow, user: UserRow | undefined, normalizedLoginId: string): LockoutSubject {
    return user
      ? { kind: 'user', tenantId: tenant.id, userId: user.id }
      : { kind: 'login-id', tenantId: tenant.id, idHash: this.loginIdHashes.digest(tenant.id, normalizedLoginId) };
  }

  /**
   * Counts one failure in advance, or answers null when the client is locked out. `isFamiliar` is asked only
   * when the account is locked, so an ordinary sign-in spends nothing on it.
   */
  async reserve(
    subject: LockoutSubject,
    rules: LockoutRules,
    known: LockoutState | undefined,
    isFamiliar: () => Promise<boolean>,
  ): Promise<LockoutReservation | null> {
    let state = known ?? (await readLockout(this.store.db, subject));
    let familiar: boolean | undefined;
    for (let round = 0; round < MAX_SWAPS; round++) {
      const now = this.clock.now();
      if (isLockedFor(state, rules, now, familiar ?? false)) {
        familiar ??= await isFamiliar();
        if (isLockedFor(state, rules, now, familiar)) return null;
      }
      const reserved = afterFailedAttempt(state, rules, now);
      if (await swapLockout(this.store.db, subject, state, reserved, now)) return { subject, state: reserved };
      state = await readLockout(this.store.db, subject);
    }
    return null;
  }

  /** The password was right: the reserved failure is given back. */
  async release(reservation: LockoutReservation, rules: LockoutRules): Promise<void> {
    await this.swapUntilDone(
      reservation.subject,
      (state, now) => afterReleasedAttempt(state, rules, now),
      reservation.state,
    );
  }

  /** A failure counted after the fact: a wrong one-time password (SPEC §5.1 step 4), or a rejected push. */
  async recordFailure(subject: LockoutSubject, rules: LockoutRules): Promise<LockoutState> {
    return this.swapUntilDone(subject, (state, now) => afterFailedAttempt(state, rules, now));
  }

  /** Whether the client is kept out in `state`; familiarity is looked up only for a locked account. */
  async keepsOut(state: LockoutState, rules: LockoutRules, isFamiliar: () => Promise<boolean>): Promise<boolean> {
    const now = this.clock.now();
    return isLockedFor(state, rules, now, false) && isLockedFor(state, rules, now, await isFamiliar());
  }

  /** Swaps in `next(state)` until no other request got in between; `guess` spares the first read. */
  private async swapUntilDone(
    subject: LockoutSubject,
    next: (state: LockoutState, now: number) => LockoutState,
    guess?: LockoutState,
  ): Promise<LockoutState> {
    for (let round = 0; ; round++) {
      const state = round === 0 && guess ? guess : await readLockout(this.store.db, subject);
      const now = this.clock.now();
      const wanted = next(state, now);
      if (round >= MAX_SWAPS || (await swapLockout(this.store.db, subject, state, wanted, now))) return wanted;
    }
  }
}
