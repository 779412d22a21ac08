import { type Static, Type } from 'typebox';
import { nullable, Timestamp } from '../admin-api/common.js';

/**
 * The portal's passkey calls (issue 12): what the Passkeys page's script sends and receives, shared by the server
 * and the tests. The WebAuthn structures are checked loosely here (shape and size) and strictly by the service,
 * which words each refusal.
 */

const base64url = (maxLength: number) => Type.String({ maxLength, pattern: '^[A-Za-z0-9_-]*$' });

export const PasskeyNameBody = Type.Object(
  { name: Type.String({ maxLength: 1024, description: 'What the user calls it, such as "Work laptop"' }) },
  { additionalProperties: false },
);
export type PasskeyNameBody = Static<typeof PasskeyNameBody>;

/** What `navigator.credentials.create()` answered, as @simplewebauthn/browser's `startRegistration` returns it. */
export const RegistrationResponse = Type.Object({
  // A credential ID is at most 1023 bytes (WebAuthn §5.8.3), 1364 characters in base64url.
  id: base64url(1400),
  rawId: base64url(1400),
  type: Type.String({ maxLength: 32 }),
  response: Type.Object({
    clientDataJSON: base64url(16_384),
    attestationObject: base64url(65_536),
    transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10 })),
  }),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  clientExtensionResults: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type RegistrationResponse = Static<typeof RegistrationResponse>;

export const RegisterPasskeyBody = Type.Object(
  { name: PasskeyNameBody.properties.name, response: RegistrationResponse },
  { additionalProperties: false },
);
export type RegisterPasskeyBody = Static<typeof RegisterPasskeyBody>;

/** The options for `startRegistration({ optionsJSON })`: PublicKeyCredentialCreationOptionsJSON. */
export const RegistrationOptions = Type.Object({
  optionsJSON: Type.Record(Type.String(), Type.Unknown()),
});
export type RegistrationOptions = Static<typeof RegistrationOptions>;

export const Passkey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: nullable(Timestamp),
  /** Synced between the user's devices ('multiDevice') or bound to one ('singleDevice'). */
  deviceType: Type.String(),
  backedUp: Type.Boolean(),
  /** When a sign-in saw its signature counter go backwards (a possible copy); null while it never has. */
  flaggedAt: nullable(Timestamp),
});
export type Passkey = Static<typeof Passkey>;

export const PasskeyAdded = Type.Object({ passkey: Passkey, message: Type.String() });
export type PasskeyAdded = Static<typeof PasskeyAdded>;
