/** Why a sign-in attempt was allowed or denied, as the Access Logs record it (SPEC §7). */
export const ACCESS_LOG_REASONS = [
  'allowed',
  'invalid-credentials',
  'account-locked',
  'throttled',
  'policy-denied',
  'otp-not-configured',
  'otp-invalid',
  'otp-too-many-attempts',
  'otp-rejected',
  'otp-expired',
  /** Gatehouse Key's "This wasn't me": the user says somebody else has their password. */
  'otp-reported',
  /** The account's limit of wrong one-time passwords was reached. */
  'otp-limit',
] as const;

export type AccessLogReason = (typeof ACCESS_LOG_REASONS)[number];
