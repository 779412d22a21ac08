import { type Static, Type } from 'typebox';
import { OTP_TYPES } from '../../core/otp/otp-types.js';
import { literals, nullable, Timestamp } from './common.js';

/** A new QR code (the Gatehouse Key button), valid until `expiresAt`. */
export const TotpSetup = Type.Object({
  setupId: Type.String(),
  otpauthUri: Type.String({ description: 'What the QR code encodes' }),
  qrSvg: Type.String({ description: 'The QR code as an SVG document, for inline display' }),
  qrPngUrl: Type.String(),
  expiresAt: Timestamp,
});
export type TotpSetup = Static<typeof TotpSetup>;

/** A code mailed to confirm an address for email OTP. */
export const EmailSetup = Type.Object({
  setupId: Type.String(),
  email: Type.String(),
  expiresAt: Timestamp,
  resendAfter: Timestamp,
});
export type EmailSetup = Static<typeof EmailSetup>;

export const EmailSetupBody = Type.Object({ email: Type.String({ maxLength: 1024 }) }, { additionalProperties: false });
export type EmailSetupBody = Static<typeof EmailSetupBody>;

export const SETUP_STATES = ['pending', 'completed', 'expired'] as const;
export const SetupStatus = Type.Object({
  status: literals(SETUP_STATES),
  otpType: Type.Optional(literals(OTP_TYPES, { description: 'Once completed' })),
});
export type SetupStatus = Static<typeof SetupStatus>;

export const ConfirmSetupBody = Type.Object({ code: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
export type ConfirmSetupBody = Static<typeof ConfirmSetupBody>;

export const OtpConfirmed = Type.Object({
  otpType: literals(OTP_TYPES),
  message: Type.String({ description: '"Success. OTP is now enabled."' }),
});
export type OtpConfirmed = Static<typeof OtpConfirmed>;

export const KeyDevice = Type.Object({
  id: Type.String(),
  name: Type.String(),
  enrolledAt: Timestamp,
  lastSeenAt: Timestamp,
});
export type KeyDevice = Static<typeof KeyDevice>;
export const KeyDeviceAnswer = Type.Object({ device: nullable(KeyDevice) });
export type KeyDeviceAnswer = Static<typeof KeyDeviceAnswer>;

export const EmergencyToken = Type.Object({
  id: Type.String(),
  masked: Type.String(),
  createdAt: Timestamp,
  usedAt: nullable(Timestamp),
});
export type EmergencyToken = Static<typeof EmergencyToken>;

export const EmergencyTokenList = Type.Object({ items: Type.Array(EmergencyToken), unused: Type.Integer() });
export type EmergencyTokenList = Static<typeof EmergencyTokenList>;

export const AddEmergencyTokensBody = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: 50 }) },
  { additionalProperties: false },
);
export type AddEmergencyTokensBody = Static<typeof AddEmergencyTokensBody>;

export const RevealedToken = Type.Object({ token: Type.String() });
export type RevealedToken = Static<typeof RevealedToken>;
