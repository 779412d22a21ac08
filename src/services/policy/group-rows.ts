import type {
  GroupSettings,
  AllowMode,
  EmailChangeMode,
  PasskeyMode,
  SkipOtpMode,
} from '../../core/policy/group-settings.js';
import type { GroupRow } from '../../store/schema.js';

/** The group's row; its allowed services live in group_allowed_services (store/connected-services.ts). */
export function groupRowOf(
  id: string,
  tenantId: string,
  settings: GroupSettings,
  now: number,
  isDefault = false,
): GroupRow {
  return {
    id,
    tenant_id: tenantId,
    display_name: settings.displayName,
    display_name_lower: settings.displayName.toLowerCase(),
    is_default: isDefault ? 1 : 0,
    cookie_hours: settings.cookieExpirationHours,
    allow_mode: settings.allowAccess,
    allow_condition: settings.allowCondition,
    otp_mode: settings.skipOtp,
    otp_condition: settings.skipOtpCondition,
    portal_otp_setup: settings.allowPortalOtpSetup ? 1 : 0,
    otp_email_change_mode: settings.otpEmailChange,
    otp_email_change_condition: settings.otpEmailChangeCondition,
    passkeys: settings.passkeys,
    passkey_user_verification: settings.requirePasskeyUserVerification ? 'required' : 'preferred',
    created_at: now,
    updated_at: now,
  };
}

export function groupSettingsOf(row: GroupRow, allowedServices: string[]): GroupSettings {
  return {
    displayName: row.display_name,
    cookieExpirationHours: row.cookie_hours,
    allowAccess: row.allow_mode as AllowMode,
    allowCondition: row.allow_condition,
    skipOtp: row.otp_mode as SkipOtpMode,
    skipOtpCondition: row.otp_condition,
    allowPortalOtpSetup: row.portal_otp_setup === 1,
    otpEmailChange: row.otp_email_change_mode as EmailChangeMode,
    otpEmailChangeCondition: row.otp_email_change_condition,
    allowedServices,
    passkeys: row.passkeys as PasskeyMode,
    requirePasskeyUserVerification: row.passkey_user_verification === 'required',
  };
}
