/**
 * What an OpenID Connect client is told about how the user signed in (OIDC Core §2 `acr` and `amr`, values from
 * RFC 8176), worked out from the Gatehouse session alone.
 */

/** A password sign-in. */
export const ACR_PASSWORD = 'urn:gatehouse:acr:pwd';
/** A password and a second factor (an OTP code, an emergency token or a Gatehouse Key approval). */
export const ACR_MULTI_FACTOR = 'urn:gatehouse:acr:mfa';
export const ACR_VALUES = [ACR_PASSWORD, ACR_MULTI_FACTOR] as const;

/**
 * Values of `acr_values` that ask for more than a password. Besides Gatehouse's own, the two that clients written
 * for other providers commonly send: the OpenID PAPE multi-factor policy and the bare RFC 8176 `mfa`.
 */
const MULTI_FACTOR_REQUESTS = new Set([
  ACR_MULTI_FACTOR,
  'mfa',
  'http://schemas.openid.net/pape/policies/2007/06/multi-factor',
]);

/** Whether a space-separated `acr_values` asks for multi-factor authentication. */
export function asksForMultiFactor(acrValues: string | undefined): boolean {
  return (acrValues ?? '').split(' ').some((value) => MULTI_FACTOR_REQUESTS.has(value));
}

/**
 * How a session records a passkey whose authenticator verified the user (the UV flag: a PIN or biometrics), so that
 * `amr` can say `user` later; the Access Logs show it as `passkey` (see `loggedOtpMethodOf`).
 */
export const PASSKEY_USER_VERIFIED = 'passkey-uv';
/**
 * How a session records a sign-in with a passkey and no password (issue 12, **Sign in with a passkey**): kept in the
 * same column as the OTP method, so that `amr` can leave `pwd` out without a column that every session would carry.
 */
export const PASSWORDLESS_PASSKEY = 'passwordless-passkey';
export const PASSWORDLESS_PASSKEY_USER_VERIFIED = 'passwordless-passkey-uv';

/** The session's record of how it was opened, from the OTP method passed and how a passkey was used. */
export function sessionMethodOf(otpMethod: string, passkey: { userVerified: boolean; passwordless: boolean }): string {
  if (otpMethod !== 'passkey') return otpMethod;
  if (passkey.passwordless) return passkey.userVerified ? PASSWORDLESS_PASSKEY_USER_VERIFIED : PASSWORDLESS_PASSKEY;
  return passkey.userVerified ? PASSKEY_USER_VERIFIED : otpMethod;
}

const PASSKEY_SESSION_METHODS = new Set([
  PASSKEY_USER_VERIFIED,
  PASSWORDLESS_PASSKEY,
  PASSWORDLESS_PASSKEY_USER_VERIFIED,
]);

/** The OTP method as the Access Logs name it, from a session's record of it. */
export function loggedOtpMethodOf(sessionMethod: string): string {
  return PASSKEY_SESSION_METHODS.has(sessionMethod) ? 'passkey' : sessionMethod;
}

export interface SessionAuthentication {
  /** The OTP method that passed the session's OTP step ('' when there was none). */
  otpMethod: string;
  /** When OTP was passed; 0 when it was not. */
  otpVerifiedAt: number;
}

/**
 * The `amr` values: `pwd` for every session that began with the password; `hwk` for a Gatehouse Key approval (a key
 * held in the phone's keystore) or a passkey (a key held by the authenticator, bound to our origin:
 * phishing-resistant), `otp` for a code or an emergency token; `mfa` with either after a password. A passkey whose
 * authenticator verified the user adds `user` (the simple rule of issue 12: whether by PIN or biometrics is not
 * knowable). A passkey without a password is `hwk` alone, or `hwk user mfa` when the authenticator verified the user:
 * the key held and the PIN or biometrics are the two factors then.
 */
export function authenticationMethodsOf(session: SessionAuthentication): string[] {
  if (session.otpMethod === PASSWORDLESS_PASSKEY_USER_VERIFIED) return ['hwk', 'user', 'mfa'];
  if (session.otpMethod === PASSWORDLESS_PASSKEY) return ['hwk'];
  if (session.otpVerifiedAt === 0) return ['pwd'];
  if (session.otpMethod === PASSKEY_USER_VERIFIED) return ['pwd', 'hwk', 'user', 'mfa'];
  const second = session.otpMethod === 'gatehouse-key' || session.otpMethod === 'passkey' ? 'hwk' : 'otp';
  return ['pwd', second, 'mfa'];
}

export function authenticationContextOf(session: SessionAuthentication): string {
  return session.otpVerifiedAt === 0 ? ACR_PASSWORD : ACR_MULTI_FACTOR;
}
