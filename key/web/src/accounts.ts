import { enrollDevice, importSigningKey, type KeyUri, KeyUriError } from '../../protocol/index.js';
import { importTotpKey } from './one-time-code.js';

/**
 * An account as the web app keeps it in IndexedDB. Keys are stored as non-extractable CryptoKeys (structured clone
 * keeps them across reloads): the page can compute codes and sign, but no script can read a secret back.
 */
interface AccountBase {
  id: string;
  issuer: string;
  loginId: string;
  /** ISO 8601. */
  addedAt: string;
  /** HMAC-SHA-1 over the TOTP secret. */
  totpKey: CryptoKey;
}

/** From a QR code without a Gatehouse Key link: codes only. */
export interface CodeAccount extends AccountBase {
  kind: 'codes';
}

/** Enrolled with Gatehouse: codes, and sign-in approval signed with the device key. */
export interface DeviceAccount extends AccountBase {
  kind: 'device';
  deviceId: string;
  apiBase: string;
  domain: string;
  deviceName: string;
  enrolledAt: string;
  /** ECDSA P-256 private key, usage `sign`. */
  signingKey: CryptoKey;
}

export type StoredAccount = CodeAccount | DeviceAccount;

export const DEFAULT_DEVICE_NAME = 'Gatehouse Key web app';

/**
 * Registers this browser with Gatehouse through the QR code's enrolment link. The key pair is made by the library
 * (its private JWK lives only in memory here) and kept as a non-extractable CryptoKey.
 */
export async function enrolFromUri(uri: KeyUri, deviceName: string): Promise<DeviceAccount> {
  if (!uri.enrollUrl)
    throw new KeyUriError('This QR code has no Gatehouse Key enrolment link (it is for other authenticator apps).');
  // The server's CSP lets this page talk to its own origin only; say so instead of failing with "Could not reach".
  const enrolOrigin = new URL(uri.enrollUrl).origin;
  if (enrolOrigin !== window.location.origin) {
    throw new KeyUriError(
      `This QR code is for ${enrolOrigin}. Open the Gatehouse Key web app of that server (${enrolOrigin}/key/) to register it.`,
    );
  }
  const enrolled = await enrollDevice(uri, { deviceName });
  const [signingKey, totpKey] = await Promise.all([
    importSigningKey(enrolled.privateKeyJwk),
    importTotpKey(enrolled.secret),
  ]);
  return {
    kind: 'device',
    id: crypto.randomUUID(),
    issuer: enrolled.issuer,
    loginId: enrolled.loginId,
    addedAt: new Date().toISOString(),
    totpKey,
    deviceId: enrolled.deviceId,
    apiBase: enrolled.apiBase,
    domain: enrolled.domain,
    deviceName: enrolled.deviceName,
    enrolledAt: enrolled.enrolledAt,
    signingKey,
  };
}

export async function codeAccountFromUri(uri: KeyUri): Promise<CodeAccount> {
  return {
    kind: 'codes',
    id: crypto.randomUUID(),
    issuer: uri.issuer,
    loginId: uri.account,
    addedAt: new Date().toISOString(),
    totpKey: await importTotpKey(uri.secret),
  };
}

/**
 * The accounts a new one replaces: a new QR code for the same login makes the old secret useless, and a new
 * enrolment replaces the server's device for that user (one device per user).
 */
export function accountsReplacedBy(added: StoredAccount, existing: readonly StoredAccount[]): StoredAccount[] {
  const sameLogin = (a: StoredAccount) => a.loginId.toLowerCase() === added.loginId.toLowerCase();
  return existing.filter(
    (old) =>
      sameLogin(old) &&
      (old.issuer.toLowerCase() === added.issuer.toLowerCase() ||
        (old.kind === 'device' &&
          added.kind === 'device' &&
          old.apiBase === added.apiBase &&
          old.domain === added.domain)),
  );
}

export function accountName(account: Pick<StoredAccount, 'issuer' | 'loginId'>): string {
  return account.issuer ? `${account.issuer}: ${account.loginId}` : account.loginId;
}
