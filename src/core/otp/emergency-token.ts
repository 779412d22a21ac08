import { randomInt } from 'node:crypto';

export const INITIAL_EMERGENCY_TOKENS = 5;
export const MAX_EMERGENCY_TOKENS = 50;

/** No 0/o, 1/l/i: a token is read off paper and typed under stress. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten characters in groups (`k7m2-x9p4-qr`): about 50 bits, never mistaken for a six-digit code. */
export function generateEmergencyToken(): string {
  let raw = '';
  for (let i = 0; i < 10; i++) raw += ALPHABET[randomInt(0, ALPHABET.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/** What a person typed, made comparable: case, spaces and dashes do not matter. */
export function normalizeEmergencyToken(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, '');
  if (!/^[a-z2-9]{10}$/.test(compact)) return null;
  return compact;
}

export function looksLikeEmergencyToken(input: string): boolean {
  return normalizeEmergencyToken(input) !== null;
}

/** Shown in the console until an admin asks to copy it. */
export function maskEmergencyToken(token: string): string {
  return `${token.slice(0, 2)}••-••••-••`;
}
