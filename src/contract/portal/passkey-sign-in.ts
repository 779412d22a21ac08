import { type Static, Type } from 'typebox';

/**
 * Using a passkey at the OTP step (issue 12): the options the page's script asks for, and the assertion it posts
 * back. The assertion travels as JSON text in a form field, so that the answer is an ordinary form POST whose
 * outcome (a session, or the OTP page with a message) the server renders like a typed code's.
 */

const base64url = (maxLength: number) => Type.String({ maxLength, pattern: '^[A-Za-z0-9_-]*$' });

/** What `navigator.credentials.get()` answered, as @simplewebauthn/browser's `startAuthentication` returns it. */
export const AuthenticationResponse = Type.Object({
  // A credential ID is at most 1023 bytes (WebAuthn §5.8.3), 1364 characters in base64url.
  id: base64url(1400),
  rawId: base64url(1400),
  type: Type.String({ maxLength: 32 }),
  response: Type.Object({
    clientDataJSON: base64url(16_384),
    authenticatorData: base64url(16_384),
    signature: base64url(2048),
    userHandle: Type.Optional(base64url(128)),
  }),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
  clientExtensionResults: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type AuthenticationResponse = Static<typeof AuthenticationResponse>;

/** The form the OTP page's script submits; `response` is the AuthenticationResponse as JSON text. */
export const PasskeyAnswerForm = Type.Object({
  response: Type.String({ maxLength: 40_000 }),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PasskeyAnswerForm = Static<typeof PasskeyAnswerForm>;

/**
 * The login page's **Sign in with a passkey** form: the assertion, and what the login form would carry besides the
 * login ID and password (where to go next, Keep me logged in, copied by the script from the login form).
 */
export const PasswordlessAnswerForm = Type.Object({
  response: Type.String({ maxLength: 40_000 }),
  next: Type.Optional(Type.String({ maxLength: 2048 })),
  keepMeLoggedIn: Type.Optional(Type.String({ maxLength: 10 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});
export type PasswordlessAnswerForm = Static<typeof PasswordlessAnswerForm>;

/** The options for `startAuthentication({ optionsJSON })`: PublicKeyCredentialRequestOptionsJSON. */
export const AuthenticationOptions = Type.Object({
  optionsJSON: Type.Record(Type.String(), Type.Unknown()),
});
export type AuthenticationOptions = Static<typeof AuthenticationOptions>;
