/**
 * The life of a tenant's SAML signing key (docs/saml-signing-keys.md). Rotation overlaps on both sides, so that a
 * service provider that refreshes the IdP metadata never meets a signature made with a certificate it was not shown:
 *
 * - `next`: prepared; published in the metadata beside the active one, not signing yet;
 * - `active`: signs every response; the one Download certificate gives;
 * - `previous`: the key that signed before the last activation; still published, so responses signed with it a
 *   moment before the switch (or by another server that has not seen it yet) still verify, until it is retired;
 * - `retired`: published nowhere, never used again; its private key is erased, its certificate kept for the record.
 *
 * The database holds at most one key of each state but `retired` per tenant.
 */
export const SIGNING_KEY_STATES = ['next', 'active', 'previous', 'retired'] as const;
export type SigningKeyState = (typeof SIGNING_KEY_STATES)[number];

/** The states whose certificates the IdP metadata lists, in the order it lists them (the signing one first). */
export const PUBLISHED_SIGNING_KEY_STATES = [
  'active',
  'next',
  'previous',
] as const satisfies readonly SigningKeyState[];

/** The states an administrator may retire: a prepared key they no longer want, or the one the last rotation replaced. */
export const RETIRABLE_SIGNING_KEY_STATES = ['next', 'previous'] as const satisfies readonly SigningKeyState[];
