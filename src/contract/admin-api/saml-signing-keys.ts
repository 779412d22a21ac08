import { type Static, Type } from 'typebox';
import { SIGNING_KEY_STATES } from '../../core/signing-key-states.js';
import { literals, nullable, Timestamp } from './common.js';

export type { SigningKeyState } from '../../core/signing-key-states.js';

/** One of the tenant's SAML signing certificates (docs/saml-signing-keys.md); its private key never leaves the server. */
export const SamlSigningKey = Type.Object({
  id: Type.String(),
  state: literals(SIGNING_KEY_STATES, {
    description:
      'next: prepared, published, not signing yet; active: signs; previous: replaced by the last activation, ' +
      'still published until retired; retired: published nowhere, its private key erased',
  }),
  published: Type.Boolean({ description: 'Listed in the IdP metadata' }),
  fingerprintSha256: Type.String({ description: 'SHA-256 of the certificate, as colon-separated hex pairs' }),
  notBefore: Timestamp,
  notAfter: Timestamp,
  createdAt: Timestamp,
  activatedAt: nullable(Timestamp),
  retiredAt: nullable(Timestamp),
});
export type SamlSigningKey = Static<typeof SamlSigningKey>;

export const SamlSigningKeyList = Type.Object({ items: Type.Array(SamlSigningKey) });
export type SamlSigningKeyList = Static<typeof SamlSigningKeyList>;
