import { createHash, type JsonWebKey } from 'node:crypto';

/**
 * The members RFC 7638 §3.2 hashes for each key type, in the lexicographic order the canonical JSON needs. Anything
 * else in a JWK (kid, alg, use, the private members) leaves the thumbprint unchanged, so a key's public and private
 * forms share one.
 */
const REQUIRED_MEMBERS: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  OKP: ['crv', 'kty', 'x'],
};

/** The base64url SHA-256 JWK Thumbprint (RFC 7638) of a public or private asymmetric key. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty ? REQUIRED_MEMBERS[jwk.kty] : undefined;
  if (!members) throw new Error(`no JWK thumbprint for key type ${String(jwk.kty)}`);
  for (const name of members)
    if (typeof jwk[name] !== 'string' || jwk[name] === '') throw new Error(`this ${jwk.kty} JWK lacks "${name}"`);
  // JSON.stringify keeps the insertion order and adds no whitespace: RFC 7638's canonical form for these members.
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]])));
  return createHash('sha256').update(canonical).digest('base64url');
}
