import type { OtpType } from '@contract/admin-api';
import { Alert, Button, Group, Text } from '@mantine/core';
import { useRouter } from '../routing/Router';
import { routePaths } from '../routing/routes';
import { otpTypeLabels } from './otpTypeLabels';

/** The end of a successful setup; the message is the product's wording (SPEC §3.1). */
export function OtpEnabledNotice({ userId, otpType }: { userId: string; otpType: OtpType }) {
  const router = useRouter();
  return (
    <>
      <Alert color="green" role="status">
        Success. OTP is now enabled.
      </Alert>
      <Text>OTP Type: {otpTypeLabels[otpType]}</Text>
      <Group>
        <Button onClick={() => router.navigate(routePaths.userDetails(userId))}>Back to User Details</Button>
      </Group>
    </>
  );
}
