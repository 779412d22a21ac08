import type { TenantSettings } from '@contract/admin-api';
import { isoToLocalInput, localInputToIso } from '../components/localDateTime';

export type SettingsField = keyof TenantSettings;

/** Fields the server may name in an error, each shown under its input. */
export const settingsFields: readonly SettingsField[] = [
  'loginPageTitle',
  'showKeepMeLoggedIn',
  'passwordPolicy',
  'passwordMinLength',
  'lockoutThreshold',
  'lockoutMinutes',
  'timeZone',
  'mailSender',
  'otpIssuerName',
  'entrancePass',
  'entrancePassCondition',
  'entrancePassLifetimeDays',
  'adminOtpEnforcement',
  'adminOtpEnforcedFrom',
  'adminOtpMissing',
  'adminPasskeyRequirement',
  'adminPasskeyRequiredFrom',
];

export type NumberField = 'passwordMinLength' | 'lockoutThreshold' | 'lockoutMinutes' | 'entrancePassLifetimeDays';

/**
 * Numbers are edited as text so that a half-typed value is not coerced, and the enforcement date as the value of
 * a datetime-local input (browser time zone); the server validates the result.
 */
export type SettingsFormValues = Omit<
  TenantSettings,
  NumberField | 'adminOtpEnforcedFrom' | 'adminPasskeyRequiredFrom'
> &
  Record<NumberField, string> & { adminOtpEnforcedFrom: string; adminPasskeyRequiredFrom: string };

/** What each section of the form gets to show and edit its fields. */
export interface SettingsSectionProps {
  values: SettingsFormValues;
  change: <F extends keyof SettingsFormValues>(field: F, value: SettingsFormValues[F]) => void;
  fieldErrors: Partial<Record<SettingsField, string>>;
}

export function toFormValues(settings: TenantSettings): SettingsFormValues {
  return {
    ...settings,
    passwordMinLength: String(settings.passwordMinLength),
    lockoutThreshold: String(settings.lockoutThreshold),
    lockoutMinutes: String(settings.lockoutMinutes),
    entrancePassLifetimeDays: String(settings.entrancePassLifetimeDays),
    adminOtpEnforcedFrom: isoToLocalInput(settings.adminOtpEnforcedFrom),
    adminPasskeyRequiredFrom: isoToLocalInput(settings.adminPasskeyRequiredFrom),
  };
}

/** The PATCH body: each date only when its requirement is scheduled, a condition only where it is used. */
export function fromFormValues(values: SettingsFormValues): Partial<TenantSettings> {
  const { adminOtpEnforcedFrom, adminPasskeyRequiredFrom, ...rest } = values;
  const settings: Partial<TenantSettings> = {
    ...rest,
    loginPageTitle: values.loginPageTitle.trim(),
    timeZone: values.timeZone.trim(),
    mailSender: values.mailSender.trim(),
    otpIssuerName: values.otpIssuerName.trim(),
    passwordMinLength: Number(values.passwordMinLength),
    lockoutThreshold: Number(values.lockoutThreshold),
    lockoutMinutes: Number(values.lockoutMinutes),
    entrancePassCondition: values.entrancePass === 'conditions' ? values.entrancePassCondition.trim() : '',
    entrancePassLifetimeDays: Number(values.entrancePassLifetimeDays),
  };
  if (values.adminOtpEnforcement === 'scheduled') settings.adminOtpEnforcedFrom = localInputToIso(adminOtpEnforcedFrom);
  if (values.adminPasskeyRequirement === 'scheduled')
    settings.adminPasskeyRequiredFrom = localInputToIso(adminPasskeyRequiredFrom);
  return settings;
}
