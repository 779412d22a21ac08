// Shapes of the OTP part of the Admin REST API (docs/admin-api.md, "OTP (SPEC §3.1)").
import type { OtpType } from './types';

/** A new QR code (the Gatehouse Key button), valid until `expiresAt`. */
export interface TotpSetup {
  setupId: string;
  otpauthUri: string;
  /** An SVG document from the server, shown inline. */
  qrSvg: string;
  qrPngUrl: string;
  expiresAt: string;
}

/** A code mailed to confirm an address for email OTP. */
export interface EmailSetup {
  setupId: string;
  email: string;
  expiresAt: string;
  resendAfter: string;
}

export interface SetupStatus {
  status: 'pending' | 'completed' | 'expired';
  otpType?: OtpType;
}

export interface OtpConfirmed {
  otpType: OtpType;
  message: string;
}

export interface EmergencyToken {
  id: string;
  masked: string;
  createdAt: string;
  usedAt: string | null;
}

export interface EmergencyTokenList {
  items: EmergencyToken[];
  unused: number;
}
