import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { jwkThumbprint } from '../../core/crypto/jwk-thumbprint.js';

/**
 * The algorithms a generation of keys signs with. ES256 is the smaller and faster; RS256 is the one OpenID Connect
 * requires of every provider (Core §15.1) and the one relying parties support most widely, so ID tokens can be signed
 * for a client that asks for either.
 */
export const OIDC_SIGNING_ALGS = ['ES256', 'RS256'] as const;
export type OidcSigningAlg = (typeof OIDC_SIGNING_ALGS)[number];

/**
 * RSA 2048, not the 3072 of the SAML keys: a SAML certificate is handed out for ten years, while these keys are
 * published in a JWKS that relying parties refetch, and are replaced by rotation, so the 112-bit strength NIST grants
 * 2048 until 2030 is enough (rotate before then). 2048 is what every relying party accepts, its signatures are smaller,
 * and it is made several times faster, which matters because a tenant's first generation is made on the request that
 * first needs it.
 */
export const RSA_SIGNING_KEY_BITS = 2048;

/**
 * One signing key as a JWK: the public members, plus the private ones in its private form. A type rather than an
 * interface so that it is a JsonWebKey of node:crypto and a JWK of oidc-provider alike.
 */
export type SigningJwk = {
  kty: 'EC' | 'RSA';
  /** The key's RFC 7638 thumbprint. */
  kid: string;
  alg: OidcSigningAlg;
  use: 'sig';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  d?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
};

export interface SigningJwks {
  /** One key per algorithm, in OIDC_SIGNING_ALGS order, each with its private members: to be sealed at once. */
  privateJwks: SigningJwk[];
  /** The same keys without their private members, for the row and the JWKS. */
  publicJwks: SigningJwk[];
}

const generate = promisify(generateKeyPair);

function newKeyPair(alg: OidcSigningAlg): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  return alg === 'ES256'
    ? generate('ec', { namedCurve: 'P-256' })
    : generate('rsa', { modulusLength: RSA_SIGNING_KEY_BITS, publicExponent: 0x10001 });
}

/** A new generation of OpenID Provider signing keys: one of each of OIDC_SIGNING_ALGS, made off the event loop. */
export async function createSigningJwks(): Promise<SigningJwks> {
  const keys = await Promise.all(
    OIDC_SIGNING_ALGS.map(async (alg) => {
      const { publicKey, privateKey } = await newKeyPair(alg);
      const publicJwk = publicKey.export({ format: 'jwk' });
      const names = { kid: jwkThumbprint(publicJwk), alg, use: 'sig' } as const;
      return {
        privateJwk: { ...privateKey.export({ format: 'jwk' }), ...names } as SigningJwk,
        publicJwk: { ...publicJwk, ...names } as SigningJwk,
      };
    }),
  );
  return { privateJwks: keys.map((key) => key.privateJwk), publicJwks: keys.map((key) => key.publicJwk) };
}

/** The kid of each algorithm's key in a generation. */
export function kidsOf(jwks: readonly SigningJwk[]): Record<OidcSigningAlg, string> {
  return Object.fromEntries(jwks.map((jwk) => [jwk.alg, jwk.kid])) as Record<OidcSigningAlg, string>;
}
