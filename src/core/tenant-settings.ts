import { PASSWORD_POLICIES, MAX_PASSWORD_LENGTH, type PasswordPolicy } from './password-policy.js';
import { isEmailAddress } from './user-fields.js';
import { MAX_ISSUER_LENGTH } from './otp/otpauth-uri.js';
import { checkConditionSyntax } from './policy/group-settings.js';
import { ValidationError } from './validation-error.js';

/** System > Domain Settings, as the console and the API see them. */
export interface TenantSettings {
  loginPageTitle: string;
  showKeepMeLoggedIn: boolean;
  passwordPolicy: PasswordPolicy;
  passwordMinLength: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  timeZone: string;
  mailSender: string;
  /** The issuer name authenticator apps show next to the code (≤ 20 characters). */
  otpIssuerName: string;
  /** SPEC §5.2: Conditions for Issuing Entrance Pass, and the pass lifetime. */
  entrancePass: EntrancePassMode;
  entrancePassCondition: string;
  entrancePassLifetimeDays: number;
  /** SPEC §5.3: Admin OTP enforcement; `adminOtpEnforcedFrom` is an ISO timestamp (for "scheduled"). */
  adminOtpEnforcement: AdminOtpEnforcement;
  adminOtpEnforcedFrom: string | null;
  adminOtpMissing: AdminOtpMissing;
  /** SPEC §3.4: Phishing-resistant sign-in for admins (passkey only); `adminPasskeyRequiredFrom` as above. */
  adminPasskeyRequirement: AdminPasskeyRequirement;
  adminPasskeyRequiredFrom: string | null;
}

export const ENTRANCE_PASS_MODES = ['never', 'always', 'conditions'] as const;
export const ADMIN_OTP_ENFORCEMENTS = ['off', 'scheduled', 'now'] as const;
export const ADMIN_OTP_MISSING_ACTIONS = ['setup', 'deny'] as const;
export const ADMIN_PASSKEY_REQUIREMENTS = ['off', 'scheduled', 'now'] as const;
export type EntrancePassMode = (typeof ENTRANCE_PASS_MODES)[number];
export type AdminOtpEnforcement = (typeof ADMIN_OTP_ENFORCEMENTS)[number];
export type AdminOtpMissing = (typeof ADMIN_OTP_MISSING_ACTIONS)[number];
export type AdminPasskeyRequirement = (typeof ADMIN_PASSKEY_REQUIREMENTS)[number];

/** A new tenant's administrators get this long to register OTP before enforcement begins. */
export const ADMIN_OTP_GRACE_MS = 14 * 86_400_000;

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  loginPageTitle: 'Gatehouse',
  showKeepMeLoggedIn: true,
  passwordPolicy: 'three-of-four',
  passwordMinLength: 10,
  lockoutThreshold: 10,
  lockoutMinutes: 30,
  timeZone: 'UTC',
  mailSender: '',
  otpIssuerName: 'Gatehouse',
  entrancePass: 'never',
  entrancePassCondition: '',
  entrancePassLifetimeDays: 90,
  adminOtpEnforcement: 'scheduled',
  adminOtpEnforcedFrom: null,
  adminOtpMissing: 'setup',
  // Off until an administrator chooses it: nobody can be ready for it before adding a passkey.
  adminPasskeyRequirement: 'off',
  adminPasskeyRequiredFrom: null,
};

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function wholeNumber(value: unknown, field: string, label: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new ValidationError(`${label} must be a whole number from ${min} to ${max}.`, field);
  return value;
}

/** Validates a partial update; fields absent from `input` stay absent. */
export function validateTenantSettings(input: Record<string, unknown>): Partial<TenantSettings> {
  const out: Partial<TenantSettings> = {};
  const known = new Set(Object.keys(DEFAULT_TENANT_SETTINGS));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) throw new ValidationError(`Unknown setting "${key}".`, key);
  }
  if (input.loginPageTitle !== undefined) {
    if (
      typeof input.loginPageTitle !== 'string' ||
      input.loginPageTitle.trim() === '' ||
      input.loginPageTitle.length > 100
    )
      throw new ValidationError('Login page title must be 1 to 100 characters.', 'loginPageTitle');
    out.loginPageTitle = input.loginPageTitle.trim();
  }
  if (input.showKeepMeLoggedIn !== undefined) {
    if (typeof input.showKeepMeLoggedIn !== 'boolean')
      throw new ValidationError('Show "Keep me logged in" must be true or false.', 'showKeepMeLoggedIn');
    out.showKeepMeLoggedIn = input.showKeepMeLoggedIn;
  }
  if (input.passwordPolicy !== undefined) {
    if (!(PASSWORD_POLICIES as readonly unknown[]).includes(input.passwordPolicy))
      throw new ValidationError(`Password policy must be one of ${PASSWORD_POLICIES.join(', ')}.`, 'passwordPolicy');
    out.passwordPolicy = input.passwordPolicy as PasswordPolicy;
  }
  if (input.passwordMinLength !== undefined)
    out.passwordMinLength = wholeNumber(
      input.passwordMinLength,
      'passwordMinLength',
      'Minimum password length',
      1,
      MAX_PASSWORD_LENGTH,
    );
  if (input.lockoutThreshold !== undefined)
    out.lockoutThreshold = wholeNumber(input.lockoutThreshold, 'lockoutThreshold', 'Lockout threshold', 0, 100);
  if (input.lockoutMinutes !== undefined)
    out.lockoutMinutes = wholeNumber(input.lockoutMinutes, 'lockoutMinutes', 'Lockout duration', 1, 10_080);
  if (input.timeZone !== undefined) {
    if (typeof input.timeZone !== 'string' || input.timeZone.length > 64 || !isTimeZone(input.timeZone))
      throw new ValidationError('Time zone must be an IANA time zone such as UTC or Asia/Tokyo.', 'timeZone');
    out.timeZone = input.timeZone;
  }
  if (input.mailSender !== undefined) {
    if (typeof input.mailSender !== 'string' || (input.mailSender !== '' && !isEmailAddress(input.mailSender)))
      throw new ValidationError('Mail sender address must be an email address.', 'mailSender');
    out.mailSender = input.mailSender;
  }
  if (input.otpIssuerName !== undefined) {
    const name = typeof input.otpIssuerName === 'string' ? input.otpIssuerName.trim() : '';
    if (name === '' || name.length > MAX_ISSUER_LENGTH || /[\u0000-\u001f\u007f]/.test(name))
      throw new ValidationError(`OTP issuer name must be 1 to ${MAX_ISSUER_LENGTH} characters.`, 'otpIssuerName');
    out.otpIssuerName = name;
  }
  if (input.entrancePass !== undefined)
    out.entrancePass = oneOf(
      input.entrancePass,
      ENTRANCE_PASS_MODES,
      'entrancePass',
      'Conditions for Issuing Entrance Pass',
    );
  if (input.entrancePassCondition !== undefined)
    out.entrancePassCondition =
      input.entrancePassCondition === ''
        ? ''
        : checkConditionSyntax(
            input.entrancePassCondition,
            'entrancePassCondition',
            'Conditions for Issuing Entrance Pass',
          );
  if (input.entrancePassLifetimeDays !== undefined)
    out.entrancePassLifetimeDays = wholeNumber(
      input.entrancePassLifetimeDays,
      'entrancePassLifetimeDays',
      'Entrance pass lifetime',
      1,
      3650,
    );
  if (input.adminOtpEnforcement !== undefined)
    out.adminOtpEnforcement = oneOf(
      input.adminOtpEnforcement,
      ADMIN_OTP_ENFORCEMENTS,
      'adminOtpEnforcement',
      'Admin OTP enforcement',
    );
  if (input.adminOtpEnforcedFrom !== undefined)
    out.adminOtpEnforcedFrom = dateTimeOrNull(input.adminOtpEnforcedFrom, 'adminOtpEnforcedFrom', 'Enforced from');
  if (input.adminOtpMissing !== undefined)
    out.adminOtpMissing = oneOf(
      input.adminOtpMissing,
      ADMIN_OTP_MISSING_ACTIONS,
      'adminOtpMissing',
      'When an admin has no OTP',
    );
  if (input.adminPasskeyRequirement !== undefined)
    out.adminPasskeyRequirement = oneOf(
      input.adminPasskeyRequirement,
      ADMIN_PASSKEY_REQUIREMENTS,
      'adminPasskeyRequirement',
      'Phishing-resistant sign-in for admins',
    );
  if (input.adminPasskeyRequiredFrom !== undefined)
    out.adminPasskeyRequiredFrom = dateTimeOrNull(
      input.adminPasskeyRequiredFrom,
      'adminPasskeyRequiredFrom',
      'Required from',
    );
  return out;
}

/** The whole settings after a change, checked for combinations a single field cannot judge. */
export function checkSettingsCombination(settings: TenantSettings): void {
  if (settings.entrancePass === 'conditions' && settings.entrancePassCondition === '')
    checkConditionSyntax('', 'entrancePassCondition', 'Conditions for Issuing Entrance Pass');
  if (settings.adminOtpEnforcement === 'scheduled' && !settings.adminOtpEnforcedFrom)
    throw new ValidationError(
      'Enforced from needs a date and time when enforcement is scheduled.',
      'adminOtpEnforcedFrom',
    );
  if (settings.adminPasskeyRequirement === 'scheduled' && !settings.adminPasskeyRequiredFrom)
    throw new ValidationError(
      'Required from needs a date and time when phishing-resistant sign-in is required from a date.',
      'adminPasskeyRequiredFrom',
    );
}

function dateTimeOrNull(value: unknown, field: string, label: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T/.test(value))
    throw new ValidationError(`${label} must be a date and time such as 2026-12-01T09:00:00Z.`, field);
  return new Date(value).toISOString();
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, label: string): T {
  if (!(allowed as readonly unknown[]).includes(value))
    throw new ValidationError(`${label} must be one of ${allowed.join(', ')}.`, field);
  return value as T;
}
