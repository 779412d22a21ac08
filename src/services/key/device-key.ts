import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { ValidationError } from '../../core/validation-error.js';

export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** Accepts only the public part of a P-256 key, and only one that is a real point on the curve. */
export function parseDevicePublicKey(value: unknown): { jwk: PublicJwk; key: KeyObject } {
  const jwk = value as Partial<Record<string, unknown>> | null;
  if (
    !jwk ||
    typeof jwk !== 'object' ||
    jwk.kty !== 'EC' ||
    jwk.crv !== 'P-256' ||
    typeof jwk.x !== 'string' ||
    typeof jwk.y !== 'string' ||
    'd' in jwk
  )
    throw new ValidationError('publicKey must be the public part of an ECDSA P-256 key as a JWK.', 'publicKey');
  const clean: PublicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  try {
    return { jwk: clean, key: createPublicKey({ key: { ...clean }, format: 'jwk' }) };
  } catch {
    throw new ValidationError('publicKey is not a valid P-256 public key.', 'publicKey');
  }
}

/** ECDSA P-256 / SHA-256 in the r‖s (IEEE P1363) form that WebCrypto produces. */
export function verifyDeviceSignature(publicKeyJwk: string, data: string, signature: Buffer): boolean {
  try {
    const key = createPublicKey({ key: JSON.parse(publicKeyJwk) as Record<string, string>, format: 'jwk' });
    return verify('sha256', Buffer.from(data, 'utf8'), { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}
