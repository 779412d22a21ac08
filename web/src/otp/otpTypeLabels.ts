import type { OtpType, User } from '@contract/admin-api';

/** How the console names each OTP Type (SPEC §3); the labels are part of the product. */
export const otpTypeLabels: Record<OtpType, string> = {
  none: 'Not configured',
  'gatehouse-key': 'Gatehouse Key',
  'authenticator-app': 'Other authenticator app',
  email: 'Email',
};

export const otpTypeOptions = Object.entries(otpTypeLabels).map(([value, label]) => ({ value, label }));

/** The OTP Type of a user, with the address for Email: "Email (alice@example.com)". */
export function describeOtpType(user: Pick<User, 'otpType' | 'otpEmail'>): string {
  const label = otpTypeLabels[user.otpType];
  return user.otpType === 'email' && user.otpEmail ? `${label} (${user.otpEmail})` : label;
}
