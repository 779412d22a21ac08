import type { EmailSetup, OtpType } from '@contract/admin-api';
import { Button, Group, Stack, Text } from '@mantine/core';
import { confirmOtpSetup } from '../api/otp';
import { useSession } from '../session/Session';
import { OtpCodeForm } from './OtpCodeForm';
import { ResendCodeButton } from './ResendCodeButton';

interface EmailCodeStepProps {
  userId: string;
  setup: EmailSetup;
  onResent: (setup: EmailSetup) => void;
  onEnabled: (otpType: OtpType) => void;
  onChangeAddress: () => void;
  onSetupGone: (message: string) => void;
}

/**
 * The mailed code: One-Time Password + Confirm, and Resend. An expired or used-up code is shown like a wrong
 * one (Resend is the remedy); only a setup that is gone for good sends the admin back to the address.
 */
export function EmailCodeStep({
  userId,
  setup,
  onResent,
  onEnabled,
  onChangeAddress,
  onSetupGone,
}: EmailCodeStepProps) {
  const { api } = useSession();
  return (
    <Stack gap="sm">
      <Text>We sent a 6-digit code to {setup.email}.</Text>
      <OtpCodeForm
        autoFocus
        confirm={(code) => confirmOtpSetup(api, userId, setup.setupId, code)}
        onConfirmed={onEnabled}
      />
      <ResendCodeButton userId={userId} setup={setup} onResent={onResent} onSetupGone={onSetupGone} />
      <Group>
        <Button variant="subtle" size="compact-sm" onClick={onChangeAddress}>
          Use a different address
        </Button>
      </Group>
    </Stack>
  );
}
