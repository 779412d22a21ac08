import type { EcPublicJwk } from './device-key.js';

/** One enrolled account as Key stores it: enough to show codes and to sign requests for that device. */
export interface KeyAccount {
  deviceId: string;
  /** e.g. `https://gatehouse.example.com/api/key/v1`, as the server gave it at enrolment. */
  apiBase: string;
  loginId: string;
  domain: string;
  issuer: string;
  /** The TOTP secret (Base32): Key shows codes too, the fallback when push is not possible. */
  secret: string;
  privateKeyJwk: JsonWebKey;
  publicKeyJwk: EcPublicJwk;
  deviceName: string;
  /** ISO 8601. */
  enrolledAt: string;
}

/** Two records are the same account when they belong to the same user on the same server. */
export function sameAccount(a: KeyAccount, b: KeyAccount): boolean {
  return a.apiBase === b.apiBase && a.domain === b.domain && a.loginId.toLowerCase() === b.loginId.toLowerCase();
}

/** How an account is named to people: `alice@example.com (Gatehouse)`. */
export function accountLabel(account: KeyAccount): string {
  return account.issuer ? `${account.loginId} (${account.issuer})` : account.loginId;
}
