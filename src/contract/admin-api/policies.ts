import { type Static, Type } from 'typebox';
import { ALLOW_MODES, EMAIL_CHANGE_MODES, PASSKEY_MODES, SKIP_OTP_MODES } from '../../core/policy/group-settings.js';
import { checkedByTheServer, literals, Timestamp } from './common.js';

export type { AllowMode, EmailChangeMode, PasskeyMode, SkipOtpMode } from '../../core/policy/group-settings.js';

const condition = Type.String({
  maxLength: 4096,
  description: 'An access condition (SPEC §4.1); "" when the mode needs none',
});

/** An Access Policy Group's settings, as an admin edits them (SPEC §4). */
export const GroupSettings = Type.Object({
  displayName: Type.String(),
  cookieExpirationHours: Type.Integer({ description: 'Authentication Cookie Expiration, 0–744 (default 168)' }),
  allowAccess: literals(ALLOW_MODES, { description: 'Conditions to Allow Access' }),
  allowCondition: condition,
  skipOtp: literals(SKIP_OTP_MODES, { description: 'Skip OTP authentication' }),
  skipOtpCondition: condition,
  allowPortalOtpSetup: Type.Boolean({ description: 'Allow users to configure OTP in the portal' }),
  otpEmailChange: literals(EMAIL_CHANGE_MODES, { description: 'Allow changing the OTP notification email' }),
  otpEmailChangeCondition: condition,
  allowedServices: Type.Array(Type.String(), {
    description: 'Allowed services: the ids of the connected services (SSO) its users may sign in to',
  }),
  passkeys: literals(PASSKEY_MODES, {
    description:
      'Passkeys: not-allowed (Not allowed), second-factor (Allowed as a second factor), passwordless (Allowed also without a password); default second-factor',
  }),
  requirePasskeyUserVerification: Type.Boolean({
    description:
      'Require user verification: a new passkey must prove it verified its user (PIN, biometrics); default false',
  }),
});
export type GroupSettings = Static<typeof GroupSettings>;

export const Group = Type.Object({
  id: Type.String(),
  ...GroupSettings.properties,
  isDefault: Type.Boolean(),
  userCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Group = Static<typeof Group>;

export const GroupBody = checkedByTheServer('Group settings');
/** Adding, changing or copying a group (a copy takes the source's settings for the fields left out). */
export type GroupChanges = Partial<GroupSettings>;

export const GroupList = Type.Object({ items: Type.Array(Group) });
export type GroupList = Static<typeof GroupList>;

export const IpSetFields = Type.Object({
  identifier: Type.String({ description: '3–255 characters of a-z 0-9 . _ -, unique; `ipset:<identifier>`' }),
  displayName: Type.String(),
  entries: Type.Array(Type.String(), {
    description: 'At most 100 IPv4/IPv6 addresses, CIDR ranges or from-to ranges',
  }),
});
export type IpSetFields = Static<typeof IpSetFields>;

export const IpSet = Type.Object({
  id: Type.String(),
  ...IpSetFields.properties,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type IpSet = Static<typeof IpSet>;

export const IpSetBody = checkedByTheServer('An IP Set');
export type IpSetChanges = Partial<IpSetFields>;

export const PolicyTemplateFields = Type.Object({
  identifier: Type.String({ description: 'Groups refer to the template as `template:<identifier>`' }),
  displayName: Type.String(),
  condition,
});
export type PolicyTemplateFields = Static<typeof PolicyTemplateFields>;

export const PolicyTemplate = Type.Object({
  id: Type.String(),
  ...PolicyTemplateFields.properties,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type PolicyTemplate = Static<typeof PolicyTemplate>;

export const PolicyTemplateBody = checkedByTheServer('An Access Policy Template');
export type PolicyTemplateChanges = Partial<PolicyTemplateFields>;
