export interface LockoutRules {
  /** Consecutive failures that lock the account; 0 disables lockout. */
  threshold: number;
  lockMinutes: number;
}

export interface LockoutState {
  failedLoginCount: number;
  lockedUntil: number;
}

/**
 * Smart lockout: a lock keeps out unfamiliar clients only. A familiar one (a browser with a valid entrance pass
 * for the account, or an address it signed in from successfully lately) may go on trying until the failures
 * reach this many times the threshold: the overall ceiling, which then locks the account for everyone.
 */
export const FAMILIAR_CEILING_FACTOR = 2;

export function lockoutCeiling(rules: LockoutRules): number {
  return rules.threshold * FAMILIAR_CEILING_FACTOR;
}

/** Locked for an unfamiliar client: what the console shows as "Locked out". */
export function isLockedOut(state: LockoutState, now: number): boolean {
  return state.lockedUntil > now;
}

/** Whether a client, familiar or not, is kept out now. */
export function isLockedFor(state: LockoutState, rules: LockoutRules, now: number, familiar: boolean): boolean {
  if (!isLockedOut(state, now)) return false;
  return !familiar || state.failedLoginCount >= lockoutCeiling(rules);
}

/**
 * The state after one more failed attempt. Once a lock has expired the count starts afresh, so an expired lock
 * does not re-lock on the very next typo. Reaching the threshold locks unfamiliar clients out; reaching the
 * ceiling (only familiar clients can get there) locks everyone out, from now on.
 */
export function afterFailedAttempt(state: LockoutState, rules: LockoutRules, now: number): LockoutState {
  const lockExpired = state.lockedUntil !== 0 && state.lockedUntil <= now;
  const failedLoginCount = (lockExpired ? 0 : state.failedLoginCount) + 1;
  const current = lockExpired ? 0 : state.lockedUntil;
  if (rules.threshold <= 0) return { failedLoginCount, lockedUntil: current };
  const lockEnd = now + rules.lockMinutes * 60_000;
  if (failedLoginCount >= lockoutCeiling(rules)) return { failedLoginCount, lockedUntil: lockEnd };
  if (failedLoginCount >= rules.threshold) return { failedLoginCount, lockedUntil: current > now ? current : lockEnd };
  return { failedLoginCount, lockedUntil: current };
}

/**
 * Gives back a failure reserved before a password check that then succeeded: the count goes down by one, and
 * a lock stays only while the remaining failures still reach the threshold.
 */
export function afterReleasedAttempt(state: LockoutState, rules: LockoutRules, now: number): LockoutState {
  const failedLoginCount = Math.max(0, state.failedLoginCount - 1);
  const stillLocked = rules.threshold > 0 && failedLoginCount >= rules.threshold && state.lockedUntil > now;
  return { failedLoginCount, lockedUntil: stillLocked ? state.lockedUntil : 0 };
}

export const UNLOCKED: LockoutState = { failedLoginCount: 0, lockedUntil: 0 };
