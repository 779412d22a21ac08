// Access Logs (docs/admin-api.md, "Access Logs"; SPEC §7).
import type { ApiClient, QueryParams } from './client';
import type { Page } from './types';

export type AccessLogReason =
  | 'allowed'
  | 'invalid-credentials'
  | 'account-locked'
  | 'throttled'
  | 'policy-denied'
  | 'otp-not-configured'
  | 'otp-invalid'
  | 'otp-too-many-attempts'
  | 'otp-rejected'
  | 'otp-expired';

export interface AccessLogEntry {
  id: string;
  at: string;
  loginId: string;
  userId: string;
  ip: string;
  userAgent: string;
  service: string;
  result: 'allowed' | 'denied';
  /** One of AccessLogReason; typed as string so that a reason added later still shows. */
  reason: string;
  otpMethod: string;
}

export const listAccessLogs = (api: ApiClient, query: QueryParams) =>
  api.get<Page<AccessLogEntry>>('/access-logs', query);
export const accessLogsCsvUrl = (api: ApiClient, query: QueryParams) => api.url('/access-logs.csv', query);
