import { ValidationError } from '../validation-error.js';
import { ConditionSyntaxError, MAX_CONDITION_LENGTH } from './condition.js';
import { parseCondition } from './condition-parser.js';

export const ALLOW_MODES = ['always', 'conditions'] as const;
export const SKIP_OTP_MODES = ['always-require', 'conditions', 'always-skip'] as const;
export const EMAIL_CHANGE_MODES = ['always', 'conditions', 'never'] as const;
export type AllowMode = (typeof ALLOW_MODES)[number];
export type SkipOtpMode = (typeof SKIP_OTP_MODES)[number];
export type EmailChangeMode = (typeof EMAIL_CHANGE_MODES)[number];
/** Passkeys (SPEC §4): not allowed / allowed as a second factor / allowed also without a password. */
export const PASSKEY_MODES = ['not-allowed', 'second-factor', 'passwordless'] as const;
export type PasskeyMode = (typeof PASSKEY_MODES)[number];

export const MAX_COOKIE_HOURS = 744;
export const MAX_GROUP_NAME_LENGTH = 256;

/** An Access Policy Group's settings (SPEC §4), as the console and the API see them. */
export interface GroupSettings {
  displayName: string;
  cookieExpirationHours: number;
  allowAccess: AllowMode;
  allowCondition: string;
  skipOtp: SkipOtpMode;
  skipOtpCondition: string;
  allowPortalOtpSetup: boolean;
  otpEmailChange: EmailChangeMode;
  otpEmailChangeCondition: string;
  allowedServices: string[];
  passkeys: PasskeyMode;
  /** Require user verification: a passkey's authenticator must verify its user (PIN, biometrics). */
  requirePasskeyUserVerification: boolean;
}

export const DEFAULT_GROUP_SETTINGS: GroupSettings = {
  displayName: 'Default',
  cookieExpirationHours: 168,
  allowAccess: 'always',
  allowCondition: '',
  skipOtp: 'always-skip',
  skipOtpCondition: '',
  allowPortalOtpSetup: true,
  otpEmailChange: 'always',
  otpEmailChangeCondition: '',
  allowedServices: [],
  // The portal let every user add passkeys before groups had this setting; a new group keeps that behaviour.
  passkeys: 'second-factor',
  requirePasskeyUserVerification: false,
};

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, label: string): T {
  if (!(allowed as readonly unknown[]).includes(value))
    throw new ValidationError(`${label} must be one of ${allowed.join(', ')}.`, field);
  return value as T;
}

/** Checks a condition's syntax; an error names the field and the column, as SPEC §4.1 asks. */
export function checkConditionSyntax(value: unknown, field: string, label: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${label} must be text.`, field);
  const text = value.trim();
  if (text.length > MAX_CONDITION_LENGTH)
    throw new ValidationError(`${label}: a condition is at most ${MAX_CONDITION_LENGTH} characters.`, field);
  try {
    parseCondition(text);
  } catch (error) {
    if (error instanceof ConditionSyntaxError) throw new ValidationError(`${label}: ${error.message}`, field);
    throw error;
  }
  return text;
}

/** `base` completed by `input`; a condition is required exactly when its mode uses one. */
export function validateGroupSettings(input: Record<string, unknown>, base: GroupSettings): GroupSettings {
  const known = new Set(Object.keys(DEFAULT_GROUP_SETTINGS));
  for (const key of Object.keys(input))
    if (!known.has(key)) throw new ValidationError(`Field "${key}" is not a known field.`, key);
  const merged = { ...base, ...input } as Record<string, unknown>;
  const displayName = typeof merged.displayName === 'string' ? merged.displayName.trim() : '';
  if (displayName === '' || displayName.length > MAX_GROUP_NAME_LENGTH)
    throw new ValidationError(`Display Name must be 1 to ${MAX_GROUP_NAME_LENGTH} characters.`, 'displayName');
  const hours = merged.cookieExpirationHours;
  if (typeof hours !== 'number' || !Number.isInteger(hours) || hours < 0 || hours > MAX_COOKIE_HOURS)
    throw new ValidationError(
      `Authentication Cookie Expiration must be a whole number of hours from 0 to ${MAX_COOKIE_HOURS}.`,
      'cookieExpirationHours',
    );
  const allowAccess = oneOf(merged.allowAccess, ALLOW_MODES, 'allowAccess', 'Conditions to Allow Access');
  const skipOtp = oneOf(merged.skipOtp, SKIP_OTP_MODES, 'skipOtp', 'Skip OTP authentication');
  const otpEmailChange = oneOf(
    merged.otpEmailChange,
    EMAIL_CHANGE_MODES,
    'otpEmailChange',
    'Allow changing the OTP notification email',
  );
  if (typeof merged.allowPortalOtpSetup !== 'boolean')
    throw new ValidationError(
      'Allow users to configure OTP in the portal must be true or false.',
      'allowPortalOtpSetup',
    );
  const passkeys = oneOf(merged.passkeys, PASSKEY_MODES, 'passkeys', 'Passkeys');
  if (typeof merged.requirePasskeyUserVerification !== 'boolean')
    throw new ValidationError('Require user verification must be true or false.', 'requirePasskeyUserVerification');
  const services = merged.allowedServices;
  if (
    !Array.isArray(services) ||
    services.some((s) => typeof s !== 'string' || s.length > 128) ||
    services.length > 500
  )
    throw new ValidationError('Allowed services must be a list of service ids.', 'allowedServices');
  const conditionFor = (
    mode: string,
    field: 'allowCondition' | 'skipOtpCondition' | 'otpEmailChangeCondition',
    label: string,
  ) => (mode === 'conditions' ? checkConditionSyntax(merged[field] ?? '', field, label) : '');
  return {
    displayName,
    cookieExpirationHours: hours,
    allowAccess,
    allowCondition: conditionFor(allowAccess, 'allowCondition', 'Conditions to Allow Access'),
    skipOtp,
    skipOtpCondition: conditionFor(skipOtp, 'skipOtpCondition', 'Skip OTP authentication'),
    allowPortalOtpSetup: merged.allowPortalOtpSetup,
    otpEmailChange,
    otpEmailChangeCondition: conditionFor(
      otpEmailChange,
      'otpEmailChangeCondition',
      'Allow changing the OTP notification email',
    ),
    allowedServices: [...new Set(services as string[])],
    passkeys,
    requirePasskeyUserVerification: merged.requirePasskeyUserVerification,
  };
}
