import type { Group } from '@contract/admin-api';
import type { EditableGroupSettings } from '../api/groups';

/** The group form's values; the hours are edited as text so a half-typed number is not coerced. */
export type GroupFormValues = Omit<EditableGroupSettings, 'cookieExpirationHours'> & { cookieExpirationHours: string };

/** Fields the server may name in an error, each shown under its input. */
export const groupFormFields: readonly (keyof EditableGroupSettings)[] = [
  'displayName',
  'cookieExpirationHours',
  'allowAccess',
  'allowCondition',
  'skipOtp',
  'skipOtpCondition',
  'allowPortalOtpSetup',
  'otpEmailChange',
  'otpEmailChangeCondition',
  'allowedServices',
  'passkeys',
  'requirePasskeyUserVerification',
];

/** A new group starts like the Default group: password only, OTP never required (SPEC §4). */
export const newGroupValues: GroupFormValues = {
  displayName: '',
  cookieExpirationHours: '168',
  allowAccess: 'always',
  allowCondition: '',
  skipOtp: 'always-skip',
  skipOtpCondition: '',
  allowPortalOtpSetup: true,
  otpEmailChange: 'always',
  otpEmailChangeCondition: '',
  allowedServices: [],
  passkeys: 'second-factor',
  requirePasskeyUserVerification: false,
};

export function groupFormValuesOf(group: Group, displayName = group.displayName): GroupFormValues {
  return {
    displayName,
    cookieExpirationHours: String(group.cookieExpirationHours),
    allowAccess: group.allowAccess,
    allowCondition: group.allowCondition,
    skipOtp: group.skipOtp,
    skipOtpCondition: group.skipOtpCondition,
    allowPortalOtpSetup: group.allowPortalOtpSetup,
    otpEmailChange: group.otpEmailChange,
    otpEmailChangeCondition: group.otpEmailChangeCondition,
    allowedServices: group.allowedServices,
    passkeys: group.passkeys,
    requirePasskeyUserVerification: group.requirePasskeyUserVerification,
  };
}

/** What the API takes: a condition only where its mode uses one (`""` otherwise). */
export function groupSettingsOf(values: GroupFormValues): EditableGroupSettings {
  const hours = values.cookieExpirationHours.trim();
  return {
    displayName: values.displayName.trim(),
    cookieExpirationHours: hours === '' ? Number.NaN : Number(hours),
    allowAccess: values.allowAccess,
    allowCondition: values.allowAccess === 'conditions' ? values.allowCondition.trim() : '',
    skipOtp: values.skipOtp,
    skipOtpCondition: values.skipOtp === 'conditions' ? values.skipOtpCondition.trim() : '',
    allowPortalOtpSetup: values.allowPortalOtpSetup,
    otpEmailChange: values.otpEmailChange,
    otpEmailChangeCondition: values.otpEmailChange === 'conditions' ? values.otpEmailChangeCondition.trim() : '',
    allowedServices: values.allowedServices,
    passkeys: values.passkeys,
    requirePasskeyUserVerification: values.requirePasskeyUserVerification,
  };
}
