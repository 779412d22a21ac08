import type { Clock } from '../../core/clock.js';
import { isLockedOut } from '../../core/lockout.js';
import { EMAIL_CODE_LIFETIME_MS, EMAIL_CODE_RESEND_INTERVAL_MS, generateEmailCode } from '../../core/otp/email-code.js';
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
  claimOtpTry,
  deleteSignInAttempt,
  findSignInAttempt,
  insertSignInAttempt,
  updateSignInAttempt,
} from '../../store/sign-in-attempts.js';
import { closePendingApprovalRequests } from '../../store/key-devices.js';
import { findUserById } from '../../store/users.js';
import type { AccessLogService } from '../access-log-service.js';
import { TooSoonError } from '../errors.js';
import type { MailService } from '../mail-service.js';
import type { OtpSecrets } from '../otp/otp-secrets.js';
import type { OtpVerifier } from '../otp/otp-verifier.js';
import { recordFailedAttempt } from './credential-steps.js';
import type { SignInRequest } from './sign-in-context.js';

/** Wrong codes allowed in one sign-in before it ends (each also counts towards lockout). */
export const MAX_OTP_TRIES = 5;
/** How long the OTP step (or forced OTP setup) waits after the password was accepted. */
export const SIGN_IN_ATTEMPT_LIFETIME_MS = 10 * 60_000;

export interface NewSignInAttempt {
  cookieValue: string;
  expiresAt: number;
}

export interface PendingSignIn {
  attempt: SignInAttemptRow;
  user: UserRow;
}

export type OtpAnswer =
  | { outcome: 'passed'; otpMethod: string }
  | { outcome: 'invalid'; triesLeft: number }
  | { outcome: 'ended'; reason: 'otp-too-many-attempts' | 'account-locked' | 'otp-rejected' };

/**
 * The part of a sign-in between the accepted password and the session: the OTP step of SPEC §5.1 step 4, or the
 * forced OTP setup of §5.3. It lives in its own row, bound to the browser by a cookie holding `id.secret`.
 */
export class SignInAttemptService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: OtpSecrets,
    private readonly verifier: OtpVerifier,
    private readonly mail: MailService,
    private readonly accessLog: AccessLogService,
  ) {}

  async begin(request: SignInRequest, user: UserRow, stage: 'otp' | 'otp-setup'): Promise<NewSignInAttempt> {
    const token = createSessionToken();
    const now = this.clock.now();
    const expiresAt = now + SIGN_IN_ATTEMPT_LIFETIME_MS;
    await insertSignInAttempt(this.store.db, {
      id: token.id,
      tenant_id: request.tenant.id,
      user_id: user.id,
      secret_hash: hashSecret(token.secret),
      stage,
      keep_me_logged_in: request.keepMeLoggedIn ? 1 : 0,
      return_kind: 'portal',
      return_to: request.next,
      familiar: 0,
      otp_method: '',
      push_requests: 0,
      otp_tries: 0,
      email_code_hash: '',
      email_code_sent_at: 0,
      ip: request.ip,
      created_at: now,
      expires_at: expiresAt,
    });
    return { cookieValue: formatSessionToken(token), expiresAt };
  }

  /** The attempt behind the cookie, if it is this tenant's, unexpired, and its user may still sign in. */
  async resolve(tenant: TenantRow, cookieValue: string | undefined): Promise<PendingSignIn | null> {
    const token = parseSessionToken(cookieValue);
    if (!token) return null;
    const attempt = await findSignInAttempt(this.store.db, token.id);
    if (!attempt || attempt.tenant_id !== tenant.id || !secretMatches(token.secret, attempt.secret_hash)) return null;
    if (attempt.expires_at <= this.clock.now()) {
      await deleteSignInAttempt(this.store.db, attempt.id);
      return null;
    }
    const user = await findUserById(this.store.db, tenant.id, attempt.user_id);
    if (
      !user ||
      user.status !== 'enabled' ||
      isLockedOut({ failedLoginCount: user.failed_login_count, lockedUntil: user.locked_until }, this.clock.now())
    )
      return null;
    return { attempt, user };
  }

  /** For an email OTP user: mails a code on arrival at the OTP step, unless a fresh one was already sent. */
  async sendEmailCodeIfNeeded(tenant: TenantRow, pending: PendingSignIn): Promise<void> {
    if (pending.user.otp_type !== 'email') return;
    if (pending.attempt.email_code_sent_at + EMAIL_CODE_LIFETIME_MS > this.clock.now()) return;
    await this.sendEmailCode(tenant, pending);
  }

  async resendEmailCode(tenant: TenantRow, pending: PendingSignIn): Promise<void> {
    const wait = pending.attempt.email_code_sent_at + EMAIL_CODE_RESEND_INTERVAL_MS - this.clock.now();
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new TooSoonError(`Please wait ${seconds} seconds before requesting another code.`, seconds);
    }
    await this.sendEmailCode(tenant, pending);
  }

  /** Checks what the user typed: a code of their method, or an emergency token. */
  async answer(
    tenant: TenantRow,
    pending: PendingSignIn,
    input: string,
    context: { ip: string; userAgent: string },
  ): Promise<OtpAnswer> {
    const { attempt, user } = pending;
    if (!(await claimOtpTry(this.store.db, attempt.id, MAX_OTP_TRIES)))
      return this.end(tenant, pending, context, 'otp-too-many-attempts');
    const method = await this.check(pending, input.trim());
    if (method) {
      // Deleting the attempt is the claim: of two simultaneous right answers only one goes on to a session.
      if (!(await this.claim(pending))) return { outcome: 'ended', reason: 'otp-too-many-attempts' };
      return { outcome: 'passed', otpMethod: method };
    }
    await recordFailedAttempt(this.store, tenant, user, this.clock.now());
    await this.accessLog.record({
      tenantId: tenant.id,
      loginId: user.login_id,
      userId: user.id,
      ip: context.ip,
      userAgent: context.userAgent,
      result: 'denied',
      reason: 'otp-invalid',
      otpMethod: user.otp_type,
    });
    if (isLockedOut({ failedLoginCount: user.failed_login_count, lockedUntil: user.locked_until }, this.clock.now()))
      return this.end(tenant, pending, context, 'account-locked');
    const triesLeft = MAX_OTP_TRIES - attempt.otp_tries - 1;
    if (triesLeft <= 0) return this.end(tenant, pending, context, 'otp-too-many-attempts');
    return { outcome: 'invalid', triesLeft };
  }

  /** Another proof succeeded (forced setup, push approval): the attempt is spent and the sign-in goes on, once. */
  async claim(pending: PendingSignIn): Promise<boolean> {
    // Only Gatehouse Key users get approval requests; everyone else is spared the write.
    if (pending.user.otp_type === 'gatehouse-key')
      await closePendingApprovalRequests(this.store.db, pending.attempt.id, this.clock.now());
    return deleteSignInAttempt(this.store.db, pending.attempt.id);
  }

  private async check(pending: PendingSignIn, input: string): Promise<string | null> {
    const { attempt, user } = pending;
    if (user.otp_type === 'email' && /^\d{6}$/.test(input)) {
      const fresh = attempt.email_code_sent_at + EMAIL_CODE_LIFETIME_MS > this.clock.now();
      return fresh &&
        attempt.email_code_hash &&
        this.secrets.emailCodes.matches(attempt.email_code_hash, attempt.id, input)
        ? 'email'
        : null;
    }
    const proof = await this.verifier.verify(user, input);
    if (proof === 'emergency-token') return 'emergency-token';
    return proof === 'totp' ? user.otp_type : null;
  }

  async end(
    tenant: TenantRow,
    pending: PendingSignIn,
    context: { ip: string; userAgent: string },
    reason: 'otp-too-many-attempts' | 'account-locked' | 'otp-rejected',
  ): Promise<OtpAnswer> {
    await this.claim(pending);
    await this.accessLog.record({
      tenantId: tenant.id,
      loginId: pending.user.login_id,
      userId: pending.user.id,
      ip: context.ip,
      userAgent: context.userAgent,
      result: 'denied',
      reason,
      otpMethod: pending.user.otp_type,
    });
    return { outcome: 'ended', reason };
  }

  private async sendEmailCode(tenant: TenantRow, pending: PendingSignIn): Promise<void> {
    const code = generateEmailCode();
    await this.mail.send({
      from: tenant.mail_sender || `gatehouse@${tenant.domain}`,
      to: pending.user.otp_email,
      subject: `Your ${tenant.otp_issuer} one-time password`,
      text: `Your one-time password is ${code}\n\nIt is valid for 5 minutes. If you did not try to log in, change your password.\n`,
    });
    const now = this.clock.now();
    await updateSignInAttempt(this.store.db, pending.attempt.id, {
      email_code_hash: this.secrets.emailCodes.digest(pending.attempt.id, code),
      email_code_sent_at: now,
    });
    pending.attempt.email_code_sent_at = now;
  }
}
