// Admin OTP enforcement status (docs/admin-api.md, "Sign-in policy settings"; SPEC §5.3).
import type { AdminOtpStatus } from '@contract/admin-api';
import type { ApiClient } from './client';

export const getAdminOtpStatus = (api: ApiClient) => api.get<AdminOtpStatus>('/admin-otp-status');
