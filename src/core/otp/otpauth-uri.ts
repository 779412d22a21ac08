import { TOTP_ALGORITHM, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from './totp.js';

export const MAX_ISSUER_LENGTH = 20;

/**
 * `otpauth://totp/<issuer>:<login id>?secret=…&issuer=…` (the Key URI format apps understand). Extra parameters,
 * such as Gatehouse Key's enrolment URL, are appended after the standard ones: other apps ignore them.
 */
export function buildOtpauthUri(
  issuer: string,
  loginId: string,
  secretBase32: string,
  extra: Record<string, string> = {},
): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(loginId)}`;
  const query = new URLSearchParams({
    secret: secretBase32,
    issuer,
    algorithm: TOTP_ALGORITHM,
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
    ...extra,
  });
  // URLSearchParams writes spaces as "+", which some apps show literally; %20 is read the same everywhere.
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}

export interface ParsedOtpauthUri {
  issuer: string;
  account: string;
  secret: string;
  params: URLSearchParams;
}

export function parseOtpauthUri(uri: string): ParsedOtpauthUri {
  const url = new URL(uri);
  if (url.protocol !== 'otpauth:' || url.host !== 'totp') throw new Error('not an otpauth://totp/ URI');
  // Split at the literal colon before decoding: an issuer may itself contain an encoded colon.
  const rawLabel = url.pathname.replace(/^\//, '');
  const colon = rawLabel.indexOf(':');
  const secret = url.searchParams.get('secret');
  if (!secret) throw new Error('the URI has no secret');
  return {
    issuer: url.searchParams.get('issuer') ?? (colon >= 0 ? decodeURIComponent(rawLabel.slice(0, colon)) : ''),
    account: decodeURIComponent(colon >= 0 ? rawLabel.slice(colon + 1) : rawLabel),
    secret,
    params: url.searchParams,
  };
}
