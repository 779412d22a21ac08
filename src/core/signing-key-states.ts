/**
 * The life of a tenant's signing key, SAML (docs/saml-signing-keys.md) and OpenID Connect (docs/oidc-signing-keys.md)
 * alike. Rotation overlaps on both sides, so that a peer that refreshes what Gatehouse publishes (the IdP metadata,
 * the JWKS) never meets a signature made with a key it was not shown:
 *
 * - `next`: prepared; published beside the active one, not signing yet;
 * - `active`: signs; listed first;
 * - `previous`: the key that signed before the last activation; still published, so signatures made with it a
 *   moment before the switch (or by another server that has not seen it yet) still verify, until it is retired;
 * - `retired`: published nowhere, never used again; its private key is erased, its public part kept for the record.
 *
 * The database holds at most one key of each state but `retired` per tenant and protocol.
 */
export const SIGNING_KEY_STATES = ['next', 'active', 'previous', 'retired'] as const;
export type SigningKeyState = (typeof SIGNING_KEY_STATES)[number];

/** The states whose keys are published, in the order they are listed (the signing one first). */
export const PUBLISHED_SIGNING_KEY_STATES = [
  'active',
  'next',
  'previous',
] as const satisfies readonly SigningKeyState[];

/** The states an administrator may retire: a prepared key they no longer want, or the one the last rotation replaced. */
export const RETIRABLE_SIGNING_KEY_STATES = ['next', 'previous'] as const satisfies readonly SigningKeyState[];

export function isPublishedSigningKeyState(state: SigningKeyState): boolean {
  return (PUBLISHED_SIGNING_KEY_STATES as readonly string[]).includes(state);
}
