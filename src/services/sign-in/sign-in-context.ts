import type { TenantRow, UserRow } from '../../store/schema.js';

export interface SignInRequest {
  tenant: TenantRow;
  loginId: string;
  password: string;
  keepMeLoggedIn: boolean;
  ip: string;
  userAgent: string;
}

/** What the steps learn as they go; each step reads what earlier ones set. */
export interface SignInContext {
  request: SignInRequest;
  now: number;
  user?: UserRow;
}

export type SignInDenialReason =
  | 'throttled'
  | 'unknown-user'
  | 'wrong-password'
  | 'locked'
  | 'disabled';

export type StepResult =
  | { outcome: 'continue' }
  | { outcome: 'deny'; reason: SignInDenialReason; httpStatus: number; message: string };

/** One named check of the sign-in sequence. Later capabilities (policy, OTP) insert their own steps. */
export interface SignInStep {
  name: string;
  run(context: SignInContext): Promise<StepResult>;
}

export const CONTINUE: StepResult = { outcome: 'continue' };
