export interface LockoutRules {
  /** Consecutive failures that lock the account; 0 disables lockout. */
  threshold: number;
  lockMinutes: number;
}

export interface LockoutState {
  failedLoginCount: number;
  lockedUntil: number;
}

export function isLockedOut(state: LockoutState, now: number): boolean {
  return state.lockedUntil > now;
}

/**
 * The state after one more failed attempt. Once a lock has expired the count starts afresh,
 * so an expired lock does not re-lock on the very next typo.
 */
export function afterFailedAttempt(state: LockoutState, rules: LockoutRules, now: number): LockoutState {
  const lockExpired = state.lockedUntil !== 0 && state.lockedUntil <= now;
  const failedLoginCount = (lockExpired ? 0 : state.failedLoginCount) + 1;
  if (rules.threshold > 0 && failedLoginCount >= rules.threshold) {
    return { failedLoginCount, lockedUntil: now + rules.lockMinutes * 60_000 };
  }
  return { failedLoginCount, lockedUntil: lockExpired ? 0 : state.lockedUntil };
}

export const UNLOCKED: LockoutState = { failedLoginCount: 0, lockedUntil: 0 };
