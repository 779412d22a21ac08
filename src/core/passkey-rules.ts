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

/** 'preferred' by default; an Access Policy Group's "Require user verification" makes it 'required'. */
export type UserVerification = 'preferred' | 'required';

/** What a user's Access Policy Group says about passkeys (SPEC §4 Passkeys, Require user verification). */
export interface PasskeyGroupRules {
  /** False when the group's Passkeys setting is "Not allowed": none can be added, none answers a sign-in. */
  allowed: boolean;
  /** Also alone, without a password: **Sign in with a passkey** ("Allowed also without a password"). */
  passwordless: boolean;
  userVerification: UserVerification;
}

/**
 * The one reading of a group's passkey columns, shared by registration, sign-in and Policy Check so that they can
 * never disagree. `group` is the group row, or its two passkey
 * columns; null/undefined when the user's group cannot be found, which forbids nothing, as every reading did before.
 * `atLeast` lets a caller only tighten user verification, never loosen it.
 */
export function passkeyRulesOf(
  group: { passkeys: string; passkey_user_verification: string } | null | undefined,
  atLeast: UserVerification = 'preferred',
): PasskeyGroupRules {
  const required = atLeast === 'required' || group?.passkey_user_verification === 'required';
  return {
    allowed: group?.passkeys !== 'not-allowed',
    passwordless: group?.passkeys === 'passwordless',
    userVerification: required ? 'required' : 'preferred',
  };
}
