import type { Clock } from '../../core/clock.js';
import {
  createSessionToken,
  formatSessionToken,
  hashSecret,
  parseSessionToken,
  secretMatches,
} from '../../core/session-token.js';
import type { Store } from '../../store/database.js';
import type { SignInAttemptRow, TenantRow, UserRow } from '../../store/schema.js';
import {
  advanceSignInAttempt,
  claimOtpTry,
  deleteSignInAttempt,
  findSignInAttempt,
  insertSignInAttempt,
} from '../../store/sign-in-attempts.js';
import { findUserById } from '../../store/users.js';
import { type AccountLockout, lockoutRulesOf, lockoutStateOf } from './guards/account-lockout.js';
import type { FamiliarClients } from './guards/familiar-clients.js';
import type { SignInClient } from './sign-in-context.js';
import type { IssuedCookie } from './sign-in-outcome.js';
import { type SignInReturn, storedReturn } from './sign-in-return.js';

/** Wrong answers allowed in one sign-in before it ends (each also counts towards lockout). */
export const MAX_OTP_TRIES = 5;
/** How long the OTP step (or forced OTP setup) waits after the password was accepted. */
export const SIGN_IN_ATTEMPT_LIFETIME_MS = 10 * 60_000;

export type AttemptStage = 'otp' | 'otp-setup';

/** A sign-in between its accepted password and its session. */
export interface PendingSignIn {
  tenant: TenantRow;
  attempt: SignInAttemptRow;
  user: UserRow;
}

export type ResolvedAttempt =
  | { state: 'pending'; pending: PendingSignIn }
  /** No attempt behind the cookie (never was, expired, finished, or its user may no longer sign in). */
  | { state: 'gone' }
  /** Ended from Gatehouse Key with "This wasn't me": kept until the browser has been told (see `end`). */
  | { state: 'reported'; loginId: string; attemptId: string }
  /** The account got locked for this client meanwhile (wrong codes count towards lockout). */
  | { state: 'locked'; loginId: string; attemptId: string };

/**
 * The part of a sign-in between the accepted password and the session: the OTP step (SPEC §5.1 step 4) or the
 * forced OTP setup (§5.3). It lives in its own row, bound to the browser by a cookie holding `id.secret`.
 */
export class SignInAttempts {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly lockout: AccountLockout,
    private readonly familiar: FamiliarClients,
  ) {}

  async begin(
    tenant: TenantRow,
    user: UserRow,
    options: { stage: AttemptStage; keepMeLoggedIn: boolean; returnTo: SignInReturn; ip: string; otpMethod?: string },
  ): Promise<IssuedCookie> {
    const token = createSessionToken();
    const now = this.clock.now();
    const expiresAt = now + SIGN_IN_ATTEMPT_LIFETIME_MS;
    await insertSignInAttempt(this.store.db, {
      id: token.id,
      tenant_id: tenant.id,
      user_id: user.id,
      secret_hash: hashSecret(token.secret),
      stage: options.stage,
      keep_me_logged_in: options.keepMeLoggedIn ? 1 : 0,
      ...storedReturn(options.returnTo),
      otp_tries: 0,
      otp_method: options.otpMethod ?? '',
      email_code_hash: '',
      email_code_sent_at: 0,
      push_requests: 0,
      ip: options.ip,
      created_at: now,
      expires_at: expiresAt,
    });
    return { cookieValue: formatSessionToken(token), expiresAt };
  }

  /**
   * The attempt behind the cookie, if it is this tenant's, unexpired, and its user may still sign in from here.
   * A reported or locked attempt is left in place: the caller that tells the browser why ends it.
   */
  async resolve(tenant: TenantRow, cookieValue: string | undefined, client: SignInClient): Promise<ResolvedAttempt> {
    const token = parseSessionToken(cookieValue);
    if (!token) return { state: 'gone' };
    const attempt = await findSignInAttempt(this.store.db, token.id);
    if (!attempt || attempt.tenant_id !== tenant.id || !secretMatches(token.secret, attempt.secret_hash))
      return { state: 'gone' };
    const user = await findUserById(this.store.db, tenant.id, attempt.user_id);
    if (attempt.expires_at <= this.clock.now() || !user || user.status !== 'enabled') {
      await deleteSignInAttempt(this.store.db, attempt.id);
      return { state: 'gone' };
    }
    if (attempt.stage === 'reported') return { state: 'reported', loginId: user.login_id, attemptId: attempt.id };
    const locked = await this.lockout.keepsOut(lockoutStateOf(user), lockoutRulesOf(tenant), () =>
      this.familiar.isFamiliar(user, client),
    );
    if (locked) return { state: 'locked', loginId: user.login_id, attemptId: attempt.id };
    return { state: 'pending', pending: { tenant, attempt, user } };
  }

  /** One more answer of at most MAX_OTP_TRIES, counted before it is checked. */
  /**
   * Counts one more OTP try of the attempt. `gone`: another request ended it meanwhile (the same form sent twice,
   * whose first answer signed in), which the browser must hear as such, not as too many wrong codes.
   */
  async claimTry(pending: PendingSignIn): Promise<'claimed' | 'exhausted' | 'gone'> {
    if (await claimOtpTry(this.store.db, pending.attempt.id, MAX_OTP_TRIES)) return 'claimed';
    return (await findSignInAttempt(this.store.db, pending.attempt.id)) ? 'exhausted' : 'gone';
  }

  /** The OTP step was passed with `otpMethod`, and OTP setup comes next (an admin recovering with a token). */
  async moveToSetup(pending: PendingSignIn, otpMethod: string): Promise<boolean> {
    return advanceSignInAttempt(this.store.db, pending.attempt.id, 'otp', {
      stage: 'otp-setup',
      otp_method: otpMethod,
    });
  }

  /**
   * The OTP step was passed by an admin who must sign in with a passkey and has none: adding one comes next. No
   * method is kept, so that the sign-in completes as what it then is, a passkey sign-in.
   */
  moveToPasskeySetup(pending: PendingSignIn): Promise<boolean> {
    return advanceSignInAttempt(this.store.db, pending.attempt.id, 'otp', { stage: 'passkey-setup' });
  }

  /** The new passkey is stored: back to the OTP step, where only it answers. */
  backToOtpStep(pending: PendingSignIn): Promise<boolean> {
    return advanceSignInAttempt(this.store.db, pending.attempt.id, 'passkey-setup', { stage: 'otp' });
  }

  /** Gatehouse Key's "This wasn't me": the attempt ends, and the browser is told why at its next request. */
  async markReported(attemptId: string): Promise<boolean> {
    return advanceSignInAttempt(this.store.db, attemptId, 'otp', { stage: 'reported' });
  }

  async end(attemptId: string): Promise<void> {
    await deleteSignInAttempt(this.store.db, attemptId);
  }
}
