import { randomInt } from 'node:crypto';

/** SPEC §3: six digits, single use, five minutes, five wrong tries, one resend per 30 seconds. */
export const EMAIL_CODE_LIFETIME_MS = 5 * 60_000;
export const EMAIL_CODE_MAX_TRIES = 5;
export const EMAIL_CODE_RESEND_INTERVAL_MS = 30_000;

export function generateEmailCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
