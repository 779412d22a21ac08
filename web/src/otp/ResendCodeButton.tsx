import type { EmailSetup } from '@contract/admin-api';
import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../api/ApiError';
import { resendEmailCode } from '../api/otp';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSecondsUntil } from '../components/useSecondsUntil';
import { useSession } from '../session/Session';

interface ResendCodeButtonProps {
  userId: string;
  setup: EmailSetup;
  onResent: (setup: EmailSetup) => void;
  onSetupGone: (message: string) => void;
}

/** Resend: mails a new code, at most every 30 s (until `resendAfter` the button waits; the server decides). */
export function ResendCodeButton({ userId, setup, onResent, onSetupGone }: ResendCodeButtonProps) {
  const { api } = useSession();
  const secondsLeft = useSecondsUntil(setup.resendAfter);
  const [busy, setBusy] = useState(false);
  const [resent, setResent] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const resend = async () => {
    setBusy(true);
    setResent(false);
    setError(null);
    try {
      onResent(await resendEmailCode(api, userId, setup.setupId));
      setResent(true);
    } catch (failure) {
      if (failure instanceof ApiError && (failure.status === 410 || failure.status === 404))
        onSetupGone(failure.message);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Group gap="sm">
        <Button variant="default" onClick={resend} loading={busy} disabled={secondsLeft > 0}>
          Resend
        </Button>
        {secondsLeft > 0 && (
          <Text size="sm" c="dimmed">
            You can ask for a new code in {secondsLeft} s.
          </Text>
        )}
        {resent && (
          <Text size="sm" c="green" role="status">
            A new code was sent to {setup.email}.
          </Text>
        )}
      </Group>
      <ErrorAlert error={error} />
    </>
  );
}
