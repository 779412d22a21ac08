export const PASSWORD_POLICIES = [
  'none',
  'upper-lower-digit',
  'upper-lower-digit-symbol',
  'three-of-four',
  'three-of-four-no-login-id',
] as const;
export type PasswordPolicy = (typeof PASSWORD_POLICIES)[number];

export const PASSWORD_POLICY_LABELS: Record<PasswordPolicy, string> = {
  none: 'No restrictions',
  'upper-lower-digit': 'Upper case, lower case and digits',
  'upper-lower-digit-symbol': 'Upper case, lower case, digits and symbols',
  'three-of-four': 'At least 3 of the 4 character classes',
  'three-of-four-no-login-id': 'At least 3 of the 4 classes and not containing the login ID',
};

/** Upper bound that keeps argon2 input sane and stops request-size abuse. */
export const MAX_PASSWORD_LENGTH = 256;

export interface PasswordRules {
  policy: PasswordPolicy;
  minLength: number;
}

interface CharacterClasses {
  upper: boolean;
  lower: boolean;
  digit: boolean;
  symbol: boolean;
}

function classesOf(password: string): CharacterClasses {
  return {
    upper: /\p{Lu}/u.test(password),
    lower: /\p{Ll}/u.test(password),
    digit: /\p{Nd}/u.test(password),
    symbol: /[^\p{L}\p{Nd}\s]/u.test(password),
  };
}

/** The local part is what people actually embed in passwords ("alice2024!"), so it is what we look for. */
function containsLoginId(password: string, loginId: string): boolean {
  const lowered = password.toLowerCase();
  const whole = loginId.toLowerCase();
  const local = whole.split('@')[0] ?? whole;
  return lowered.includes(whole) || (local.length >= 3 && lowered.includes(local));
}

/** Returns the message explaining why the password is refused, or null when it is acceptable. */
export function checkPassword(password: string, rules: PasswordRules, loginId: string): string | null {
  const length = [...password].length;
  if (length < rules.minLength) return `Password must be at least ${rules.minLength} characters long.`;
  if (length > MAX_PASSWORD_LENGTH) return `Password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  const c = classesOf(password);
  const classCount = [c.upper, c.lower, c.digit, c.symbol].filter(Boolean).length;
  switch (rules.policy) {
    case 'none':
      return null;
    case 'upper-lower-digit':
      return c.upper && c.lower && c.digit
        ? null
        : 'Password must contain upper case letters, lower case letters and digits.';
    case 'upper-lower-digit-symbol':
      return c.upper && c.lower && c.digit && c.symbol
        ? null
        : 'Password must contain upper case letters, lower case letters, digits and symbols.';
    case 'three-of-four':
      return classCount >= 3
        ? null
        : 'Password must contain at least 3 of: upper case letters, lower case letters, digits, symbols.';
    case 'three-of-four-no-login-id':
      if (classCount < 3)
        return 'Password must contain at least 3 of: upper case letters, lower case letters, digits, symbols.';
      return containsLoginId(password, loginId) ? 'Password must not contain the login ID.' : null;
  }
}
