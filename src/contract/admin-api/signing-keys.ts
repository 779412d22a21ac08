import { Type } from 'typebox';
import { SIGNING_KEY_STATES } from '../../core/signing-key-states.js';
import { literals, nullable, Timestamp } from './common.js';

export type { SigningKeyState } from '../../core/signing-key-states.js';

/**
 * The fields of a signing key's life, alike for every protocol (core/signing-key-states.ts); `publishedIn` names
 * where the protocol publishes its keys.
 */
export const signingKeyLifecycleFields = (publishedIn: string) => ({
  id: Type.String(),
  state: literals(SIGNING_KEY_STATES, {
    description:
      `next: prepared, published in ${publishedIn}, not signing yet; active: signs; previous: replaced by the last ` +
      'activation, still published until retired; retired: published nowhere, its private key erased',
  }),
  published: Type.Boolean({ description: `Listed in ${publishedIn}` }),
  createdAt: Timestamp,
  activatedAt: nullable(Timestamp),
  retiredAt: nullable(Timestamp),
});
