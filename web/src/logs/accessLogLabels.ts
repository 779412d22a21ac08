import type { AccessLogReason, OtpType } from '@contract/admin-api';
import { otpTypeLabels } from '../otp/otpTypeLabels';

/** Why a sign-in was allowed or denied, in words (docs/admin-api.md, "Access Logs"): one for every reason. */
export const reasonLabels: Record<AccessLogReason, string> = {
  allowed: 'Allowed',
  'invalid-credentials': 'Invalid login ID or password',
  'account-locked': 'Account locked',
  throttled: 'Too many attempts from this address',
  'policy-denied': 'Denied by the policy',
  'otp-not-configured': 'OTP required but not configured',
  'otp-invalid': 'Invalid one-time password',
  'otp-too-many-attempts': 'Too many wrong one-time passwords',
  'otp-rejected': 'Rejected on the device',
  'otp-expired': 'OTP request expired',
  'otp-reported': "Reported on the device: This wasn't me",
  'otp-limit': 'Too many wrong one-time passwords for the account',
  'service-not-allowed': "The service is not among the group's allowed services",
  'service-denied': "Denied by the service's conditions",
  'otp-step-up': 'The service requires OTP: asked for one',
  'sso-unknown-service': 'Unknown or disabled service',
  'sso-bad-request': 'Invalid single sign-on request',
  'sso-bad-signature': 'Missing or invalid request signature',
  'sso-unregistered-url': 'Answer address not registered for the service',
  'sso-replayed': 'Single sign-on request replayed',
  'sso-expired': 'Single sign-on request expired',
  'oidc-invalid-client': 'Wrong client secret, or unknown or disabled client',
  'oidc-invalid-grant': 'Code or refresh token refused (unknown, expired, reused, or PKCE mismatch)',
  'oidc-invalid-token': 'Access token refused (unknown, expired or revoked)',
  'consent-denied': 'The user did not allow the application',
  'passkey-challenge-unknown': 'Passkey request unknown, used, or of another login',
  'passkey-challenge-expired': 'Passkey request expired',
  'passkey-malformed': 'Passkey response unreadable',
  'passkey-wrong-origin': 'Passkey response from another site',
  'passkey-wrong-rp-id': 'Passkey created for another site',
  'passkey-unknown-credential': 'Passkey not registered to the user',
  'passkey-invalid': 'Passkey signature invalid',
  'passkey-counter-regressed': 'Passkey counter went backwards (possible copy); passkey flagged',
  'passkey-user-mismatch': 'Passkey answer names another user than its owner',
  'passkey-account-disabled': 'Passkey of a disabled user',
  'passkey-not-passwordless': 'Passkey without password not allowed by the group',
  'admin-passkey-required': 'Admins must sign in with a passkey (no passkey, or another method offered)',
};

export const reasonOptions = Object.entries(reasonLabels).map(([value, label]) => ({ value, label }));

export function describeReason(reason: AccessLogReason): string {
  return reasonLabels[reason];
}

/** The OTP method used for a sign-in: an OTP Type, an emergency token, or none. */
export function describeOtpMethod(method: string): string {
  if (!method || method === 'none') return '—';
  if (method === 'emergency-token') return 'Emergency token';
  if (method === 'passkey') return 'Passkey';
  return otpTypeLabels[method as OtpType] ?? method;
}
