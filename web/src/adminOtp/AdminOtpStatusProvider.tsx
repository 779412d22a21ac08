import type { AdminOtpStatus } from '@contract/admin-api';
import { createContext, useContext, type ReactNode } from 'react';
import { getAdminOtpStatus } from '../api/adminOtpStatus';
import { useApiData, type ApiData } from '../api/useApiData';
import { useRouter } from '../routing/Router';
import { useSession } from '../session/Session';

const AdminOtpStatusContext = createContext<ApiData<AdminOtpStatus> | null>(null);

/**
 * GET /admin-otp-status for the console banner and Domain Settings. Reloaded on every move to another page, so
 * that the banner follows an OTP registration or a settings change made a moment ago.
 */
export function AdminOtpStatusProvider({ children }: { children: ReactNode }) {
  const { api } = useSession();
  const { path } = useRouter();
  const status = useApiData(() => getAdminOtpStatus(api), path);
  return <AdminOtpStatusContext.Provider value={status}>{children}</AdminOtpStatusContext.Provider>;
}

export function useAdminOtpStatus(): ApiData<AdminOtpStatus> {
  const status = useContext(AdminOtpStatusContext);
  if (!status) throw new Error('useAdminOtpStatus must be used inside AdminOtpStatusProvider');
  return status;
}
