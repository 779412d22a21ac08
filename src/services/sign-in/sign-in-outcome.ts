import type { OtpType } from '../../core/otp/otp-types.js';
import type { UserRow } from '../../store/schema.js';
import type { AccessLogReason } from '../access-log-service.js';
import type { NewSession } from '../session-service.js';
import type { SignInReturn } from './sign-in-return.js';

/** A cookie value with its end: the attempt, a session or an entrance pass. */
export interface IssuedCookie {
  cookieValue: string;
  expiresAt: number;
}

/** The pages of a sign-in after the password: the OTP step, forced OTP setup, forced passkey setup (SPEC §3.4). */
export type SignInStage = 'otp' | 'otp-setup' | 'passkey-setup';

export type PushState = 'pending' | 'expired' | 'rejected' | 'wrong-number';

/**
 * What a step of the sign-in answers. Routes only turn these into pages, redirects and cookies; every rule
 * (which status, which message, whether the attempt goes on) is decided by the flow.
 */
export type SignInOutcome =
  /** Back to the login form with a message; the attempt (if any) is over. */
  | {
      kind: 'login-form';
      status: 401 | 403 | 429;
      reason: AccessLogReason;
      message: string;
      loginId?: string;
    }
  /** The password was accepted and the attempt continues at a step of its own page. */
  | { kind: 'go-to-step'; step: SignInStage; attempt?: IssuedCookie }
  /** The One-Time Password input. */
  | {
      kind: 'code-challenge';
      status: 200 | 400 | 429 | 502;
      otpType: OtpType;
      /** The user has a passkey: "Use a passkey" is offered first (issue 12). */
      passkeyOffered: boolean;
      /** Phishing-resistant sign-in for admins applies: "Use a passkey" is all that is offered (SPEC §3.4). */
      passkeyOnly: boolean;
      /** The same rule applies, and the admin has no passkey yet: adding one follows this step. */
      passkeySetupNext: boolean;
      maskedEmail?: string;
      error?: string;
      notice?: string;
    }
  /** Gatehouse Key push approval: the number to type on the device, or why the last request failed. */
  | {
      kind: 'push-approval';
      state: PushState;
      number: number | null;
      /** Whether another request may be sent (at most 3 per attempt, and an hourly cap per user). */
      canRequestAgain: boolean;
      /** The user has a passkey: "Use a passkey" is offered too (issue 12). */
      passkeyOffered: boolean;
      error?: string;
    }
  | { kind: 'signed-in'; user: UserRow; session: NewSession; pass?: IssuedCookie; returnTo: SignInReturn };
