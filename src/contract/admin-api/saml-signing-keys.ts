import { type Static, Type } from 'typebox';
import { Timestamp } from './common.js';
import { signingKeyLifecycleFields } from './signing-keys.js';

/** One of the tenant's SAML signing certificates (docs/saml-signing-keys.md); its private key never leaves the server. */
export const SamlSigningKey = Type.Object({
  ...signingKeyLifecycleFields('the IdP metadata'),
  fingerprintSha256: Type.String({ description: 'SHA-256 of the certificate, as colon-separated hex pairs' }),
  notBefore: Timestamp,
  notAfter: Timestamp,
});
export type SamlSigningKey = Static<typeof SamlSigningKey>;

export const SamlSigningKeyList = Type.Object({ items: Type.Array(SamlSigningKey) });
export type SamlSigningKeyList = Static<typeof SamlSigningKeyList>;
