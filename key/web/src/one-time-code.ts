import { base32ToBytes, TOTP_DIGITS, timeStepAt } from '../../protocol/index.js';

// The web app keeps each TOTP secret as a non-extractable HMAC key, so that nothing running in the page can read
// it back (it can only ask for codes). The protocol library works on the Base32 text; this is its RFC 4226
// truncation over such a key.

export async function importTotpKey(secretBase32: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', base32ToBytes(secretBase32), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
}

/** The 6-digit code of the 30 s step containing `timeMs`. */
export async function totpCodeWithKey(key: CryptoKey, timeMs: number): Promise<string> {
  const counter = timeStepAt(timeMs);
  const message = new Uint8Array(8);
  const view = new DataView(message.buffer);
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = new DataView(mac.buffer, offset, 4).getUint32(0) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}
