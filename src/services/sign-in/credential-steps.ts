import { SIGN_IN_MESSAGES } from '../../core/messages.js';
import { afterFailedAttempt, isLockedOut } from '../../core/lockout.js';
import { normalizeLoginId } from '../../core/user-fields.js';
import type { Store } from '../../store/database.js';
import type { TenantRow, UserRow } from '../../store/schema.js';
import { findUserByLoginId, updateUser } from '../../store/users.js';
import type { LoginThrottle } from '../login-throttle.js';
import type { PasswordHasher } from '../password-hasher.js';
import { settingsOf } from '../tenant-service.js';
import { CONTINUE, type SignInContext, type SignInStep, type StepResult } from './sign-in-context.js';

const invalid = (): StepResult => ({
  outcome: 'deny',
  reason: 'invalid-credentials',
  httpStatus: 401,
  message: SIGN_IN_MESSAGES.invalidCredentials,
});

export function throttleClientAddress(throttle: LoginThrottle): SignInStep {
  return {
    name: 'throttle-client-address',
    run: async ({ request }) =>
      throttle.isThrottled(request.ip)
        ? { outcome: 'deny', reason: 'throttled', httpStatus: 429, message: SIGN_IN_MESSAGES.tooManyAttempts }
        : CONTINUE,
  };
}

/** A locked account is refused before its password is even checked, so guessing gains nothing during the lock. */
export function refuseLockedAccount(store: Store): SignInStep {
  return {
    name: 'refuse-locked-account',
    async run(context) {
      const { request } = context;
      context.user = await findUserByLoginId(store.db, request.tenant.id, normalizeLoginId(request.loginId));
      if (
        context.user &&
        isLockedOut(
          { failedLoginCount: context.user.failed_login_count, lockedUntil: context.user.locked_until },
          context.now,
        )
      )
        return { outcome: 'deny', reason: 'account-locked', httpStatus: 403, message: SIGN_IN_MESSAGES.accountLocked };
      return CONTINUE;
    },
  };
}

export function verifyPassword(store: Store, hasher: PasswordHasher, throttle: LoginThrottle): SignInStep {
  return {
    name: 'verify-password',
    async run(context: SignInContext) {
      const { request, user } = context;
      if (!user) {
        await hasher.verifyAgainstNothing(request.password);
        throttle.recordFailure(request.ip);
        return invalid();
      }
      if (await hasher.verify(user.password_hash, request.password)) {
        // Upgraded now, while the password is at hand: an OTP step may follow, and it never sees the password.
        if (hasher.needsRehash(user.password_hash))
          await updateUser(store.db, user.tenant_id, user.id, { password_hash: await hasher.hash(request.password) });
        return CONTINUE;
      }
      throttle.recordFailure(request.ip);
      await recordFailedAttempt(store, request.tenant, user, context.now);
      return invalid();
    },
  };
}

/** One more failure towards lockout: a wrong password, or a wrong one-time password (SPEC §5.1 step 4). */
export async function recordFailedAttempt(store: Store, tenant: TenantRow, user: UserRow, now: number): Promise<void> {
  const settings = settingsOf(tenant);
  const next = afterFailedAttempt(
    { failedLoginCount: user.failed_login_count, lockedUntil: user.locked_until },
    { threshold: settings.lockoutThreshold, lockMinutes: settings.lockoutMinutes },
    now,
  );
  await updateUser(store.db, user.tenant_id, user.id, {
    failed_login_count: next.failedLoginCount,
    locked_until: next.lockedUntil,
  });
  user.failed_login_count = next.failedLoginCount;
  user.locked_until = next.lockedUntil;
}

/** A disabled account answers exactly like a wrong password, so nobody learns that it exists (SPEC §5.1). */
export const refuseDisabledAccount: SignInStep = {
  name: 'refuse-disabled-account',
  run: async ({ user }) => (user?.status === 'enabled' ? CONTINUE : invalid()),
};
