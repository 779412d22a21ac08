import { type Static, Type } from 'typebox';
import { nullable, Timestamp } from './common.js';

/** A user's passkey as the user details screen shows it (SPEC §3.4: admins see and remove a user's passkeys). */
export const AdminPasskey = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'The name the user gave it, such as "Work laptop"' }),
  createdAt: Timestamp,
  lastUsedAt: nullable(Timestamp),
  aaguid: Type.String({
    description:
      'The authenticator model the authenticator reported (AAGUID); all zeros when it did not say, as Gatehouse asks for no attestation',
  }),
  deviceType: Type.String({
    description: 'singleDevice (bound to one authenticator) or multiDevice (a synced passkey)',
  }),
  backedUp: Type.Boolean({ description: 'Whether the passkey is backed up (synced) at the moment it was added' }),
  flaggedAt: Type.Union([Timestamp, Type.Null()], {
    description:
      'When a sign-in with it reported a signature counter that went backwards, which may mean the passkey was copied (that sign-in was refused); removing the passkey is the remedy. Null while it never has.',
  }),
});
export type AdminPasskey = Static<typeof AdminPasskey>;

export const AdminPasskeyList = Type.Object({ items: Type.Array(AdminPasskey) });
export type AdminPasskeyList = Static<typeof AdminPasskeyList>;
