import { ValidationError } from './validation-error.js';

export const MAX_PASSKEY_NAME_LENGTH = 64;
/** How long a ceremony's challenge can be answered: time for a user to find and touch their authenticator. */
export const WEBAUTHN_CHALLENGE_LIFETIME_MS = 5 * 60_000;
/** Removing a passkey removes a way into the account: only right after typing the password (issue 12). */
export const PASSKEY_REMOVAL_FRESH_SIGN_IN_MS = 5 * 60_000;

/**
 * A passkey's name as the user typed it, trimmed. Counted in code points, so that a name of emoji or CJK is measured
 * as the user sees it rather than in UTF-16 units.
 */
export function validatePasskeyName(value: unknown): string {
  if (typeof value !== 'string') throw new ValidationError('Passkey name must be text.', 'name');
  const name = value.trim();
  if (name === '') throw new ValidationError('Passkey name is required, such as "Work laptop".', 'name');
  if ([...name].length > MAX_PASSKEY_NAME_LENGTH)
    throw new ValidationError(`Passkey name must be at most ${MAX_PASSKEY_NAME_LENGTH} characters.`, 'name');
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name))
    throw new ValidationError('Passkey name must not contain control characters.', 'name');
  return name;
}

/** What the portal says when a passkey ceremony or change is refused (issue 12). */
export const PASSKEY_MESSAGES = {
  added: 'Passkey added.',
  renamed: 'Passkey renamed.',
  removed: 'Passkey removed.',
  duplicateName: (name: string) => `You already have a passkey named "${name}". Choose another name.`,
  notFound: 'This passkey does not exist, or it is not yours.',
  alreadyRegistered: 'This passkey is already registered.',
  signInAgainToRemove: 'To remove a passkey, log in again: removing one needs a login within the last 5 minutes.',
  challengeUnknown: 'This passkey request is unknown or was already used. Start again with "Add a passkey".',
  challengeExpired: 'This passkey request has expired. Start again with "Add a passkey".',
  malformedClientData: 'The passkey response could not be read: its client data is not valid JSON.',
  malformedAttestation: 'The passkey response could not be read: its attestation object is not valid CBOR.',
  wrongCeremony: 'The passkey response is not the answer to a registration.',
  wrongOrigin: (origin: string, expected: string) =>
    `The passkey response came from another site (${origin}); passkeys are created on ${expected} only.`,
  wrongRpId: (rpId: string) => `The passkey was created for another site: its relying party ID is not "${rpId}".`,
  unsupportedAlgorithm: 'The passkey uses a signature algorithm that Gatehouse does not accept (only ES256 and RS256).',
  userNotPresent: 'The authenticator did not confirm that you were present.',
  userNotVerified: 'Your Access Policy Group requires a passkey that verifies you (a PIN or biometrics).',
  notVerified: 'The passkey response could not be verified.',
  tooManyRequests: 'Too many passkey requests are waiting. Please wait a few minutes and try again.',
} as const;
