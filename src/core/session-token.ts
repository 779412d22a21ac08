import { createHash, timingSafeEqual } from 'node:crypto';
import { newId, randomToken } from './ids.js';

/**
 * A session token is `id.secret`: the id finds the row, and only a SHA-256 of the secret is stored,
 * so a leaked database does not leak usable sessions. The secret has 256 bits, so a fast hash suffices.
 */
export interface SessionToken {
  id: string;
  secret: string;
}

export function createSessionToken(): SessionToken {
  return { id: newId(), secret: randomToken(32) };
}

export function formatSessionToken(token: SessionToken): string {
  return `${token.id}.${token.secret}`;
}

export function parseSessionToken(value: string | undefined): SessionToken | null {
  if (!value || value.length > 200) return null;
  const dot = value.indexOf('.');
  if (dot <= 0 || dot === value.length - 1) return null;
  const id = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  if (!/^[0-9a-f-]{36}$/.test(id) || !/^[A-Za-z0-9_-]+$/.test(secret)) return null;
  return { id, secret };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
