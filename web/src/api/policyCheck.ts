// Policy Check (docs/admin-api.md, "Policy Check"): what a sign-in with these facts would do; nothing is written.
import type { ApiClient } from './client';

export interface PolicyCheckRequest {
  userId: string;
  ip: string;
  /** ISO timestamp; the server's clock when left out. */
  at?: string;
  hasPass: boolean;
  passAgeDays?: number;
}

export interface PolicyCheckStep {
  setting: string;
  outcome: string;
  detail: string;
}

export interface PolicyCheckResult {
  allowed: boolean;
  otpRequired: boolean;
  otpConfigured: boolean;
  steps: PolicyCheckStep[];
}

export const checkPolicy = (api: ApiClient, request: PolicyCheckRequest) =>
  api.send<PolicyCheckResult>('POST', '/policy-check', request);
