import { Button, Center, Loader, Stack } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { ApiError } from '../api/ApiError';
import { createApiClient } from '../api/client';
import { fetchMe } from '../api/me';
import { useApiData } from '../api/useApiData';
import { ErrorAlert } from '../components/ErrorAlert';
import { ForbiddenPage } from '../components/ForbiddenPage';
import { OtpRequiredPage } from './OtpRequiredPage';
import { PasskeyRequiredPage } from './PasskeyRequiredPage';
import { SessionContext, type Session } from './Session';

/**
 * Loads the signed-in admin (GET /me) before anything else renders; 401 redirects to login inside the client, and
 * a session that admin OTP enforcement no longer accepts gets a page that says how to go on.
 */
export function SessionGate({ domain, children }: { domain: string; children: ReactNode }) {
  const me = useApiData(() => fetchMe(createApiClient(domain, null)), domain);
  const session = useMemo<Session | null>(
    () => (me.data ? { domain, me: me.data, api: createApiClient(domain, me.data.csrfToken) } : null),
    [domain, me.data],
  );

  if (me.error instanceof ApiError && me.error.code === 'passkey_required')
    return <PasskeyRequiredPage domain={domain} message={me.error.message} />;
  if (me.error instanceof ApiError && me.error.code === 'otp_required')
    return <OtpRequiredPage domain={domain} message={me.error.message} />;
  if (me.error instanceof ApiError && me.error.status === 403) return <ForbiddenPage domain={domain} />;
  if (me.error) {
    return (
      <Center h="100vh">
        <Stack align="center">
          <ErrorAlert error={me.error} />
          <Button onClick={me.reload}>Retry</Button>
        </Stack>
      </Center>
    );
  }
  if (!session) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
