import { bytesToBase64url } from './base64url.js';
import { importSigningKey } from './device-key.js';

// Protocol §3: every request after enrolment carries a signature over a canonical text, so a captured request
// can neither be altered nor replayed (the server checks the clock and remembers nonces).

export const SIGNATURE_VERSION = 'GatehouseKey-v1';

export interface SignatureInput {
  method: string;
  /** The path and query exactly as sent, e.g. `/api/key/v1/requests?x=1`. */
  pathAndQuery: string;
  /** Unix time in milliseconds, as decimal text. */
  ts: string;
  nonce: string;
  /** The body as sent; `''` when there is none. */
  body: string;
}

export async function sha256Base64url(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return bytesToBase64url(new Uint8Array(digest));
}

export async function canonicalString(input: SignatureInput): Promise<string> {
  return [
    SIGNATURE_VERSION,
    input.method.toUpperCase(),
    input.pathAndQuery,
    input.ts,
    input.nonce,
    await sha256Base64url(input.body),
  ].join('\n');
}

export function newNonce(): string {
  return bytesToBase64url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

/** base64url IEEE P1363 (r‖s) signature: WebCrypto's ECDSA output as it is, no DER. */
export async function signCanonical(privateKeyJwk: JsonWebKey, canonical: string): Promise<string> {
  const key = await importSigningKey(privateKeyJwk);
  const signature = await globalThis.crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    new TextEncoder().encode(canonical),
  );
  return bytesToBase64url(new Uint8Array(signature));
}

export interface AuthorizationOptions {
  deviceId: string;
  privateKeyJwk: JsonWebKey;
  method: string;
  url: string | URL;
  body?: string;
  /** For tests; defaults to now and a fresh random nonce. */
  now?: number;
  nonce?: string;
}

/** The `Authorization: GatehouseKey …` header value for one request. */
export async function authorizationHeader(options: AuthorizationOptions): Promise<string> {
  const url = new URL(options.url);
  const ts = String(options.now ?? Date.now());
  const nonce = options.nonce ?? newNonce();
  const canonical = await canonicalString({
    method: options.method,
    pathAndQuery: url.pathname + url.search,
    ts,
    nonce,
    body: options.body ?? '',
  });
  const sig = await signCanonical(options.privateKeyJwk, canonical);
  return `GatehouseKey device="${options.deviceId}", ts="${ts}", nonce="${nonce}", sig="${sig}"`;
}
