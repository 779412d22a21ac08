import type { EvaluationContext } from '../../core/policy/condition-evaluator.js';
import type { LoginDecision } from '../../core/policy/login-decision.js';
import type { EntrancePassRow, GroupRow, TenantRow, UserRow } from '../../store/schema.js';
import type { AccessLogReason } from '../access-log-service.js';

export interface SignInRequest {
  tenant: TenantRow;
  loginId: string;
  password: string;
  keepMeLoggedIn: boolean;
  ip: string;
  userAgent: string;
  /** The entrance pass cookie the browser sent, if any. */
  passCookie?: string;
  /** Where to go after signing in (already checked to stay inside the tenant). */
  next: string;
}

/** What the steps learn as they go; each step reads what earlier ones set. */
export interface SignInContext {
  request: SignInRequest;
  now: number;
  user?: UserRow;
  group?: GroupRow;
  pass?: EntrancePassRow | null;
  evaluation?: EvaluationContext;
  decision?: LoginDecision;
  /** Set by the OTP decision: which OTP step the user must pass before a session is made. */
  otpStage?: 'otp' | 'otp-setup';
}

export type StepResult =
  { outcome: 'continue' } | { outcome: 'deny'; reason: AccessLogReason; httpStatus: number; message: string };

/** One named check of the sign-in sequence; each can be read and tested alone. */
export interface SignInStep {
  name: string;
  run(context: SignInContext): Promise<StepResult>;
}

export const CONTINUE: StepResult = { outcome: 'continue' };
