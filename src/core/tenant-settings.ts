import { PASSWORD_POLICIES, MAX_PASSWORD_LENGTH, type PasswordPolicy } from './password-policy.js';
import { isEmailAddress } from './user-fields.js';
import { MAX_ISSUER_LENGTH } from './otp/otpauth-uri.js';
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
}

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
    if (typeof input.loginPageTitle !== 'string' || input.loginPageTitle.trim() === '' || input.loginPageTitle.length > 100)
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
    out.passwordMinLength = wholeNumber(input.passwordMinLength, 'passwordMinLength', 'Minimum password length', 1, MAX_PASSWORD_LENGTH);
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
  return out;
}
