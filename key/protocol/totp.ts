import { base32ToBytes } from './base64url.js';

// Gatehouse issues SHA-1 / 6 digits / 30 s codes (the Key URI defaults); digits and hash stay parameters so the
// RFC 6238 test vectors (8 digits, SHA-256/512 too) can check this very code.
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;

export type TotpHash = 'SHA-1' | 'SHA-256' | 'SHA-512';

export function timeStepAt(timeMs: number, periodSeconds = TOTP_PERIOD_SECONDS): number {
  return Math.floor(timeMs / 1000 / periodSeconds);
}

/** RFC 4226 HOTP over WebCrypto HMAC. */
export async function hotpCode(
  key: Uint8Array<ArrayBuffer>,
  counter: number,
  digits = TOTP_DIGITS,
  hash: TotpHash = 'SHA-1',
): Promise<string> {
  const message = new Uint8Array(8);
  // The counter is a 64-bit big-endian integer; split it because bitwise operators work on 32 bits only.
  const view = new DataView(message.buffer);
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter >>> 0);
  const hmacKey = await globalThis.crypto.subtle.importKey('raw', key, { name: 'HMAC', hash }, false, ['sign']);
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', hmacKey, message));
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = new DataView(mac.buffer, offset, 4).getUint32(0) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The code a Base32 secret gives at `timeMs` (default: now). */
export async function totpCode(
  secretBase32: string,
  timeMs = Date.now(),
  digits = TOTP_DIGITS,
  hash: TotpHash = 'SHA-1',
): Promise<string> {
  return hotpCode(base32ToBytes(secretBase32), timeStepAt(timeMs), digits, hash);
}

/** Seconds until the code shown at `timeMs` changes. */
export function secondsLeftInStep(timeMs = Date.now(), periodSeconds = TOTP_PERIOD_SECONDS): number {
  return periodSeconds - (Math.floor(timeMs / 1000) % periodSeconds);
}
