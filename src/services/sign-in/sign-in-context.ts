import type { EvaluationContext } from '../../core/policy/condition-evaluator.js';
import type { LoginDecision } from '../../core/policy/login-decision.js';
import type { LockoutSubject } from '../../store/lockouts.js';
import type { LockoutReservation } from './guards/account-lockout.js';
import type { RateReservation } from '../../store/rate-counters.js';
import type { EntrancePassRow, GroupRow, TenantRow, UserRow } from '../../store/schema.js';
import type { AccessLogReason } from '../access-log-service.js';
import type { ClientFacts } from './guards/familiar-clients.js';
import type { SignInReturn } from './sign-in-return.js';

export interface SignInClient extends ClientFacts {
  userAgent: string;
}

export interface PasswordSubmission {
  tenant: TenantRow;
  loginId: string;
  password: string;
  /** The box as ticked; the tenant's "show Keep me logged in" setting decides whether it counts. */
  keepMeLoggedIn: boolean;
  client: SignInClient;
  returnTo: SignInReturn;
}

/** What the password steps learn as they go; each step reads what earlier ones set. */
export interface SignInContext {
  request: PasswordSubmission;
  now: number;
  user?: UserRow;
  lockoutSubject?: LockoutSubject;
  /** Failures counted in advance, given back once the password proves right. */
  addressReservation?: RateReservation;
  accountReservation?: LockoutReservation;
  /** Set once the password matched: the new hash when the stored one used other argon2 parameters. */
  passwordMatched?: boolean;
  rehashedPassword?: string;
  group?: GroupRow;
  pass?: EntrancePassRow | null;
  evaluation?: EvaluationContext;
  decision?: LoginDecision;
  /** Set by the OTP decision: which OTP step the user must pass before a session is made. */
  otpStage?: 'otp' | 'otp-setup';
}

export type StepResult =
  { outcome: 'continue' } | { outcome: 'deny'; reason: AccessLogReason; httpStatus: 401 | 403 | 429; message: string };

/** One named check of the sign-in sequence; each can be read and tested alone. */
export interface SignInStep {
  name: string;
  run(context: SignInContext): Promise<StepResult>;
}

export const CONTINUE: StepResult = { outcome: 'continue' };
