/** SPEC §3: the stored OTP Type values, and how the console names them. */
export const OTP_TYPES = ['none', 'gatehouse-key', 'authenticator-app', 'email'] as const;
export type OtpType = (typeof OTP_TYPES)[number];

export const OTP_TYPE_LABELS: Record<OtpType, string> = {
  none: 'Not configured',
  'gatehouse-key': 'Gatehouse Key',
  'authenticator-app': 'Other authenticator app',
  email: 'Email',
};

export function isOtpType(value: unknown): value is OtpType {
  return typeof value === 'string' && (OTP_TYPES as readonly string[]).includes(value);
}

/** A QR code (and its enrolment link) is valid this long after it is shown. */
export const OTP_SETUP_LIFETIME_MS = 10 * 60_000;
