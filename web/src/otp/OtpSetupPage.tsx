import type { OtpType, TotpSetup } from '@contract/admin-api';
import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { startTotpSetup } from '../api/otp';
import { useApiData } from '../api/useApiData';
import { getUser } from '../api/users';
import { ErrorAlert } from '../components/ErrorAlert';
import { ConsoleLink } from '../routing/ConsoleLink';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';
import { EmailSetupFlow } from './EmailSetupFlow';
import { OtpEnabledNotice } from './OtpEnabledNotice';
import { TotpSetupFlow } from './TotpSetupFlow';

type Choice = { method: 'gatehouse-key'; setup: TotpSetup } | { method: 'email' } | null;

/** The OTP setup screen (SPEC §3.1 steps 3–5), reached by Register on the user details screen. */
export function OtpSetupPage({ userId }: { userId: string }) {
  const { api, me } = useSession();
  const user = useApiData(() => getUser(api, userId), userId);
  const [choice, setChoice] = useState<Choice>(null);
  const [enabledType, setEnabledType] = useState<OtpType | null>(null);
  const [startingTotp, setStartingTotp] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Every click shows a new QR code; the server makes any earlier one stop working.
  const showQrCode = async () => {
    setStartingTotp(true);
    setError(null);
    try {
      setChoice({ method: 'gatehouse-key', setup: await startTotpSetup(api, userId) });
    } catch (failure) {
      setError(failure);
    } finally {
      setStartingTotp(false);
    }
  };
  const chooseEmail = () => {
    setError(null);
    setChoice({ method: 'email' });
  };
  const mayRegister = me.permissions.manageUsers;

  return (
    <Stack maw={720}>
      <ConsoleLink to={routePaths.userDetails(userId)} size="sm">
        ← Back to User Details
      </ConsoleLink>
      <Title order={2}>OTP setup</Title>
      <ErrorAlert error={user.error} />
      {user.loading && !user.data && <Loader aria-label="Loading" />}
      {user.data && <Text>User: {user.data.loginId}</Text>}
      {enabledType ? (
        <OtpEnabledNotice userId={userId} otpType={enabledType} />
      ) : (
        <>
          <Text>Choose how this user will receive one-time passwords.</Text>
          {!mayRegister && <Text c="dimmed">Your role does not allow registering OTP.</Text>}
          <Group>
            <Button
              variant={choice?.method === 'gatehouse-key' ? 'filled' : 'default'}
              aria-pressed={choice?.method === 'gatehouse-key'}
              onClick={showQrCode}
              loading={startingTotp}
              disabled={!mayRegister}
            >
              Gatehouse Key
            </Button>
            <Button
              variant={choice?.method === 'email' ? 'filled' : 'default'}
              aria-pressed={choice?.method === 'email'}
              onClick={chooseEmail}
              disabled={!mayRegister || !user.data}
            >
              Email
            </Button>
          </Group>
          <ErrorAlert error={error} />
          {choice?.method === 'gatehouse-key' && (
            <TotpSetupFlow
              key={choice.setup.setupId}
              userId={userId}
              setup={choice.setup}
              onEnabled={setEnabledType}
              onStartAgain={showQrCode}
            />
          )}
          {choice?.method === 'email' && user.data && (
            <EmailSetupFlow
              userId={userId}
              initialEmail={user.data.otpEmail || user.data.email}
              onEnabled={setEnabledType}
            />
          )}
        </>
      )}
    </Stack>
  );
}
