import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import type { UserRow } from '../../store/schema.js';
import { updateUser } from '../../store/users.js';
import type { LoginThrottle } from '../login-throttle.js';
import type { PasswordHasher } from '../password-hasher.js';
import type { NewSession, SessionService } from '../session-service.js';
import { refuseDisabledAccount, refuseLockedAccount, throttleClientAddress, verifyPassword } from './credential-steps.js';
import type { SignInContext, SignInDenialReason, SignInRequest, SignInStep } from './sign-in-context.js';

export type SignInResult =
  | { outcome: 'signed-in'; user: UserRow; session: NewSession }
  | { outcome: 'denied'; reason: SignInDenialReason; httpStatus: number; message: string; user?: UserRow };

/**
 * The sign-in sequence as an ordered list of small named steps (credentials → account status → …). Access
 * policy and OTP steps are inserted here by later capabilities; each step can be read and tested alone.
 */
export class SignInService {
  readonly steps: readonly SignInStep[];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    throttle: LoginThrottle,
  ) {
    this.steps = [
      throttleClientAddress(throttle),
      refuseLockedAccount(store),
      verifyPassword(store, hasher, throttle),
      refuseDisabledAccount,
    ];
  }

  async signIn(request: SignInRequest): Promise<SignInResult> {
    const context: SignInContext = { request, now: this.clock.now() };
    for (const step of this.steps) {
      const result = await step.run(context);
      if (result.outcome === 'deny') {
        const { reason, httpStatus, message } = result;
        return { outcome: 'denied', reason, httpStatus, message, user: context.user };
      }
    }
    const user = context.user as UserRow;
    await this.recordSuccess(user, request.password, context.now);
    const session = await this.sessions.create(user, {
      persistent: request.keepMeLoggedIn,
      ip: request.ip,
      userAgent: request.userAgent,
    });
    return { outcome: 'signed-in', user, session };
  }

  /** Clears the failure count, stamps the login and upgrades the hash if the argon2 parameters changed. */
  private async recordSuccess(user: UserRow, password: string, now: number): Promise<void> {
    const rehash = this.hasher.needsRehash(user.password_hash) ? await this.hasher.hash(password) : undefined;
    await updateUser(this.store.db, user.tenant_id, user.id, {
      failed_login_count: 0,
      locked_until: 0,
      last_login_at: now,
      ...(rehash ? { password_hash: rehash } : {}),
    });
  }
}
