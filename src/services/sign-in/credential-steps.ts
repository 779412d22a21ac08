import { SIGN_IN_MESSAGES } from '../../core/messages.js';
import { normalizeLoginId } from '../../core/user-fields.js';
import type { Store } from '../../store/database.js';
import { findUserByLoginId } from '../../store/users.js';
import type { PasswordHasher } from '../password-hasher.js';
import { type AccountLockout, lockoutRulesOf, lockoutStateOf } from './guards/account-lockout.js';
import type { FamiliarClients } from './guards/familiar-clients.js';
import type { RateGuard } from './guards/rate-guard.js';
import { CONTINUE, type SignInContext, type SignInStep, type StepResult } from './sign-in-context.js';

export const invalidCredentials = (): StepResult => ({
  outcome: 'deny',
  reason: 'invalid-credentials',
  httpStatus: 401,
  message: SIGN_IN_MESSAGES.invalidCredentials,
});

export const accountLocked = (): StepResult => ({
  outcome: 'deny',
  reason: 'account-locked',
  httpStatus: 403,
  message: SIGN_IN_MESSAGES.accountLocked,
});

export const addressThrottled = (): StepResult => ({
  outcome: 'deny',
  reason: 'throttled',
  httpStatus: 429,
  message: SIGN_IN_MESSAGES.tooManyAttempts,
});

/** Every sign-in counts as a failure of its address until its password proves right, so a burst cannot pass. */
export function reserveClientAddress(throttle: RateGuard): SignInStep {
  return {
    name: 'reserve-client-address',
    async run(context) {
      const reservation = await throttle.reserve(context.request.client.ip);
      if (!reservation) return addressThrottled();
      context.addressReservation = reservation;
      return CONTINUE;
    },
  };
}

export function findAccount(store: Store, lockout: AccountLockout): SignInStep {
  return {
    name: 'find-account',
    async run(context) {
      const { tenant, loginId } = context.request;
      const normalized = normalizeLoginId(loginId);
      context.user = await findUserByLoginId(store.db, tenant.id, normalized);
      context.lockoutSubject = lockout.subjectOf(tenant, context.user, normalized);
      return CONTINUE;
    },
  };
}

/**
 * A locked account is refused before its password is even checked, so guessing gains nothing during the lock;
 * otherwise one failure is counted in advance. Unknown login IDs go through the very same counting.
 */
export function reserveAccountFailure(lockout: AccountLockout, familiar: FamiliarClients): SignInStep {
  return {
    name: 'reserve-account-failure',
    async run(context) {
      const { request, user } = context;
      const reservation = await lockout.reserve(
        context.lockoutSubject!,
        lockoutRulesOf(request.tenant),
        user ? lockoutStateOf(user) : undefined,
        async () => (user ? familiar.isFamiliar(user, request.client) : false),
      );
      if (!reservation) return accountLocked();
      context.accountReservation = reservation;
      return CONTINUE;
    },
  };
}

export function verifyPassword(hasher: PasswordHasher): SignInStep {
  return {
    name: 'verify-password',
    async run(context: SignInContext) {
      const { request, user } = context;
      if (!user) {
        await hasher.verifyAgainstNothing(request.password);
        return invalidCredentials();
      }
      if (!(await hasher.verify(user.password_hash, request.password))) return invalidCredentials();
      context.passwordMatched = true;
      // Upgraded while the password is at hand: an OTP step may follow, and it never sees the password.
      if (hasher.needsRehash(user.password_hash)) context.rehashedPassword = await hasher.hash(request.password);
      return CONTINUE;
    },
  };
}

/** A disabled account answers exactly like a wrong password, so nobody learns that it exists (SPEC §5.1). */
export const refuseDisabledAccount: SignInStep = {
  name: 'refuse-disabled-account',
  run: async ({ user }) => (user?.status === 'enabled' ? CONTINUE : invalidCredentials()),
};
