import type { OtpType, TotpSetup } from '@contract/admin-api';
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { confirmOtpSetup } from '../api/otp';
import { formatTimestamp } from '../components/formatTimestamp';
import { useSession } from '../session/Session';
import { OtpCodeForm } from './OtpCodeForm';
import { QrCodeImage } from './QrCodeImage';
import { useSetupCompletionPolling } from './useSetupCompletionPolling';

interface TotpSetupFlowProps {
  userId: string;
  setup: TotpSetup;
  onEnabled: (otpType: OtpType) => void;
  onStartAgain: () => void;
}

/**
 * The Gatehouse Key choice: a QR code that Gatehouse Key registers itself from (noticed by polling), or that
 * another authenticator app scans, after which the admin types its code (For apps other than Gatehouse Key).
 */
export function TotpSetupFlow({ userId, setup, onEnabled, onStartAgain }: TotpSetupFlowProps) {
  const { api } = useSession();
  const [endedMessage, setEndedMessage] = useState<string | null>(null);
  const [enteringCode, setEnteringCode] = useState(false);
  useSetupCompletionPolling(userId, setup.setupId, endedMessage === null, {
    onCompleted: onEnabled,
    onEnded: setEndedMessage,
  });

  if (endedMessage !== null) {
    return (
      <Stack gap="xs">
        <Alert color="yellow" role="alert">
          {endedMessage}
        </Alert>
        <Group>
          <Button onClick={onStartAgain}>Start again</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      <Text>Scan this QR code with Gatehouse Key or another authenticator app. It is valid for 10 minutes.</Text>
      <QrCodeImage svg={setup.qrSvg} />
      <Text size="sm" c="dimmed">
        Valid until {formatTimestamp(setup.expiresAt)}
      </Text>
      <Anchor href={setup.qrPngUrl} download="otp-qr-code.png" size="sm">
        Download as PNG
      </Anchor>
      {enteringCode ? (
        <OtpCodeForm
          autoFocus
          confirm={(code) => confirmOtpSetup(api, userId, setup.setupId, code)}
          onConfirmed={onEnabled}
          onSetupGone={setEndedMessage}
        />
      ) : (
        <Group>
          <Button variant="light" onClick={() => setEnteringCode(true)}>
            For apps other than Gatehouse Key
          </Button>
        </Group>
      )}
    </Stack>
  );
}
