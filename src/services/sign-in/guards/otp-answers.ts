import type { RateReservation } from '../../../store/rate-counters.js';
import type { TenantRow, UserRow } from '../../../store/schema.js';
import type { AccessLogReason, AccessLogService } from '../../access-log-service.js';
import { type AccountLockout, lockoutRulesOf } from './account-lockout.js';
import type { RateGuard } from './rate-guard.js';

export interface OtpAnswerReservation {
  address: RateReservation;
  account: RateReservation;
}

export type OtpAnswerRefusal = 'throttled' | 'otp-limit';

export interface WrongAnswer {
  tenant: TenantRow;
  user: UserRow;
  ip: string;
  userAgent: string;
  reason: AccessLogReason;
  otpMethod: string;
  service?: string;
}

/**
 * What bounds OTP guessing (SPEC §5.1 step 4), whatever the lockout settings: every answer is counted in
 * advance against the client address (the sign-in throttle) and against a per-account OTP failure limit that
 * lockout settings cannot turn off; a right answer gives both back. Wrong answers also count towards lockout
 * and go to the Access Logs. A push answered "no" on the device counts the same way, after the fact.
 */
export class OtpAnswers {
  constructor(
    private readonly addressThrottle: RateGuard,
    private readonly accountLimit: RateGuard,
    private readonly lockout: AccountLockout,
    private readonly accessLog: AccessLogService,
  ) {}

  async reserve(user: UserRow, ip: string): Promise<OtpAnswerReservation | OtpAnswerRefusal> {
    const address = await this.addressThrottle.reserve(ip);
    if (!address) return 'throttled';
    const account = await this.accountLimit.reserve(user.id);
    if (account) return { address, account };
    await this.addressThrottle.release(address);
    return 'otp-limit';
  }

  /**
   * The account's unit alone, for an answer whose address unit was reserved before its user was known (a passkey
   * without a password names its user only once its challenge was spent and its credential found).
   */
  async reserveAccount(user: UserRow, address: RateReservation): Promise<OtpAnswerReservation | null> {
    const account = await this.accountLimit.reserve(user.id);
    return account ? { address, account } : null;
  }

  /** The answer was right: both units go back (inside the completion's transaction, see SignInCompletion). */
  reservationsOf(reservation: OtpAnswerReservation): RateReservation[] {
    return [reservation.address, reservation.account];
  }

  async release(reservation: OtpAnswerReservation): Promise<void> {
    await this.addressThrottle.release(reservation.address);
    await this.accountLimit.release(reservation.account);
  }

  /** Whether the account may not answer any more OTPs in the current window. */
  isAccountExhausted(user: UserRow): Promise<boolean> {
    return this.accountLimit.isExhausted(user.id);
  }

  /** A wrong answer whose units were reserved: it counts towards lockout and is logged. Answers the new lock. */
  async countWrong(answer: WrongAnswer): Promise<{ lockedUntil: number; failedLoginCount: number }> {
    const state = await this.lockout.recordFailure(
      { kind: 'user', tenantId: answer.tenant.id, userId: answer.user.id },
      lockoutRulesOf(answer.tenant),
    );
    await this.accessLog.record({
      tenantId: answer.tenant.id,
      loginId: answer.user.login_id,
      userId: answer.user.id,
      ip: answer.ip,
      userAgent: answer.userAgent,
      result: 'denied',
      reason: answer.reason,
      otpMethod: answer.otpMethod,
      service: answer.service,
    });
    return state;
  }

  /** A wrong answer given on a device (Reject, a wrong number, no answer in time): counted after the fact. */
  async countWrongAfterTheFact(answer: WrongAnswer): Promise<void> {
    await this.addressThrottle.reserve(answer.ip);
    await this.accountLimit.reserve(answer.user.id);
    await this.countWrong(answer);
  }
}
