import type { EmailSetup, KeyDeviceAnswer, OtpConfirmed, SetupStatus, TotpSetup } from '@contract/admin-api';
import type { ApiClient } from './client';

const otpPath = (userId: string) => `/users/${encodeURIComponent(userId)}/otp`;
const setupPath = (userId: string, setupId: string) => `${otpPath(userId)}/setup/${encodeURIComponent(setupId)}`;

export const startTotpSetup = (api: ApiClient, userId: string) =>
  api.send<TotpSetup>('POST', `${otpPath(userId)}/setup/totp`, {});
export const startEmailSetup = (api: ApiClient, userId: string, email: string) =>
  api.send<EmailSetup>('POST', `${otpPath(userId)}/setup/email`, { email });
export const resendEmailCode = (api: ApiClient, userId: string, setupId: string) =>
  api.send<EmailSetup>('POST', `${setupPath(userId, setupId)}/resend`, {});
export const confirmOtpSetup = (api: ApiClient, userId: string, setupId: string, code: string) =>
  api.send<OtpConfirmed>('POST', `${setupPath(userId, setupId)}/confirm`, { code });
export const getSetupStatus = (api: ApiClient, userId: string, setupId: string) =>
  api.get<SetupStatus>(setupPath(userId, setupId));
export const resetOtp = (api: ApiClient, userId: string) => api.send<void>('DELETE', otpPath(userId));

export const getKeyDevice = (api: ApiClient, userId: string) =>
  api.get<KeyDeviceAnswer>(`/users/${encodeURIComponent(userId)}/key-device`);
