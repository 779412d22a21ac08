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

/** It reads and writes nothing, so it is a GET: the facts travel in the query string. */
export const checkPolicy = (api: ApiClient, { userId, ip, at, hasPass, passAgeDays }: PolicyCheckRequest) =>
  api.get<PolicyCheckResult>('/policy-check', {
    userId,
    ip,
    at,
    hasPass: String(hasPass),
    passAgeDays: passAgeDays === undefined ? undefined : String(passAgeDays),
  });
