import type { Clock } from '../../../core/clock.js';
import {
  EMAIL_CODE_LIFETIME_MS,
  EMAIL_CODE_RESEND_INTERVAL_MS,
  generateEmailCode,
} from '../../../core/otp/email-code.js';
import type { Store } from '../../../store/database.js';
import { updateSignInAttempt } from '../../../store/sign-in-attempts.js';
import { TooSoonError } from '../../errors.js';
import type { MailService } from '../../mail-service.js';
import type { OtpSecrets } from '../../otp/otp-secrets.js';
import type { PendingSignIn } from '../sign-in-attempts.js';
import {
  type OtpMethodVerifier,
  type OtpProof,
  SIX_DIGITS,
  typedCode,
  type Verification,
} from './otp-method-verifier.js';

/** A code mailed to the user's OTP notification email for this attempt; only its keyed hash is kept. */
export class EmailCodeVerifier implements OtpMethodVerifier {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: OtpSecrets,
    private readonly mail: MailService,
  ) {}

  accepts({ user }: PendingSignIn, proof: OtpProof): boolean {
    const code = typedCode(proof);
    return code !== null && SIX_DIGITS.test(code) && user.otp_type === 'email';
  }

  async verify({ attempt }: PendingSignIn, proof: OtpProof): Promise<Verification> {
    const fresh = attempt.email_code_sent_at + EMAIL_CODE_LIFETIME_MS > this.clock.now();
    const matches =
      fresh &&
      attempt.email_code_hash !== '' &&
      this.secrets.emailCodes.matches(attempt.email_code_hash, attempt.id, typedCode(proof) ?? '');
    return matches ? { result: 'passed', method: 'email' } : { result: 'failed' };
  }

  /** On arrival at the OTP step: a code is mailed unless a fresh one already was. */
  async sendIfNeeded(pending: PendingSignIn): Promise<void> {
    if (pending.user.otp_type !== 'email') return;
    if (pending.attempt.email_code_sent_at + EMAIL_CODE_LIFETIME_MS > this.clock.now()) return;
    await this.send(pending);
  }

  async resend(pending: PendingSignIn): Promise<void> {
    const wait = pending.attempt.email_code_sent_at + EMAIL_CODE_RESEND_INTERVAL_MS - this.clock.now();
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new TooSoonError(`Please wait ${seconds} seconds before requesting another code.`, seconds);
    }
    await this.send(pending);
  }

  private async send({ tenant, attempt, user }: PendingSignIn): Promise<void> {
    const code = generateEmailCode();
    await this.mail.send({
      from: tenant.mail_sender || `gatehouse@${tenant.domain}`,
      to: user.otp_email,
      subject: `Your ${tenant.otp_issuer} one-time password`,
      text: `Your one-time password is ${code}\n\nIt is valid for 5 minutes. If you did not try to log in, change your password.\n`,
    });
    const now = this.clock.now();
    const emailCodeHash = this.secrets.emailCodes.digest(attempt.id, code);
    await updateSignInAttempt(this.store.db, attempt.id, { email_code_hash: emailCodeHash, email_code_sent_at: now });
    attempt.email_code_hash = emailCodeHash;
    attempt.email_code_sent_at = now;
  }
}
