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
