import { base32ToBytes } from './base64url.js';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp.js';

/** What Key reads from the QR code (protocol §1). */
export interface KeyUri {
  secret: string;
  issuer: string;
  /** The label's account part: the login ID. */
  account: string;
  /** The single-use enrolment link; absent when the QR code is a plain authenticator one. */
  enrollUrl?: string;
}

export class KeyUriError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyUriError';
  }
}

/**
 * Parses `otpauth://totp/<issuer>:<account>?secret=…&issuer=…&gatehouse_enroll=…`. Refuses parameters Key cannot
 * honour (another algorithm, digit count or period) rather than showing codes that would never work.
 */
export function parseKeyUri(uri: string): KeyUri {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    throw new KeyUriError('This is not an otpauth:// link.');
  }
  // Browsers and Node disagree on host vs pathname for unknown schemes, so read the type from the raw text.
  const match = /^otpauth:\/\/([^/?#]*)\/([^?#]*)/i.exec(uri.trim());
  if (url.protocol !== 'otpauth:' || !match) throw new KeyUriError('This is not an otpauth:// link.');
  if (match[1]!.toLowerCase() !== 'totp') throw new KeyUriError('Only time-based (totp) codes are supported.');

  const params = url.searchParams;
  const secret = (params.get('secret') ?? '').replace(/\s/g, '').toUpperCase();
  if (!secret) throw new KeyUriError('The link has no secret.');
  try {
    if (base32ToBytes(secret).length === 0) throw new Error('empty');
  } catch {
    throw new KeyUriError('The secret in the link is not valid Base32.');
  }
  const algorithm = (params.get('algorithm') ?? 'SHA1').toUpperCase();
  const digits = Number(params.get('digits') ?? TOTP_DIGITS);
  const period = Number(params.get('period') ?? TOTP_PERIOD_SECONDS);
  if (algorithm !== 'SHA1' || digits !== TOTP_DIGITS || period !== TOTP_PERIOD_SECONDS) {
    throw new KeyUriError(`Only SHA1 / ${TOTP_DIGITS} digits / ${TOTP_PERIOD_SECONDS} s codes are supported.`);
  }

  // Split the label at the literal colon before decoding: the issuer may itself contain an encoded colon.
  const rawLabel = match[2]!;
  const colon = rawLabel.indexOf(':');
  const account = safeDecode(colon >= 0 ? rawLabel.slice(colon + 1) : rawLabel).trim();
  const issuer = params.get('issuer') ?? (colon >= 0 ? safeDecode(rawLabel.slice(0, colon)) : '');

  const enroll = params.get('gatehouse_enroll');
  const parsed: KeyUri = { secret, issuer, account };
  if (enroll !== null) parsed.enrollUrl = checkEnrollUrl(enroll);
  return parsed;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new KeyUriError('The account name in the link is badly encoded.');
  }
}

/** The enrolment link receives the device's first code, so it must be a real web address. */
function checkEnrollUrl(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new KeyUriError('The enrolment link in the QR code is not a valid address.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new KeyUriError('The enrolment link in the QR code is not an http(s) address.');
  }
  return url.href;
}
