import type { KeyAccount } from './account.js';
import { generateDeviceKeyPair } from './device-key.js';
import { defaultFetch, type FetchLike, KeyProtocolError, sendJson } from './http.js';
import { type KeyUri, KeyUriError, parseKeyUri } from './key-uri.js';
import { totpCode } from './totp.js';

export const MAX_DEVICE_NAME_LENGTH = 100;

/** The server's 201 answer (protocol §2). */
interface EnrolmentAnswer {
  deviceId: string;
  loginId: string;
  domain: string;
  issuer: string;
  apiBase: string;
}

// Said when the server gives no message of its own; the link statuses are fixed by the protocol.
const ENROLMENT_MESSAGES: Record<number, string> = {
  404: 'The enrolment link is unknown. Show a new QR code and scan it again.',
  409: 'The enrolment link was already used. Show a new QR code and scan it again.',
  410: 'The enrolment link has expired. Show a new QR code and scan it again.',
  400: 'The server refused the enrolment.',
};

export interface EnrolOptions {
  deviceName: string;
  /** For tests: the clock the first code is computed at. */
  now?: number;
  fetch?: FetchLike;
}

/**
 * Registers this device from the QR code's URI: a new key pair, the current code, one POST to the enrolment link.
 * Returns the account to store; nothing is kept when the server refuses.
 */
export async function enrollDevice(uri: string | KeyUri, options: EnrolOptions): Promise<KeyAccount> {
  const parsed = typeof uri === 'string' ? parseKeyUri(uri) : uri;
  if (!parsed.enrollUrl) {
    throw new KeyUriError('This QR code has no Gatehouse Key enrolment link (it is for other authenticator apps).');
  }
  const deviceName = options.deviceName.trim();
  if (deviceName.length < 1 || deviceName.length > MAX_DEVICE_NAME_LENGTH) {
    throw new KeyUriError(`The device name must be 1 to ${MAX_DEVICE_NAME_LENGTH} characters.`);
  }
  const now = options.now ?? Date.now();
  const keys = await generateDeviceKeyPair();
  const code = await totpCode(parsed.secret, now);
  const answer = await sendJson<EnrolmentAnswer>(
    options.fetch ?? defaultFetch,
    parsed.enrollUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ publicKey: keys.publicKeyJwk, deviceName, code }),
    },
    ENROLMENT_MESSAGES,
  );
  for (const field of ['deviceId', 'loginId', 'domain', 'apiBase'] as const) {
    if (typeof answer[field] !== 'string' || !answer[field]) {
      throw new KeyProtocolError(`The server's enrolment answer has no ${field}.`, 0);
    }
  }
  return {
    deviceId: answer.deviceId,
    apiBase: answer.apiBase.replace(/\/+$/, ''),
    loginId: answer.loginId,
    domain: answer.domain,
    issuer: typeof answer.issuer === 'string' ? answer.issuer : parsed.issuer,
    secret: parsed.secret,
    privateKeyJwk: keys.privateKeyJwk,
    publicKeyJwk: keys.publicKeyJwk,
    deviceName,
    enrolledAt: new Date(now).toISOString(),
  };
}
