// Admin OTP enforcement status (docs/admin-api.md, "Sign-in policy settings"; SPEC §5.3).
import type { ApiClient } from './client';
import type { DomainSettings, OtpType, UserRole } from './types';

export interface AdminNotReady {
  id: string;
  loginId: string;
  displayName: string;
  role: UserRole;
}

export interface AdminOtpStatus {
  enforcement: DomainSettings['adminOtpEnforcement'];
  enforcedFrom: string | null;
  enforcedNow: boolean;
  /** The signed-in admin: `ready` when they have OTP registered. */
  me: { otpType: OtpType; ready: boolean };
  adminsNotReady: AdminNotReady[];
}

export const getAdminOtpStatus = (api: ApiClient) => api.get<AdminOtpStatus>('/admin-otp-status');
