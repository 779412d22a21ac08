import { type Static, Type } from 'typebox';
import { OTP_TYPES } from '../../core/otp/otp-types.js';
import { PASSWORD_POLICIES } from '../../core/password-policy.js';
import { ROLES } from '../../core/roles.js';
import {
  ADMIN_OTP_ENFORCEMENTS,
  ADMIN_OTP_MISSING_ACTIONS,
  ADMIN_PASSKEY_REQUIREMENTS,
  ENTRANCE_PASS_MODES,
} from '../../core/tenant-settings.js';
import { literals, nullable, Timestamp } from './common.js';

export type { PasswordPolicy } from '../../core/password-policy.js';
export type {
  AdminOtpEnforcement,
  AdminOtpMissing,
  AdminPasskeyRequirement,
  EntrancePassMode,
} from '../../core/tenant-settings.js';

/** System > Domain Settings. */
export const TenantSettings = Type.Object({
  loginPageTitle: Type.String(),
  showKeepMeLoggedIn: Type.Boolean(),
  passwordPolicy: literals(PASSWORD_POLICIES),
  passwordMinLength: Type.Integer(),
  lockoutThreshold: Type.Integer(),
  lockoutMinutes: Type.Integer(),
  timeZone: Type.String({ description: 'An IANA time zone, e.g. Europe/Paris' }),
  mailSender: Type.String(),
  otpIssuerName: Type.String({ maxLength: 20 }),
  entrancePass: literals(ENTRANCE_PASS_MODES, { description: 'Conditions for Issuing Entrance Pass (SPEC §5.2)' }),
  entrancePassCondition: Type.String(),
  entrancePassLifetimeDays: Type.Integer(),
  adminOtpEnforcement: literals(ADMIN_OTP_ENFORCEMENTS, { description: 'Admin OTP enforcement (SPEC §5.3)' }),
  adminOtpEnforcedFrom: nullable(Timestamp),
  adminOtpMissing: literals(ADMIN_OTP_MISSING_ACTIONS, {
    description: 'What happens to an admin without OTP once enforcement applies',
  }),
  adminPasskeyRequirement: literals(ADMIN_PASSKEY_REQUIREMENTS, {
    description:
      'Phishing-resistant sign-in for admins (SPEC §3.4): off = Not required, scheduled = Required from ' +
      '`adminPasskeyRequiredFrom`, now = Required now (refused while an enabled admin has no passkey)',
  }),
  adminPasskeyRequiredFrom: nullable(Timestamp),
});
export type TenantSettings = Static<typeof TenantSettings>;

/**
 * Any subset of the settings. The body is checked setting by setting by the server, which words the errors
 * (a condition's column, a range), so its schema stays open; `TenantSettingsChanges` is what clients send.
 */
export const TenantSettingsBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Any subset of the settings',
});
export type TenantSettingsChanges = Partial<TenantSettings>;

const AdminsNotReady = Type.Array(
  Type.Object({ id: Type.String(), loginId: Type.String(), displayName: Type.String(), role: literals(ROLES) }),
);

export const AdminOtpStatus = Type.Object({
  enforcement: literals(ADMIN_OTP_ENFORCEMENTS),
  enforcedFrom: nullable(Timestamp),
  enforcedNow: Type.Boolean(),
  me: Type.Object({
    otpType: literals(OTP_TYPES),
    ready: Type.Boolean({ description: 'The signed-in admin has OTP registered' }),
  }),
  adminsNotReady: AdminsNotReady,
  /** Phishing-resistant sign-in for admins (SPEC §3.4): the same banner and readiness list, for passkeys. */
  passkeys: Type.Object({
    requirement: literals(ADMIN_PASSKEY_REQUIREMENTS),
    requiredFrom: nullable(Timestamp),
    requiredNow: Type.Boolean(),
    me: Type.Object({ ready: Type.Boolean({ description: 'The signed-in admin has a passkey' }) }),
    adminsNotReady: AdminsNotReady,
  }),
});
export type AdminOtpStatus = Static<typeof AdminOtpStatus>;
