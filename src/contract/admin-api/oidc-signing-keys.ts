import { type Static, Type } from 'typebox';
import { signingKeyLifecycleFields } from './signing-keys.js';

/**
 * One generation of the tenant's OpenID Provider signing keys (docs/oidc-signing-keys.md): an ES256 and an RS256 key,
 * rotated together. Their private keys never leave the server.
 */
export const OidcSigningKey = Type.Object({
  ...signingKeyLifecycleFields('the JWKS'),
  kids: Type.Object(
    { ES256: Type.String(), RS256: Type.String() },
    { description: "Each algorithm's key id in the JWKS: the key's RFC 7638 thumbprint (SHA-256, base64url)" },
  ),
});
export type OidcSigningKey = Static<typeof OidcSigningKey>;

export const OidcSigningKeyList = Type.Object({ items: Type.Array(OidcSigningKey) });
export type OidcSigningKeyList = Static<typeof OidcSigningKeyList>;
