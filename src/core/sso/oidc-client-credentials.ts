import { createHash, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../ids.js';

/** OAuth 2.0 overlap choices are the admin's: from none (the old secret stops at once) to 30 days. */
export const MAX_SECRET_OVERLAP_SECONDS = 30 * 86_400;

/** A new client_id: 128 random bits, 22 characters of base64url; public, but never guessable or sequential. */
export function newClientId(): string {
  return randomToken(16);
}

/** A new client secret: 256 random bits, 43 characters of base64url, shown to the admin once. */
export function newClientSecret(): string {
  return randomToken(32);
}

/**
 * What is stored of a secret. SHA-256 rather than a password hash: a password hash is slow to make guessing a
 * low-entropy password expensive, but a 256-bit random secret cannot be guessed from its hash however fast the hash
 * is, and the token endpoint checks a secret at every call.
 */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Whether `secret` is one of the secrets whose hashes are given. Every hash is compared, in constant time, whatever
 * matches first: the time taken says nothing of which secret, or how much of it, was right.
 */
export function secretMatchesAny(secret: string, hashes: readonly string[]): boolean {
  const given = Buffer.from(hashClientSecret(secret), 'hex');
  let matched = false;
  for (const hash of hashes) {
    const stored = Buffer.from(hash, 'hex');
    if (stored.length === given.length && timingSafeEqual(stored, given)) matched = true;
  }
  return matched;
}
